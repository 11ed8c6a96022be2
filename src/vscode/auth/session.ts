/**
 * Sign-in state for the tenant explorer: one credential, Graph client and tenant model per
 * configured tenant; context keys for the welcome view; a status bar item with account and tenant.
 */
import * as vscode from 'vscode';
import { GraphAccess, type RetryEvent } from '../../io/graph/client';
import { tenantGraph } from '../../io/graph/tenantGraph';
import { GraphError } from '../../core/graph/errors';
import { TenantModel } from '../../core/tenant/model';
import { Disposable } from '../util/dispose';
import {
  GlobalStateNameStore,
  signInStateKey,
  type SignInOptions,
  type SignInState,
  type TenantConnection,
  type TenantFailure,
} from './connection';
import { createCredential, secretKey, type DeviceCodePrompt, type TenantCredential } from './credentials';
import { DeviceCodeNotification } from './deviceCode';
import { AccountStatusBar } from './statusBar';
import { clientSecretFor } from './clientSecret';
import { changedSettings, combined, explainFailure } from './signInErrors';
import { affectsExplorer, readSettings, type ExplorerSettings } from './settings';

export {
  accountLabel,
  signInStateKey,
  type SignInOptions,
  type SignInState,
  type TenantConnection,
  type TenantFailure,
} from './connection';
export { deviceCodeNotice } from './deviceCode';

type Attempt = { readonly connection: TenantConnection } | { readonly failure: TenantFailure };

export class SignInManager extends Disposable {
  private stateValue: SignInState = 'signedOut';
  private connectionList: TenantConnection[] = [];
  private failureList: TenantFailure[] = [];
  /** Configured tenants in order (roots are shown in this order). */
  private tenantOrder: string[] = [];
  private errorValue: GraphError | undefined;
  private noticeValue: string | undefined;
  private silentTried: Promise<void> | undefined;
  /** Each sign-in gets a number; only the latest one's result is applied. */
  private generation = 0;
  /** Settings written by the sign-in command itself: their change events start no sign-in. */
  private settingsWrites = 0;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  private readonly retried = this.register(new vscode.EventEmitter<RetryEvent & { tenant: string }>());
  private readonly statusBar = this.register(new AccountStatusBar());
  private readonly deviceCode = this.register(new DeviceCodeNotification());
  /** Device code credentials kept across settings changes (their token cache lives in memory). */
  private readonly deviceCodeCredentials = new Map<string, TenantCredential>();
  readonly onDidChange = this.changed.event;
  /** Fires when the device code notification is shown (what the user sees). */
  readonly onDidShowDeviceCode = this.deviceCode.onDidShow;
  /** Fires when the device code notification closes (sign-in completed, failed or was cancelled). */
  readonly onDidCloseDeviceCode = this.deviceCode.onDidClose;
  /** "Throttled, retrying in N s" events from any tenant's Graph client. */
  readonly onDidRetry = this.retried.event;

