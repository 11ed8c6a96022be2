// Opening a finding: the tenant's manifest of its app, with the property selected.
import { findNodeAtLocation, parseTree, type JSONPath } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { AuditFinding } from '../../core/audit/types';
import { fromPointer } from '../../core/manifest/json';
import { manifestUri } from '../explorer/manifest';
import { type OpenFindingResult } from './api';

/** The JSON pointer of a finding as a jsonc-parser path (array indexes as numbers). */
export function pointerPath(pointer: string): JSONPath {
  return fromPointer(pointer).map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** Opens the tenant's manifest of the finding's app and selects the property (or its nearest parent). */
export async function openFinding(tenant: string, finding: AuditFinding): Promise<OpenFindingResult> {
  const uri = manifestUri(tenant, finding.appId, finding.displayName);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
  const tree = parseTree(doc.getText());
  const path = pointerPath(finding.path);
  let node;
  for (let n = path.length; tree && n > 0 && !node; n--) node = findNodeAtLocation(tree, path.slice(0, n));
  // The property (key and value) when there is one, else the value (an array element).
  const target = node?.parent?.type === 'property' ? node.parent : node;
  const range = target
    ? new vscode.Range(doc.positionAt(target.offset), doc.positionAt(target.offset + target.length))
    : undefined;
  const editor = await vscode.window.showTextDocument(doc, { preview: true, ...(range ? { selection: range } : {}) });
  if (range) editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return { uri: uri.toString(), selection: range ? doc.getText(range) : '' };
}
