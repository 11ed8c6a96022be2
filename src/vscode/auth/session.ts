/**
 * Sign-in state for the tenant explorer: one credential, Graph client and tenant model per
 * configured tenant; context keys for the welcome view; a status bar item with account and tenant.
 */
import * as vscode from 'vscode';
import { GraphAccess, type RetryEvent } from '../../io/graph/client';
import { GraphError, toGraphError } from '../../core/graph/errors';
import type { NameSnapshot, NameStore } from '../../core/tenant/nameCache';
import { TenantModel } from '../../core/tenant/model';
import { Disposable } from '../util/dispose';
import { codeSpan, escapeMarkdown } from '../../core/text/escape';
import { createCredential, secretKey, showDeviceCode, type DeviceCodePrompt, type TenantCredential } from './credentials';
import { affectsExplorer, readSettings, type ExplorerSettings } from './settings';

export type SignInState = 'signedOut' | 'signingIn' | 'signedIn' | 'error';

/** Context key read by `viewsWelcome` and menus. */
export const signInStateKey = 'entra.signInState';

export interface TenantConnection {
  readonly tenant: string;
  readonly graph: GraphAccess;
  readonly model: TenantModel;
  readonly credential: TenantCredential;
}

export interface SignInOptions {
  /** Prompts allowed (explicit "Sign in"); false for the silent attempt when the view opens. */
  readonly interactive: boolean;
  /** Client secret for `clientSecret` sign-in, supplied programmatically (stored in SecretStorage). */
  readonly clientSecret?: string;
}

/** Persists permission and app names per tenant in globalState (names only, never tokens). */
class GlobalStateNameStore implements NameStore {
  constructor(
    private readonly memento: vscode.Memento,
    private readonly cloud: string,
  ) {}
  private key(tenant: string): string {
    return `entra.names/${this.cloud}/${tenant}`;
  }
  read(tenant: string): unknown {
    return this.memento.get(this.key(tenant));
  }
  async write(tenant: string, snapshot: NameSnapshot): Promise<void> {
    await this.memento.update(this.key(tenant), snapshot);
  }
}

export class SignInManager extends Disposable {
  private stateValue: SignInState = 'signedOut';
  private connectionList: TenantConnection[] = [];
  private errorValue: GraphError | undefined;
  private interactive = false;
  private silentTried: Promise<void> | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  private readonly retried = this.register(new vscode.EventEmitter<RetryEvent & { tenant: string }>());
  private readonly statusBar = this.register(vscode.window.createStatusBarItem('entra.account', vscode.StatusBarAlignment.Left, 10));
  private readonly deviceCodeShown = this.register(new vscode.EventEmitter<DeviceCodePrompt>());
  /** Device code credentials kept across settings changes (their token cache lives in memory). */
  private readonly deviceCodeCredentials = new Map<string, TenantCredential>();
  readonly onDidChange = this.changed.event;
  /** Fires when the device code notification is shown (what the user sees). */
  readonly onDidShowDeviceCode = this.deviceCodeShown.event;
  /** "Throttled, retrying in N s" events from any tenant's Graph client. */
  readonly onDidRetry = this.retried.event;

  constructor(private readonly context: vscode.ExtensionContext) {
    super();
    this.statusBar.name = vscode.l10n.t('Entra account');
    this.statusBar.command = 'entra.showTenantInfo';
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsExplorer(e) && this.stateValue !== 'signedOut') {
          // Failures land in the state (and the view's welcome content); nothing to rethrow here.
          this.signIn({ interactive: false }).catch(() => undefined);
        }
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

