/**
 * The client secret for client-secret sign-in: given (stored then), stored in SecretStorage, from the
 * environment (local development), or asked for; never in settings.
 */
import * as vscode from 'vscode';
import type { SignInOptions } from './connection';
import { secretKey } from './credentials';

/** The secret for an app in a tenant; undefined when there is none and no prompt is allowed or it was cancelled. */
export async function clientSecretFor(
  secrets: vscode.SecretStorage,
  clientId: string,
  tenant: string,
  options: SignInOptions,
): Promise<string | undefined> {
  const key = secretKey(clientId, tenant);
  if (options.clientSecret) {
    await secrets.store(key, options.clientSecret);
    return options.clientSecret;
  }
  const stored = await secrets.get(key);
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
    await secrets.store(key, entered);
  }
  return entered;
}
