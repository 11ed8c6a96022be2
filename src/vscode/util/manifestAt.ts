// Opening a tenant manifest (the entra: document of an app) with one property selected.
import { findNodeAtLocation, parseTree, type JSONPath } from 'jsonc-parser';
import * as vscode from 'vscode';
import { manifestUri } from '../explorer/manifest';

/**
 * Opens the tenant's manifest of an app and selects the property at `path` (key and value), or
 * the nearest parent that exists; an array element is selected as its value.
 */
export async function showManifestAt(
  tenant: string,
  appId: string,
  displayName: string,
  path: JSONPath,
): Promise<{ uri: vscode.Uri; selection: string }> {
  const uri = manifestUri(tenant, appId, displayName);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
  const tree = parseTree(doc.getText());
  let node;
  for (let n = path.length; tree && n > 0 && !node; n--) node = findNodeAtLocation(tree, path.slice(0, n));
  const target = node?.parent?.type === 'property' ? node.parent : node;
  const range = target
    ? new vscode.Range(doc.positionAt(target.offset), doc.positionAt(target.offset + target.length))
    : undefined;
  const editor = await vscode.window.showTextDocument(doc, { preview: true, ...(range ? { selection: range } : {}) });
  if (range) editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return { uri, selection: range ? doc.getText(range) : '' };
}
