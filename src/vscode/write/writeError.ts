import * as vscode from 'vscode';
import type { Plan } from '../../core/plan/types';
import type { WriteFailure } from '../../io/graph/writes';
import { writeFailureText } from '../../core/graph/errors';
import { toRange } from '../manifest/diagnostics';

/** A Graph 400 as a diagnostic at the range of the property it names (else the first change's range). */
export function writeErrorDiagnostic(
  document: vscode.TextDocument,
  plan: Plan,
  failure: WriteFailure,
): vscode.Diagnostic {
  const property = failure.property?.split(/[ /]/)[0];
  const change =
    plan.changes.find(
      (c) =>
        property && (c.path === property || c.path.startsWith(`${property}.`) || c.path.startsWith(`${property}[`)),
    ) ?? plan.changes.find((c) => c.range);
  const range = change?.range
    ? toRange(document, change.range.offset, change.range.length)
    : new vscode.Range(0, 0, 0, 0);
  const d = new vscode.Diagnostic(range, writeFailureText(failure, vscode.l10n), vscode.DiagnosticSeverity.Error);
  d.source = 'Entra (tenant)';
  d.code = failure.code;
  return d;
}