  constructor(private readonly context: vscode.ExtensionContext) {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsExplorer(e) || this.stateValue === 'signedOut' || this.settingsWrites > 0) {
          return;
        }
        const wasSignedIn = this.stateValue === 'signedIn';
        const changedKeys = changedSettings(e);
        // Failures land in the state (and the view's welcome content); nothing to rethrow here.
        this.signIn({ interactive: false })
          .catch(() => undefined)
          .then(
            () => {
              if (wasSignedIn && this.stateValue !== 'signedIn' && this.stateValue !== 'signingIn') {
                this.noticeValue = vscode.l10n.t(
                  'Signed out because {0} changed. Run "Entra: Sign In" to sign in with the new settings.',
                  changedKeys.join(', '),
                );
                this.changed.fire();
              }
            },
            () => undefined,
          );
      }),
    );
    void vscode.commands.executeCommand('setContext', signInStateKey, this.stateValue);
  }

  get state(): SignInState {
    return this.stateValue;
  }

  get connections(): readonly TenantConnection[] {
    return this.connectionList;
  }

  /** Configured tenants that could not be signed in to (while others are). */
  get failures(): readonly TenantFailure[] {
    return this.failureList;
  }

  /** Configured tenants in the order of the setting. */
  get tenantsInOrder(): readonly string[] {
    return this.tenantOrder;
  }

  get lastError(): GraphError | undefined {
    return this.errorValue;
  }

  /** Why the explorer is signed out when a settings change did it (shown on the view). */
  get notice(): string | undefined {
    return this.noticeValue;
  }

  /** The device code prompt while its notification is open. */
  get openDeviceCode(): DeviceCodePrompt | undefined {
    return this.deviceCode.open;
  }

  /** Writes settings without the change starting a sign-in of its own (the caller signs in next). */
  async updateSettings(write: () => Promise<void>): Promise<void> {
    this.settingsWrites++;
    try {
      await write();
    } finally {
      this.settingsWrites--;
    }
  }

  connection(tenant: string): TenantConnection | undefined {
    return this.connectionList.find((c) => c.tenant === tenant || c.model.organization?.id === tenant);
  }

  private setState(state: SignInState, error?: GraphError): void {
    this.stateValue = state;
    this.errorValue = error;
    void vscode.commands.executeCommand('setContext', signInStateKey, state);
    this.updateStatusBar();
    this.changed.fire();
  }

  /** The status bar item's text and tooltip while signed in (what the user sees). */
  get statusBarContent(): { text: string; tooltip: string } | undefined {
    return this.stateValue === 'signedIn' ? this.statusBar.content : undefined;
  }

  updateStatusBar(): void {
    this.statusBar.update(this.stateValue === 'signedIn' ? this.connectionList : []);
  }

  /** Tenants to show: the setting, or the account's home tenant. */
  private tenantsFor(settings: ExplorerSettings): string[] {
    if (settings.tenants.length) {
      return [...new Set(settings.tenants)];
    }
    return ['organizations'];
  }

  /** Tries a silent sign-in once (when the view first asks for its roots). */
  trySilentSignIn(): Promise<void> {
    this.silentTried ??= this.signIn({ interactive: false }).catch(() => undefined);
    return this.silentTried;
  }

  /**
   * Signs in to every configured tenant, each on its own: a tenant that fails becomes a failure
   * (its root says why) and the others are signed in. Throws only when no tenant could be.
   */
  async signIn(options: SignInOptions): Promise<void> {
    const generation = ++this.generation;
    const latest = (): boolean => generation === this.generation;
    let settings: ExplorerSettings;
    try {
      settings = readSettings();
    } catch (err) {
      const e = new GraphError({
        status: 0,
        code: 'InvalidSettings',
        kind: 'other',
        message: err instanceof Error ? err.message : String(err),
      });
      this.setState('error', e);
      throw e;
    }
    const tenants = this.tenantsFor(settings);
    if (
      (settings.method === 'clientSecret' || settings.method === 'clientCertificate') &&
      tenants[0] === 'organizations'
    ) {
      const e = new GraphError({
        status: 0,
        code: 'TenantRequired',
        kind: 'signin',
        message: vscode.l10n.t('App-only sign-in needs a tenant: add its id or domain to "entra.tenants".'),
      });
      this.connectionList = [];
      this.failureList = [];
      this.setState(options.interactive ? 'error' : 'signedOut', e);
      if (options.interactive) {
        throw e;
      }
      return;
    }
    if (options.interactive) {
      this.noticeValue = undefined;
    }
    this.setState('signingIn');
    const flag = { interactive: options.interactive };
    let attempts: Attempt[];
    try {
      // Prompts (device code, a secret to type) one tenant after the other; silent sign-ins side by side.
      const prompts = options.interactive && (settings.method === 'deviceCode' || settings.method === 'clientSecret');
      if (prompts) {
        attempts = [];
        for (const tenant of tenants) {
          attempts.push(await this.attempt(settings, tenant, options, flag));
        }
      } else {
        attempts = await Promise.all(tenants.map((tenant) => this.attempt(settings, tenant, options, flag)));
      }
    } finally {
      flag.interactive = false;
    }
    if (!latest()) {
      return;
    }
    const connections = attempts.flatMap((a) => ('connection' in a ? [a.connection] : []));
    const failures = attempts.flatMap((a) => ('failure' in a ? [a.failure] : []));
    this.tenantOrder = tenants;
    this.connectionList = connections;
    if (connections.length > 0) {
      this.failureList = failures;
      this.setState('signedIn');
      return;
    }
    this.failureList = [];
    const e =
      failures.length === 1 || failures.every((f) => f.error.message === failures[0]!.error.message)
        ? failures[0]!.error
        : combined(failures);
    this.setState(options.interactive ? 'error' : 'signedOut', options.interactive ? e : undefined);
    throw e;
  }

  /** Signs in to one tenant that failed before (its root's "click to retry"), leaving the others as they are. */
  async retryTenant(tenant: string): Promise<void> {
    const settings = readSettings();
    const flag = { interactive: true };
    let result: Attempt;
    try {
      result = await this.attempt(settings, tenant, { interactive: true }, flag);
    } finally {
      flag.interactive = false;
    }
    if (this.stateValue !== 'signedIn' || !this.failureList.some((f) => f.tenant === tenant)) {
      return;
    }
    if ('connection' in result) {
      this.failureList = this.failureList.filter((f) => f.tenant !== tenant);
      const order = (t: string): number => this.tenantOrder.indexOf(t);
      this.connectionList = [...this.connectionList, result.connection].sort(
        (a, b) => order(a.tenant) - order(b.tenant),
      );
    } else {
      this.failureList = this.failureList.map((f) => (f.tenant === tenant ? result.failure : f));
    }
    this.setState('signedIn');
  }

  /** One tenant: credential, token, tenant model, organization and user names. Never throws. */
  private async attempt(
    settings: ExplorerSettings,
    tenant: string,
    options: SignInOptions,
    flag: { interactive: boolean },
  ): Promise<Attempt> {
    try {
      const clientSecret =
        settings.method === 'clientSecret'
          ? await clientSecretFor(this.context.secrets, settings.clientId, tenant, options)
          : undefined;
      if (settings.method === 'clientSecret' && !clientSecret) {
        throw new GraphError({
          status: 0,
          code: 'SecretRequired',
          kind: 'signin',
          message: vscode.l10n.t('Enter the client secret to sign in (Entra: Sign In).'),
        });
      }
      const credential = this.credentialFor(settings, tenant, clientSecret, flag);
      const graph = new GraphAccess({
        credential: credential.credential,
        cloud: settings.cloud,
        scopes: credential.scopes,
        permissionType: credential.permissionType,
        requestTimeoutSeconds: settings.requestTimeoutSeconds,
        onRetry: (event) => this.retried.fire({ ...event, tenant }),
      });
      // Acquire a token now: sign-in problems surface here, not in the tree.
      if (credential.signIn) {
        try {
          await credential.credential.getToken([...credential.scopes]);
        } catch (err) {
          // No cached sign-in: only an explicit sign-in may start the prompt flow.
          if (!options.interactive) {
            throw err;
          }
          try {
            await credential.signIn(credential.scopes);
          } finally {
            this.deviceCode.close();
          }
        }
      } else {
        await credential.credential.getToken([...credential.scopes]);
      }
      const model = new TenantModel({
        graph: tenantGraph(graph),
        tenantId: tenant,
        pageSize: settings.pageSize,
        store: new GlobalStateNameStore(this.context.globalState, settings.cloudName),
      });
      // Tenant names for roots and "Granted for {tenant}" (one request each; optional: without
      // permission to read the organization the tenant id is shown).
      // Who is signed in, for delegated sign-ins (`/me`; optional as well).
      await Promise.all([
        model.loadOrganization().catch(() => undefined),
        model.loadSignedInUser().catch(() => undefined),
      ]);
      return { connection: { tenant, graph, model, credential } };
    } catch (err) {
      return { failure: { tenant, error: await explainFailure(settings, tenant, err, vscode.l10n) } };
    }
  }

  private credentialFor(
    settings: ExplorerSettings,
    tenant: string,
    clientSecret: string | undefined,
    flag: { interactive: boolean },
  ): TenantCredential {
    const create = (): TenantCredential =>
      createCredential({
        settings,
        tenant,
        clientSecret,
        interactive: () => flag.interactive,
        onDeviceCode: (prompt, cancel) => this.deviceCode.show(prompt, cancel),
      });
    if (settings.method !== 'deviceCode') {
      return create();
    }
    const key = JSON.stringify([settings.cloud.authorityHost, settings.cloud.graphBaseUrl, tenant, settings.clientId]);
    let credential = this.deviceCodeCredentials.get(key);
    if (!credential) {
      credential = create();
      this.deviceCodeCredentials.set(key, credential);
    }
    return credential;
  }

  async signOut(): Promise<void> {
    const settings = readSettings();
    if (settings.method === 'clientSecret') {
      for (const tenant of this.tenantsFor(settings)) {
        await this.context.secrets.delete(secretKey(settings.clientId, tenant));
      }
    }
    this.generation++;
    this.deviceCode.close();
    this.deviceCodeCredentials.clear();
    this.connectionList = [];
    this.failureList = [];
    this.noticeValue = undefined;
    this.silentTried = Promise.resolve();
    this.setState('signedOut');
  }
}
