// SARIF 2.1.0 logs for code scanning: the envelope shared by `lint` and `audit` (one run of this
// tool, its rules with their default levels, and results pointing at them by index).
import { RULE_DOCS_BASE } from '../core/manifest/docs';
import type { Severity } from '../core/manifest/types';
import { productName, version } from '../core/version';

export const sarifLevel: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

export interface SarifRule {
  readonly id: string;
  readonly description: string;
  readonly helpUri: string;
  readonly severity: Severity;
  /** Extra rule properties (SARIF property bag). */
  readonly properties?: Record<string, unknown>;
}

/** One result: its rule and severity; `rest` (message, locations, …) is written as given. */
export interface SarifResult {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly rest: Record<string, unknown>;
}

export interface SarifRun {
  readonly rules: readonly SarifRule[];
  readonly results: readonly SarifResult[];
  /** False when some input could not be read (the report is not complete). */
  readonly executionSuccessful: boolean;
  /** Set when results carry regions (columns in UTF-16 code units). */
  readonly columnKind?: 'utf16CodeUnits';
}

/** The log of one run; results name their rule by index into `rules`. */
export function sarifLog(run: SarifRun): object {
  const index = new Map(run.rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: productName,
            version,
            informationUri: RULE_DOCS_BASE,
            rules: run.rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              helpUri: r.helpUri,
              defaultConfiguration: { level: sarifLevel[r.severity] },
              ...(r.properties ? { properties: r.properties } : {}),
            })),
          },
        },
        invocations: [{ executionSuccessful: run.executionSuccessful }],
        ...(run.columnKind ? { columnKind: run.columnKind } : {}),
        results: run.results.map((r) => ({
          ruleId: r.ruleId,
          ruleIndex: index.get(r.ruleId),
          level: sarifLevel[r.severity],
          ...r.rest,
        })),
      },
    ],
  };
}