  get lastError(): GraphError | undefined {
    return this.errorValue;
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
    if (this.stateValue !== 'signedIn' || this.connectionList.length === 0) {
      return undefined;
    }
    const tooltip = this.statusBar.tooltip;
    return { text: this.statusBar.text, tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '') };
  }

  updateStatusBar(): void {
    if (this.stateValue !== 'signedIn' || this.connectionList.length === 0) {
      this.statusBar.hide();
      return;
    }
    const first = this.connectionList[0]!;
    const account = accountLabel(first) ?? vscode.l10n.t('signed in');
    const tenants = this.connectionList.map((c) => c.model.organization?.displayName ?? c.tenant);
    this.statusBar.text = `$(organization) ${account} · ${tenants[0]}${tenants.length > 1 ? ` +${tenants.length - 1}` : ''}`;
    this.statusBar.tooltip = new vscode.MarkdownString(
      [vscode.l10n.t('**Entra** — signed in as {0}', escapeMarkdown(account)), ...this.connectionList.map((c) => `- ${escapeMarkdown(c.model.organization?.displayName ?? c.tenant)} (${codeSpan(c.model.organization?.id ?? c.tenant)})`)].join('\n\n'),
    );
    this.statusBar.show();
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

  async signIn(options: SignInOptions): Promise<void> {
    let settings: ExplorerSettings;
    try {
      settings = readSettings();
    } catch (err) {
      const e = new GraphError({ status: 0, code: 'InvalidSettings', kind: 'other', message: err instanceof Error ? err.message : String(err) });
      this.setState('error', e);
      throw e;
    }
    const tenants = this.tenantsFor(settings);
    if ((settings.method === 'clientSecret' || settings.method === 'clientCertificate') && tenants[0] === 'organizations') {
      const e = new GraphError({ status: 0, code: 'TenantRequired', kind: 'signin', message: vscode.l10n.t('App-only sign-in needs a tenant: add its id or domain to "entra.tenants".') });
      this.setState(options.interactive ? 'error' : 'signedOut', e);
      if (options.interactive) {
        throw e;
      }
      return;
    }
    this.setState('signingIn');
    this.interactive = options.interactive;
    try {
      const connections: TenantConnection[] = [];
      for (const tenant of tenants) {
        const clientSecret = settings.method === 'clientSecret' ? await this.secretFor(settings.clientId, tenant, options) : undefined;
        if (settings.method === 'clientSecret' && !clientSecret) {
          const e = new GraphError({ status: 0, code: 'SecretRequired', kind: 'signin', message: vscode.l10n.t('Enter the client secret to sign in (Entra: Sign In).') });
          this.setState(options.interactive ? 'error' : 'signedOut', e);
          if (options.interactive) {
            throw e;
          }
          return;
        }
        const credential = this.credentialFor(settings, tenant, clientSecret);
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
            await credential.signIn(credential.scopes);
          }
        } else {
          await credential.credential.getToken([...credential.scopes]);
        }
        const model = new TenantModel({ graph, tenantId: tenant, pageSize: settings.pageSize, store: new GlobalStateNameStore(this.context.globalState, settings.cloudName) });
        connections.push({ tenant, graph, model, credential });
      }
      // Tenant names for roots and "Granted for {tenant}" (one request each; optional: without
      // permission to read the organization the tenant id is shown).
      // Who is signed in, for delegated sign-ins (`/me`; optional as well).
      await Promise.all(connections.flatMap((c) => [c.model.loadOrganization().catch(() => undefined), c.model.loadSignedInUser().catch(() => undefined)]));
      this.connectionList = connections;
      this.setState('signedIn');
    } catch (err) {
      const e = toGraphError(err);
      this.connectionList = [];
      this.setState(options.interactive ? 'error' : 'signedOut', options.interactive ? e : undefined);
      throw e;
    } finally {
      this.interactive = false;
    }
  }

  private credentialFor(settings: ExplorerSettings, tenant: string, clientSecret: string | undefined): TenantCredential {
    const create = (): TenantCredential =>
      createCredential({
        settings,
        tenant,
        clientSecret,
        interactive: () => this.interactive,
        onDeviceCode: (prompt) => {
          showDeviceCode(prompt);
          this.deviceCodeShown.fire(prompt);
        },
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

  private async secretFor(clientId: string, tenant: string, options: SignInOptions): Promise<string | undefined> {
    const key = secretKey(clientId, tenant);
    if (options.clientSecret) {
      await this.context.secrets.store(key, options.clientSecret);
      return options.clientSecret;
    }
    const stored = await this.context.secrets.get(key);
    // Local development (`npm run sandbox`): the emulator's test client secret from the environment.
    const fromEnvironment = process.env.ENTRA_WORKBENCH_CLIENT_SECRET || undefined;
    if (stored || fromEnvironment || !options.interactive) {
      return stored ?? fromEnvironment;
    }
    const entered = await vscode.window.showInputBox({
      title: vscode.l10n.t('Client secret for {0} in {1}', clientId, tenant),
      prompt: vscode.l10n.t('Stored in VS Code secret storage, never in settings.'),
      password: true,
      ignoreFocusOut: true,
    });
    if (entered) {
      await this.context.secrets.store(key, entered);
    }
    return entered;
  }

  async signOut(): Promise<void> {
    const settings = readSettings();
    if (settings.method === 'clientSecret') {
      for (const tenant of this.tenantsFor(settings)) {
        await this.context.secrets.delete(secretKey(settings.clientId, tenant));
      }
    }
    this.deviceCodeCredentials.clear();
    this.connectionList = [];
    this.silentTried = Promise.resolve();
    this.setState('signedOut');
  }
}

/** Who is signed in to a tenant: the user's sign-in name from `/me`, else what the credential knows. */
export function accountLabel(connection: TenantConnection): string | undefined {
  const user = connection.model.signedInUser;
  return user?.userPrincipalName ?? user?.displayName ?? connection.credential.account();
}
