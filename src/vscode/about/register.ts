import * as vscode from 'vscode';
import { productName, version } from '../../core/version';
import { CommandId } from '../commandIds';
import { registerCommandTable } from '../commandTable';

/** "Entra: About Entra Workbench": shows the version and where things are. */
export function register(context: vscode.ExtensionContext): void {
  registerCommandTable(context, 'about', { [CommandId.showAbout]: showAbout });
}

async function showAbout(): Promise<{ name: string; version: string }> {
  const message = vscode.l10n.t(
    '{0} {1}: tenant explorer, manifest diagnostics and token decoder for Microsoft Entra ID.',
    'Entra Workbench',
    version,
  );
  void vscode.window.showInformationMessage(message);
  return { name: productName, version };
}
