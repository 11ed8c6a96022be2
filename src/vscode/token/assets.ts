import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';

export interface PanelAssets {
  readonly script: string;
  readonly style: string;
}

/** The panel's script and style sheet, read once (on first use) from the extension's own files and inlined. */
export function panelAssetLoader(extensionUri: vscode.Uri): () => PanelAssets {
  let assets: PanelAssets | undefined;
  return () =>
    (assets ??= {
      script: readFileSync(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'token.js').fsPath, 'utf8'),
      style: readFileSync(vscode.Uri.joinPath(extensionUri, 'media', 'token.css').fsPath, 'utf8'),
    });
}
