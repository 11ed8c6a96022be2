/**
 * Builds the TokenCredential for the configured sign-in method. VS Code's own Microsoft account
 * is the default; the alternatives come from @azure/identity.
 */
import { AZURE_CLI_APP_ID } from '../../core/entra/ids';
import {
  AzureCliCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  DeviceCodeCredential,
  EnvironmentCredential,
  type AccessToken,
  type DeviceCodeInfo,
  type GetTokenOptions,
  type TokenCredential,
} from '@azure/identity';
import * as vscode from 'vscode';
import { cloudNames, getCloud, graphDefaultScope, graphScope, type Cloud } from '../../core/entra/clouds';
import {
  sessionAccessToken,
  vscodeAuthProviderId,
  vscodeSessionOptions,
  vscodeSessionScopes,
  vscodeSignInRequired,
} from './sessionPolicy';
import type { PermissionType } from '../../core/graph/errors';
import type { ExplorerSettings } from './settings';
import { withoutTrailingSlashes } from '../../core/text/trailing';

/** Least privilege: reading app registrations. Other permissions are asked for only when needed. */
export const basePermission = 'Application.Read.All';

/** Public client used for device code sign-in when no client id is configured (Azure CLI's). */
const defaultPublicClientId = AZURE_CLI_APP_ID;

export interface TenantCredential {
  readonly credential: TokenCredential;
  readonly scopes: readonly string[];
  readonly permissionType: PermissionType;
  /** Who is signed in, when known (account label or client id). */
  account(): string | undefined;
  /**
   * Explicit, interactive sign-in for credentials that never prompt on their own (device code);
   * absent for the others, whose first `getToken` signs in.
   */
  signIn?(scopes: readonly string[]): Promise<void>;
}

/**
 * VS Code's Microsoft authentication provider wrapped as a TokenCredential. Scopes add
 * `VSCODE_TENANT:{tenant}` so the token is for the chosen tenant; only an explicit sign-in may
 * prompt (see `core/graph/vscodeSession`).
 */
export class VsCodeSessionCredential implements TokenCredential {
  private label: string | undefined;
  constructor(
    private readonly cloud: Cloud,
    private readonly tenant: string | undefined,
    private readonly interactive: () => boolean,
  ) {}

  get accountLabel(): string | undefined {
    return this.label;
  }

  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> {
    const interactive = this.interactive();
    if (vscode.env.uiKind === vscode.UIKind.Web) {
      // VS Code for the Web offers extensions no Microsoft account: say so and point at device code.
      throw vscodeSignInRequired(this.cloud, interactive, undefined, true, vscode.l10n);
    }
    let session: vscode.AuthenticationSession | undefined;
    try {
      session = await vscode.authentication.getSession(
        vscodeAuthProviderId(this.cloud),
        vscodeSessionScopes(this.cloud, this.tenant, scopes, basePermission),
        vscodeSessionOptions(interactive),
      );
    } catch (err) {
      // Cancelled or dismissed prompt, or the provider is unavailable.
      throw vscodeSignInRequired(this.cloud, interactive, err, accountSignInUnavailable(err), vscode.l10n);
    }
    if (!session) {
      throw vscodeSignInRequired(this.cloud, interactive, undefined, accountSignInUnavailable(), vscode.l10n);
    }
    this.label = session.account.label;
    return sessionAccessToken(session.accessToken);
  }
}

/**
 * True where VS Code has no Microsoft account sign-in for extensions: VS Code for the Web (e.g.
 * code-server), or a provider that is not registered.
 */
export function accountSignInUnavailable(err?: unknown): boolean {
  return (
    vscode.env.uiKind === vscode.UIKind.Web ||
    (err instanceof Error && /no authentication provider|not (currently )?registered/i.test(err.message))
  );
}

/** What the device code notification shows: message and its button. */
export interface DeviceCodePrompt {
  readonly message: string;
  readonly actions: readonly string[];
  readonly userCode: string;
  readonly verificationUri: string;
}

export function deviceCodePrompt(info: DeviceCodeInfo): DeviceCodePrompt {
  return {
    message: vscode.l10n.t(
      'To sign in to Microsoft Entra, open {0} and enter the code {1}.',
      info.verificationUri,
      info.userCode,
    ),
    actions: [vscode.l10n.t('Copy code and open')],
    userCode: info.userCode,
    verificationUri: info.verificationUri,
  };
}

export interface CredentialContext {
  readonly settings: ExplorerSettings;
  readonly tenant: string;
  /** Client secret for `clientSecret` (from SecretStorage). */
  readonly clientSecret?: string;
  /** True while the user explicitly signs in (prompts allowed). */
  readonly interactive: () => boolean;
  /** Shows the device code to the user; `cancel` stops waiting for it. */
  readonly onDeviceCode: (prompt: DeviceCodePrompt, cancel: () => void) => void;
}

