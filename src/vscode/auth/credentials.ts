/**
 * Builds the TokenCredential for the configured sign-in method. VS Code's own Microsoft account
 * is the default; the alternatives come from @azure/identity.
 */
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
import { graphDefaultScope, graphScope, type Cloud } from '../../core/graph/clouds';
import type { PermissionType } from '../../core/graph/errors';
import type { ExplorerSettings } from './settings';

/** Least privilege: reading app registrations. Other permissions are asked for only when needed. */
export const basePermission = 'Application.Read.All';

/** Public client used for device code sign-in when no client id is configured (Azure CLI's). */
const defaultPublicClientId = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

export interface TenantCredential {
  readonly credential: TokenCredential;
  readonly scopes: readonly string[];
  readonly permissionType: PermissionType;
  /** Who is signed in, when known (account label or client id). */
  account(): string | undefined;
}

/**
 * VS Code's Microsoft authentication provider wrapped as a TokenCredential. Scopes add
 * `VSCODE_TENANT:{tenant}` so the token is for the chosen tenant.
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

  sessionScopes(scopes: string | string[]): string[] {
    const list = (Array.isArray(scopes) ? scopes : [scopes]).filter((s) => !s.endsWith('/.default'));
    const out = list.length ? list : [graphScope(this.cloud, basePermission)];
    if (this.tenant && this.tenant !== 'organizations' && this.tenant !== 'common') {
      out.push(`VSCODE_TENANT:${this.tenant}`);
    }
    return out;
  }

  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> {
    const providerId = this.cloud.name === 'AzureCloud' ? 'microsoft' : 'microsoft-sovereign-cloud';
    const wanted = this.sessionScopes(scopes);
    const session = this.interactive()
      ? await vscode.authentication.getSession(providerId, wanted, { createIfNone: true })
      : await vscode.authentication.getSession(providerId, wanted, { silent: true });
    if (!session) {
      const err = new Error('Not signed in to a Microsoft account in VS Code.');
      err.name = 'AuthenticationRequiredError';
      throw err;
    }
    this.label = session.account.label;
    // VS Code refreshes sessions itself; ask again well before the usual 60-90 minute lifetime.
    return { token: session.accessToken, expiresOnTimestamp: Date.now() + 30 * 60 * 1000 };
  }
}

export interface CredentialContext {
  readonly settings: ExplorerSettings;
  readonly tenant: string;
  /** Client secret for `clientSecret` (from SecretStorage). */
  readonly clientSecret?: string;
  /** True while the user explicitly signs in (prompts allowed). */
  readonly interactive: () => boolean;
}

function authorityOptions(cloud: Cloud): { authorityHost: string; disableInstanceDiscovery?: boolean } {
  return cloud.custom ? { authorityHost: cloud.authorityHost, disableInstanceDiscovery: true } : { authorityHost: cloud.authorityHost };
}

async function showDeviceCode(info: DeviceCodeInfo): Promise<void> {
  const copy = vscode.l10n.t('Copy code and open');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('To sign in to Microsoft Entra, open {0} and enter the code {1}.', info.verificationUri, info.userCode), copy);
  if (choice === copy) {
    await vscode.env.clipboard.writeText(info.userCode);
    await vscode.env.openExternal(vscode.Uri.parse(info.verificationUri));
  }
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
        throw new Error(vscode.l10n.t('Set "entra.signIn.clientId" to the app (client) id to sign in with a client secret.'));
      }
      if (!ctx.clientSecret) {
        throw new Error(vscode.l10n.t('No client secret stored for {0}. Run "Entra: Sign In" to enter it.', settings.clientId));
      }
      return { credential: new ClientSecretCredential(tenant, settings.clientId, ctx.clientSecret, base), scopes: appScopes, permissionType: 'application', account: () => settings.clientId };
    }
    case 'clientCertificate': {
      if (!settings.clientId || !settings.certificatePath) {
        throw new Error(vscode.l10n.t('Set "entra.signIn.clientId" and "entra.signIn.certificatePath" to sign in with a certificate.'));
      }
      return {
        credential: new ClientCertificateCredential(tenant, settings.clientId, { certificatePath: settings.certificatePath }, base),
        scopes: appScopes,
        permissionType: 'application',
        account: () => settings.clientId,
      };
    }
    case 'azureCli':
      return { credential: new AzureCliCredential(tenant === 'organizations' ? {} : { tenantId: tenant }), scopes: appScopes, permissionType: 'delegated', account: () => 'Azure CLI' };
    case 'deviceCode':
      return {
        credential: new DeviceCodeCredential({ ...base, tenantId: tenant, clientId: settings.clientId || defaultPublicClientId, userPromptCallback: (info) => void showDeviceCode(info) }),
        scopes: delegatedScopes,
        permissionType: 'delegated',
        account: () => 'device code',
      };
    case 'environment': {
      const appOnly = Boolean(process.env.AZURE_CLIENT_SECRET || process.env.AZURE_CLIENT_CERTIFICATE_PATH);
      return { credential: new EnvironmentCredential(base), scopes: appScopes, permissionType: appOnly ? 'application' : 'delegated', account: () => process.env.AZURE_CLIENT_ID ?? process.env.AZURE_USERNAME };
    }
    default: {
      const credential = new VsCodeSessionCredential(cloud, tenant, ctx.interactive);
      return { credential, scopes: delegatedScopes, permissionType: 'delegated', account: () => credential.accountLabel };
    }
  }
}

/** SecretStorage key of the client secret for a client id and tenant (never in settings). */
export function secretKey(clientId: string, tenant: string): string {
  return `entra.clientSecret/${tenant}/${clientId}`;
}
