/**
 * Sign-in state for the tenant explorer: one credential, Graph client and tenant model per
 * configured tenant; context keys for the welcome view; a status bar item with account and tenant.
 */
import * as vscode from 'vscode';
import { GraphAccess, type RetryEvent } from '../../io/graph/client';
import { tenantGraph } from '../../io/graph/tenantGraph';
import { get } from 'node:https';
import { GraphError } from '../../core/graph/errors';
import { codeFromErrorBody, metadataUrl, needsMetadataProbe, signInFailure } from '../../core/graph/signInFailure';
import { CommandId } from '../commandIds';
import { caOption } from '../token/fetch';
import type { NameSnapshot, NameStore } from '../../core/tenant/nameCache';
import { TenantModel } from '../../core/tenant/model';
import { Disposable } from '../util/dispose';
import { codeSpan, escapeMarkdown } from '../../core/text/escape';
import { createCredential, secretKey, type DeviceCodePrompt, type TenantCredential } from './credentials';
import { affectsExplorer, readSettings, SettingKey, type ExplorerSettings } from './settings';

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

/** A configured tenant that could not be signed in to, with why (its root shows this). */
export interface TenantFailure {
  readonly tenant: string;
  readonly error: GraphError;
}

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
  private deviceCodeOpen: { prompt: DeviceCodePrompt; close: () => void } | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  private readonly retried = this.register(new vscode.EventEmitter<RetryEvent & { tenant: string }>());
  private readonly statusBar = this.register(
    vscode.window.createStatusBarItem('entra.account', vscode.StatusBarAlignment.Left, 10),
  );
  private readonly deviceCodeShown = this.register(new vscode.EventEmitter<DeviceCodePrompt>());
  private readonly deviceCodeClosed = this.register(new vscode.EventEmitter<DeviceCodePrompt>());
  /** Device code credentials kept across settings changes (their token cache lives in memory). */
  private readonly deviceCodeCredentials = new Map<string, TenantCredential>();
  readonly onDidChange = this.changed.event;
  /** Fires when the device code notification is shown (what the user sees). */
  readonly onDidShowDeviceCode = this.deviceCodeShown.event;
  /** Fires when the device code notification closes (sign-in completed, failed or was cancelled). */
  readonly onDidCloseDeviceCode = this.deviceCodeClosed.event;
  /** "Throttled, retrying in N s" events from any tenant's Graph client. */
  readonly onDidRetry = this.retried.event;

  constructor(private readonly context: vscode.ExtensionContext) {
    super();
    this.statusBar.name = vscode.l10n.t('Entra account');
    this.statusBar.command = 'entra.showTenantInfo';
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
    return this.deviceCodeOpen?.prompt;
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
      [
        vscode.l10n.t('**Entra** — signed in as {0}', escapeMarkdown(account)),
        ...this.connectionList.map(
          (c) =>
            `- ${escapeMarkdown(c.model.organization?.displayName ?? c.tenant)} (${codeSpan(c.model.organization?.id ?? c.tenant)})`,
        ),
      ].join('\n\n'),
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
        settings.method === 'clientSecret' ? await this.secretFor(settings.clientId, tenant, options) : undefined;
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
            this.closeDeviceCode();
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
      return { failure: { tenant, error: await explainFailure(settings, tenant, err) } };
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
        onDeviceCode: (prompt, cancel) => this.showDeviceCode(prompt, cancel),
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

  /**
   * The device code as a notification that stays while the sign-in waits and closes when it
   * completes; its link copies the code and opens the page, Cancel stops the sign-in.
   */
  private showDeviceCode(prompt: DeviceCodePrompt, cancel: () => void): void {
    this.closeDeviceCode();
    let close!: () => void;
    const closed = new Promise<void>((resolve) => (close = resolve));
    this.deviceCodeOpen = { prompt, close };
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: deviceCodeNotice(prompt), cancellable: true },
      async (_progress, token) => {
        const sub = token.onCancellationRequested(() => {
          cancel();
          this.closeDeviceCode();
        });
        try {
          await closed;
        } finally {
          sub.dispose();
        }
      },
    );
    this.deviceCodeShown.fire(prompt);
  }

  private closeDeviceCode(): void {
    const open = this.deviceCodeOpen;
    if (open) {
      this.deviceCodeOpen = undefined;
      open.close();
      this.deviceCodeClosed.fire(open.prompt);
    }
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
    this.generation++;
    this.closeDeviceCode();
    this.deviceCodeCredentials.clear();
    this.connectionList = [];
    this.failureList = [];
    this.noticeValue = undefined;
    this.silentTried = Promise.resolve();
    this.setState('signedOut');
  }
}

/** The device code notification's text: the prompt and a link that copies the code and opens the page. */
export function deviceCodeNotice(prompt: DeviceCodePrompt): string {
  return `${prompt.message} [${prompt.actions[0] ?? ''}](command:${CommandId.copyDeviceCode})`;
}

/** The entra.* settings a change event touched, for the "signed out because … changed" notice. */
function changedSettings(e: vscode.ConfigurationChangeEvent): string[] {
  const keys = Object.values(SettingKey).filter((k) => e.affectsConfiguration(`entra.${k}`));
  return keys.length ? keys.map((k) => `"entra.${k}"`) : ['"entra"'];
}

/** One error for several tenants that all failed, each named with its reason. */
function combined(failures: readonly TenantFailure[]): GraphError {
  const first = failures[0]!.error;
  return new GraphError({
    status: first.status,
    code: first.code,
    kind: first.kind,
    message: failures.map((f) => f.error.message).join(' '),
  });
}

/**
 * Why one tenant failed, in words (see core/graph/signInFailure). When the sign-in library only says
 * the tenant's endpoints could not be resolved, the tenant's OpenID metadata is read once for the
 * AADSTS code it answers with (e.g. 90002, tenant not found).
 */
async function explainFailure(settings: ExplorerSettings, tenant: string, err: unknown): Promise<GraphError> {
  if (err instanceof GraphError && (err.code === 'SecretRequired' || err.code === 'VsCodeAccountUnavailable')) {
    return err;
  }
  if (err instanceof GraphError && !/AADSTS/.test(err.code)) {
    return signInFailure(tenant, err);
  }
  let probed: string | undefined;
  if (needsMetadataProbe(err)) {
    const authorityHost =
      settings.method === 'environment' && process.env.AZURE_AUTHORITY_HOST
        ? process.env.AZURE_AUTHORITY_HOST
        : settings.cloud.authorityHost;
    probed = await probeMetadata(metadataUrl(authorityHost, tenant));
  }
  return signInFailure(tenant, err, probed);
}

/** GET of the tenant's OpenID metadata: the AADSTS code of its error answer, if it is one. */
function probeMetadata(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = get(url, { headers: { accept: 'application/json' }, timeout: 10_000, ...caOption() }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve(
          (res.statusCode ?? 0) >= 400
            ? codeFromErrorBody(Buffer.concat(chunks).toString('utf8').slice(0, 65536))
            : undefined,
        ),
      );
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

/** Who is signed in to a tenant: the user's sign-in name from `/me`, else what the credential knows. */
export function accountLabel(connection: TenantConnection): string | undefined {
  const user = connection.model.signedInUser;
  return user?.userPrincipalName ?? user?.displayName ?? connection.credential.account();
}