const builtInAuthorityHosts = new Set(cloudNames.filter((n) => n !== 'Custom').map((n) => getCloud(n).authorityHost));

function authorityOptions(
  cloud: Cloud,
  override?: string,
): { authorityHost: string; disableInstanceDiscovery?: boolean } {
  const authorityHost = withoutTrailingSlashes(override?.trim() ?? '') || cloud.authorityHost;
  // Instance discovery only knows Microsoft's own hosts.
  return cloud.custom || !builtInAuthorityHosts.has(authorityHost)
    ? { authorityHost, disableInstanceDiscovery: true }
    : { authorityHost };
}

export function createCredential(ctx: CredentialContext): TenantCredential {
  const { settings, tenant } = ctx;
  const cloud = settings.cloud;
  const base = authorityOptions(cloud);
  const delegatedScopes = [graphScope(cloud, basePermission)];
  const appScopes = [graphDefaultScope(cloud)];
  switch (settings.method) {
    case 'clientSecret': {
      if (!settings.clientId) {
        throw new Error(
          vscode.l10n.t('Set "entra.signIn.clientId" to the app (client) id to sign in with a client secret.'),
        );
      }
      if (!ctx.clientSecret) {
        throw new Error(
          vscode.l10n.t('No client secret stored for {0}. Run "Entra: Sign In" to enter it.', settings.clientId),
        );
      }
      return {
        credential: new ClientSecretCredential(tenant, settings.clientId, ctx.clientSecret, base),
        scopes: appScopes,
        permissionType: 'application',
        account: () => settings.clientId,
      };
    }
    case 'clientCertificate': {
      if (!settings.clientId || !settings.certificatePath) {
        throw new Error(
          vscode.l10n.t(
            'Set "entra.signIn.clientId" and "entra.signIn.certificatePath" to sign in with a certificate.',
          ),
        );
      }
      return {
        credential: new ClientCertificateCredential(
          tenant,
          settings.clientId,
          { certificatePath: settings.certificatePath },
          base,
        ),
        scopes: appScopes,
        permissionType: 'application',
        account: () => settings.clientId,
      };
    }
    case 'azureCli':
      return {
        credential: new AzureCliCredential(tenant === 'organizations' ? {} : { tenantId: tenant }),
        scopes: appScopes,
        permissionType: 'delegated',
        account: () => 'Azure CLI',
      };
    case 'deviceCode': {
      let abort: AbortController | undefined;
      // Never prompts on its own: only `signIn()` (an explicit sign-in) starts the device code flow;
      // later tokens come from the credential's cache (refresh token) or fail as "sign in again".
      const credential = new DeviceCodeCredential({
        ...base,
        tenantId: tenant,
        clientId: settings.clientId || defaultPublicClientId,
        disableAutomaticAuthentication: true,
        userPromptCallback: (info) => ctx.onDeviceCode(deviceCodePrompt(info), () => abort?.abort()),
      });
      let username: string | undefined;
      return {
        credential,
        // `.default`: the token carries what is granted to the client for Graph. Named scopes would
        // fail for Azure CLI's first-party client id (only pre-authorized scopes), and for a
        // registered public client they would need consent to exactly that scope.
        scopes: appScopes,
        permissionType: 'delegated',
        account: () => username,
        async signIn(scopes) {
          abort = new AbortController();
          try {
            const record = await credential.authenticate([...scopes], { abortSignal: abort.signal });
            username = record?.username || undefined;
          } finally {
            abort = undefined;
          }
        },
      };
    }
    case 'environment': {
      const appOnly = Boolean(process.env.AZURE_CLIENT_SECRET || process.env.AZURE_CLIENT_CERTIFICATE_PATH);
      // AZURE_AUTHORITY_HOST, when set, wins over the cloud setting (as for other Azure tools).
      const credential = new EnvironmentCredential(authorityOptions(cloud, process.env.AZURE_AUTHORITY_HOST));
      return {
        credential,
        scopes: appScopes,
        permissionType: appOnly ? 'application' : 'delegated',
        account: () =>
          appOnly ? process.env.AZURE_CLIENT_ID : process.env.AZURE_USERNAME || process.env.AZURE_CLIENT_ID,
      };
    }
    default: {
      const credential = new VsCodeSessionCredential(cloud, tenant, ctx.interactive);
      return {
        credential,
        scopes: delegatedScopes,
        permissionType: 'delegated',
        account: () => credential.accountLabel,
      };
    }
  }
}

/** SecretStorage key of the client secret for a client id and tenant (never in settings). */
export function secretKey(clientId: string, tenant: string): string {
  return `entra.clientSecret/${tenant}/${clientId}`;
}
