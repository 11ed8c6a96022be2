// Quick fixes on a tenant's manifest (`entra:` documents) for problems of rules with a tenant fix.
import { findNodeAtOffset, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import { FIXABLE_RULES, auditFix, type AuditFix } from '../../core/audit/fixes';
import type { AuditFinding } from '../../core/audit/types';
import { pointerOfNode } from '../../core/manifest/json';
import { CommandId } from '../commandIds';
import { parseManifestUri } from '../explorer/manifest';

/** What a code action passes to `entra.auditFixFinding`: the finding on a tenant manifest and its fix. */
interface ManifestFixArg {
  readonly tenant: string;
  readonly finding: AuditFinding;
  readonly fix: AuditFix;
}

export const isManifestFixArg = (arg: unknown): arg is ManifestFixArg =>
  !!arg &&
  typeof arg === 'object' &&
  typeof (arg as ManifestFixArg).tenant === 'string' &&
  typeof (arg as ManifestFixArg).finding?.objectId === 'string' &&
  typeof (arg as ManifestFixArg).fix?.kind === 'string';

/**
 * On a tenant's manifest (`entra:` documents, e.g. opened from a finding), the problems of rules
 * with a fix get "… in the tenant (plan and apply)": the same fix as the Audit view's.
 */
export class TenantFixActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const ref = parseManifestUri(document.uri);
    const wanted = context.diagnostics.filter((d) => FIXABLE_RULES.has(ruleOf(d)));
    if (!ref || wanted.length === 0) return [];
    const text = document.getText();
    const tree = parseTree(text);
    let app: Record<string, unknown>;
    try {
      app = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return [];
    }
    if (!tree || typeof app.id !== 'string') return [];
    const out: vscode.CodeAction[] = [];
    for (const d of wanted) {
      const node = findNodeAtOffset(tree, document.offsetAt(d.range.start), true);
      const finding: AuditFinding = {
        ruleId: ruleOf(d),
        severity: 'warning',
        appId: ref.appId,
        objectId: app.id,
        displayName: typeof app.displayName === 'string' ? app.displayName : ref.appId,
        path: node ? pointerOfNode(node) : '',
        message: d.message,
      };
      const fix = auditFix(finding, app);
      if (!fix) continue;
      const action = new vscode.CodeAction(
        vscode.l10n.t('{0} in the tenant (plan and apply)…', fix.label),
        vscode.CodeActionKind.QuickFix,
      );
      action.diagnostics = [d];
      action.command = {
        command: CommandId.auditFixFinding,
        title: action.title,
        arguments: [{ tenant: ref.tenant, finding, fix } satisfies ManifestFixArg],
      };
      out.push(action);
    }
    return out;
  }
}

function ruleOf(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === undefined ? '' : String(code);
}
