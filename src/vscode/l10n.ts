// Code shared by the host and other processes (HTML renderers, the command-line tool) takes its
// texts from @vscode/l10n; on the host it reads the same bundle VS Code loaded for the extension
// (vscode.l10n.bundle: l10n/bundle.l10n.<language>.json, none for English).
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';

/** Points @vscode/l10n at the display language's bundle. Call before anything renders. */
export function configureSharedStrings(): void {
  l10n.config({ contents: vscode.l10n.bundle ?? {} });
}
