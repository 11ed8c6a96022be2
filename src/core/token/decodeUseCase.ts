/**
 * "Decode Token" as a use case: the text the user gave (a token, "Bearer …", an Authorization
 * header, a redirect URL) → what the token panel shows and what the command answers, or why it
 * cannot be decoded. Finding the text (argument, selection, clipboard, input box) and showing the
 * panel are the editor's part.
 */
import { copyableJson } from '../text/boundedJson';
import { analyzeToken, type AnalyzeOptions, type TokenAnalysis } from './analyze';
import { decodeToken } from './decode';
import { extractToken } from './extract';
import type { PanelContent } from './panelState';

/** What the command returns (never the token). */
export interface DecodeCommandResult {
  readonly ok: boolean;
  readonly kind?: TokenAnalysis['summary']['kind'];
  readonly flow?: TokenAnalysis['summary']['flow'];
  readonly version?: TokenAnalysis['summary']['version'];
  readonly problems?: string[];
  readonly error?: string;
}

export type DecodeOutcome =
  | { readonly ok: false; readonly error: string; readonly result: DecodeCommandResult }
  | { readonly ok: true; readonly content: PanelContent; readonly result: DecodeCommandResult };

export function decodeTokenInput(input: string, options: AnalyzeOptions = {}): DecodeOutcome {
  const ex = extractToken(input, options.l10n);
  if (!ex.ok) return { ok: false, error: ex.message, result: { ok: false, error: ex.message } };
  const d = decodeToken(ex.token, options.l10n);
  if (!d.ok) return { ok: false, error: d.error.message, result: { ok: false, error: d.error.message } };
  const analysis = analyzeToken(d.token, options);
  const s = analysis.summary;
  return {
    ok: true,
    content: {
      token: ex.token,
      analysis,
      headerJson: copyableJson(d.token.header, d.token.headerJson),
      payloadJson: copyableJson(d.token.payload, d.token.payloadJson),
    },
    result: {
      ok: true,
      kind: s.kind,
      flow: s.flow,
      version: s.version,
      problems: analysis.problems.map((p) => p.code),
    },
  };
}
