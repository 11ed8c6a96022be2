/**
 * "Entra: Sign In": which method (a quick pick with one line each on when to use it, the current
 * one first), what that method needs (client id, tenant, certificate file; the secret is asked for
 * by the manager and kept in SecretStorage), remembered in `entra.signIn.method`.
 */
import * as vscode from 'vscode';
import { accountSignInUnavailable } from './credentials';
import { read, SettingKey, signInMethods, type SignInMethod } from './settings';
import { isGuid } from '../../core/entra/ids';

/**
 * Arguments of `entra.signIn` for programmatic use (tests, scripts, other commands). Without any
 * argument the command shows the quick pick of methods; with an object it signs in with `method`
 * (default: the configured one, `'current'` says so explicitly) without the quick pick.
 */
export interface SignInArgs {
  readonly method?: SignInMethod | 'current';
  /** Application (client) id for `clientSecret`, `clientCertificate` and `deviceCode` (written to `entra.signIn.clientId`). */
  readonly clientId?: string;
  /** The client secret for `clientSecret` sign-in; stored in SecretStorage, never in settings. */
  readonly clientSecret?: string;
  /** PEM file with the certificate and its private key for `clientCertificate` (written to `entra.signIn.certificatePath`). */
  readonly certificatePath?: string;
  /** Tenant id or domain for app-only methods when `entra.tenants` is empty (written to it). */
  readonly tenant?: string;
}

export interface SignInMethodItem extends vscode.QuickPickItem {
  readonly method: SignInMethod;
}

/** The quick pick's items (what the user reads), the current method marked. */
export function methodItems(current: SignInMethod, web = accountSignInUnavailable()): SignInMethodItem[] {
  const text: Record<SignInMethod, { label: string; detail: string }> = {
    vscode: {
      label: vscode.l10n.t('$(account) VS Code account'),
      detail: web
        ? vscode.l10n.t(
            'Not available in VS Code for the Web (no Microsoft account sign-in for extensions here): use Device code.',
          )
        : vscode.l10n.t('The Microsoft account you use in VS Code (Accounts menu). Best for your own work tenant.'),
    },
    azureCli: {
      label: vscode.l10n.t('$(terminal) Azure CLI'),
      detail: vscode.l10n.t('The account of "az login" on this machine. When you already use the Azure CLI.'),
    },
    deviceCode: {
      label: vscode.l10n.t('$(device-mobile) Device code'),
      detail: vscode.l10n.t(
        'Enter a code on another device or browser. Works everywhere, also in VS Code for the Web and remote sessions.',
      ),
    },
    environment: {
      label: vscode.l10n.t('$(symbol-variable) Environment variables'),
      detail: vscode.l10n.t(
        'AZURE_TENANT_ID, AZURE_CLIENT_ID and a secret, certificate or user name in the environment, as in CI.',
      ),
    },
    clientSecret: {
      label: vscode.l10n.t('$(key) Client secret'),
      detail: vscode.l10n.t(
        'An app registration with a secret (app-only). For automation accounts; the secret is kept in VS Code secret storage.',
      ),
    },
    clientCertificate: {
      label: vscode.l10n.t('$(file-binary) Certificate'),
      detail: vscode.l10n.t(
        'An app registration with a certificate (app-only): a PEM file with the private key. Safer than a secret.',
      ),
    },
  };
  const ordered = [current, ...signInMethods.filter((m) => m !== current)];
  return ordered.map((method) => ({
    method,
    label: text[method].label,
    description: method === current ? vscode.l10n.t('current') : undefined,
    detail: text[method].detail,
  }));
}

/** Shows the quick pick of methods; `onShown` gets its items once it is on screen. Undefined when dismissed. */
export function pickMethod(
  current: SignInMethod,
  onShown?: (items: readonly SignInMethodItem[]) => void,
): Promise<SignInMethod | undefined> {
  const items = methodItems(current);
  const pick = vscode.window.createQuickPick<SignInMethodItem>();
  pick.title = vscode.l10n.t('Entra: Sign In');
  pick.placeholder = vscode.l10n.t('How to sign in to Microsoft Entra');
  pick.items = items;
  pick.activeItems = items.slice(0, 1);
  pick.matchOnDetail = true;
  return new Promise((resolve) => {
    let chosen: SignInMethod | undefined;
    pick.onDidAccept(() => {
      chosen = pick.selectedItems[0]?.method ?? pick.activeItems[0]?.method;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
    onShown?.(items);
  });
}

/** Settings to write for a method: what the arguments give, else what the user enters (only what is missing). */
export async function settingsFor(
  method: SignInMethod,
  args: SignInArgs,
  interactive: boolean,
): Promise<Record<string, unknown> | undefined> {
  const out: Record<string, unknown> = { [SettingKey.method]: method };
  const needsClient = method === 'clientSecret' || method === 'clientCertificate';
  if (args.clientId !== undefined) {
    out[SettingKey.clientId] = args.clientId.trim();
  } else if (needsClient && !read<string>(SettingKey.clientId, '').trim() && interactive) {
    const clientId = await vscode.window.showInputBox({
      title: vscode.l10n.t('Application (client) ID'),
      prompt: vscode.l10n.t(
        'The app registration to sign in as (Overview → Application (client) ID). Saved in "entra.signIn.clientId".',
      ),
      placeHolder: '00000000-0000-0000-0000-000000000000',
      ignoreFocusOut: true,
      validateInput: (v) => (isGuid(v.trim()) ? undefined : vscode.l10n.t('An application (client) id is a GUID.')),
    });
    if (!clientId) {
      return undefined;
    }
    out[SettingKey.clientId] = clientId.trim();
  }
  const tenants = read<unknown>(SettingKey.tenants, []);
  if (args.tenant !== undefined) {
    out[SettingKey.tenants] = [args.tenant.trim()];
  } else if (needsClient && (!Array.isArray(tenants) || tenants.length === 0) && interactive) {
    const tenant = await vscode.window.showInputBox({
      title: vscode.l10n.t('Tenant id or domain'),
      prompt: vscode.l10n.t('App-only sign-in needs the tenant the app is registered in. Saved in "entra.tenants".'),
      placeHolder: 'contoso.onmicrosoft.com',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a tenant id or domain.')),
    });
    if (!tenant) {
      return undefined;
    }
    out[SettingKey.tenants] = [tenant.trim()];
  }
  if (method === 'clientCertificate') {
    if (args.certificatePath !== undefined) {
      out[SettingKey.certificatePath] = args.certificatePath;
    } else if (interactive) {
      const current = read<string>(SettingKey.certificatePath, '').trim();
      const files = await vscode.window.showOpenDialog({
        title: vscode.l10n.t('Certificate with its private key (PEM)'),
        openLabel: vscode.l10n.t('Use this certificate'),
        canSelectMany: false,
        filters: { [vscode.l10n.t('PEM certificate')]: ['pem', 'crt', 'key'], [vscode.l10n.t('All files')]: ['*'] },
        ...(current ? { defaultUri: vscode.Uri.file(current) } : {}),
      });
      const file = files?.[0];
      if (!file) {
        return undefined;
      }
      out[SettingKey.certificatePath] = file.fsPath;
    }
  }
  return out;
}

/** Writes `entra.<key>` where it takes effect: the workspace when it sets the key, else the user settings. */
export async function writeSettings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('entra');
  for (const [key, value] of Object.entries(values)) {
    const inspected = config.inspect(key);
    if (JSON.stringify(config.get(key)) === JSON.stringify(value)) {
      continue;
    }
    const target =
      inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await config.update(key, value, target);
  }
}
