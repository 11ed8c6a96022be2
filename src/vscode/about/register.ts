import * as vscode from 'vscode';
import { productName, version } from '../../core/version';
import { CommandId } from '../commandIds';

/** "Entra: About Entra Workbench": shows the version and where things are. */
export function register(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandId.showAbout, async () => {
      const message = vscode.l10n.t(
        '{0} {1}: tenant explorer, manifest diagnostics and token decoder for Microsoft Entra ID.',
        'Entra Workbench',
        version,
      );
      void vscode.window.showInformationMessage(message);
      return { name: productName, version };
    }),
  );
}
