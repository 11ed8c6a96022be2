// Audit output that needs no I/O: rule metadata lookup, baseline diff, CSV, text and a
// self-contained HTML report (every string from the tenant escaped). Texts for people go through
// the caller's localizer (English by default).
import type * as l10n from '@vscode/l10n';
import { docsForRule } from '../manifest/lint';
import { rules as manifestRules } from '../manifest/rules';
import type { Severity } from '../manifest/types';
import { auditRules } from './rules';
import type { AuditFinding, PeerControl } from './types';
import { escapeHtml } from '../text/escape';
import { english, type Localizer } from '../text/localizer';

export interface RuleMeta {
  readonly id: string;
  readonly severity: Severity;
  readonly description: string;
  readonly docs: string;
  readonly peers: readonly PeerControl[];
}

/** Metadata of any rule id the audit reports (tenant rules first, then manifest rules). */
export function ruleMeta(id: string, l10n: Localizer<l10n.L10nReplacement> = english): RuleMeta {
  const t = auditRules.find((r) => r.id === id);
  if (t) {
    const texts = t.texts(l10n);
    return {
      id,
      severity: t.severity,
      description: `${texts.title} ${texts.risk} ${texts.action}`,
      docs: t.docs,
      peers: t.peers ?? [],
    };
  }
  const m = manifestRules.find((r) => r.id === id);
  return {
    id,
    severity: m?.severity ?? 'error',
    description: m ? m.description(l10n) : id,
    docs: docsForRule(id),
    peers: [],
  };
}

/**
 * A rule's short title for a group row: a tenant rule's title up to its first parenthesis, without the
 * final period; a manifest rule's title; an unknown id as it is.
 */
export function ruleTitle(id: string, l10n: Localizer<l10n.L10nReplacement> = english): string {
  const t = auditRules.find((r) => r.id === id);
  if (t) {
    const title = t.texts(l10n).title;
    const open = title.indexOf(' (');
    return (open > 0 ? title.slice(0, open) : title).replace(/\.$/, '');
  }
  return manifestRules.find((r) => r.id === id)?.title(l10n) ?? id;
}

/** Identity of a finding across runs: rule, app and property (messages may mention dates). */
export const findingKey = (f: Pick<AuditFinding, 'ruleId' | 'objectId' | 'path'>): string =>
  `${f.ruleId}|${f.objectId}|${f.path}`;

export interface BaselineDiff {
  readonly new: AuditFinding[];
  readonly fixed: AuditFinding[];
  readonly unchanged: AuditFinding[];
}

/** Compares a run with an earlier one (e.g. last night's JSON output). Linear in both sizes. */
export function diffBaseline(current: readonly AuditFinding[], previous: readonly AuditFinding[]): BaselineDiff {
  const before = new Set(previous.map(findingKey));
  const now = new Set(current.map(findingKey));
  return {
    new: current.filter((f) => !before.has(findingKey(f))),
    fixed: previous.filter((f) => !now.has(findingKey(f))),
    unchanged: current.filter((f) => before.has(findingKey(f))),
  };
}

/** Reads findings from an earlier JSON output (array, or `{findings}`); ignores malformed entries. */
export function parseFindings(value: unknown): AuditFinding[] {
  const list = Array.isArray(value)
    ? value
    : Array.isArray((value as { findings?: unknown } | null)?.findings)
      ? (value as { findings: unknown[] }).findings
      : undefined;
  if (!list) throw new Error('expected a JSON array of findings (the --format json output)');
  const out: AuditFinding[] = [];
  for (const x of list) {
    const f = x as Partial<AuditFinding> | null;
    if (f && typeof f.ruleId === 'string' && typeof f.objectId === 'string' && typeof f.path === 'string') {
      out.push({
        ruleId: f.ruleId,
        severity: (f.severity ?? 'warning') as Severity,
        appId: String(f.appId ?? ''),
        objectId: f.objectId,
        displayName: String(f.displayName ?? ''),
        path: f.path,
        message: String(f.message ?? ''),
      });
    }
  }
  return out;
}

/** Counts per rule and severity, most severe first. */
export function summarize(findings: readonly AuditFinding[]): { ruleId: string; severity: Severity; count: number }[] {
  const counts = new Map<string, { ruleId: string; severity: Severity; count: number }>();
  for (const f of findings) {
    const k = `${f.severity}|${f.ruleId}`;
    const c = counts.get(k);
    if (c) c.count++;
    else counts.set(k, { ruleId: f.ruleId, severity: f.severity, count: 1 });
  }
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };
  return [...counts.values()].sort(
    (a, b) => rank[a.severity] - rank[b.severity] || b.count - a.count || a.ruleId.localeCompare(b.ruleId),
  );
}

const csvCell = (v: string): string => {
  // Cells starting with = + - @ would run as formulas in spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(findings: readonly AuditFinding[], status?: (f: AuditFinding) => string): string {
  const head = [
    'severity',
    'ruleId',
    'displayName',
    'appId',
    'objectId',
    'path',
    'message',
    ...(status ? ['status'] : []),
  ];
  const rows = findings.map((f) =>
    [f.severity, f.ruleId, f.displayName, f.appId, f.objectId, f.path, f.message, ...(status ? [status(f)] : [])]
      .map(csvCell)
      .join(','),
  );
  return [head.join(','), ...rows].join('\r\n') + '\r\n';
}

const COLORS: Record<Severity, string> = { error: '#c50f1f', warning: '#bc4b09', info: '#0f6cbd', hint: '#616161' };

/** One self-contained HTML page: summary bars per rule and severity, then every finding. No scripts. */
export function toHtml(
  findings: readonly AuditFinding[],
  meta: {
    tenant: string;
    generated: string;
    diff?: BaselineDiff;
    /** `lang` of the page (BCP 47). */ language?: string;
  },
  l10n: Localizer<l10n.L10nReplacement> = english,
): string {
  const label: Record<Severity, string> = {
    error: l10n.t('error'),
    warning: l10n.t('warning'),
    info: l10n.t('info'),
    hint: l10n.t('hint'),
  };
  const summary = summarize(findings);
  const max = Math.max(1, ...summary.map((s) => s.count));
  const bars = summary
    .map((s) => {
      const width = Math.max(1, Math.round((s.count / max) * 100));
      return `<tr><td><a href="${escapeHtml(ruleMeta(s.ruleId).docs)}">${escapeHtml(s.ruleId)}</a></td><td class="${s.severity}">${escapeHtml(label[s.severity])}</td><td class="n">${s.count}</td><td class="bar"><span style="width:${width}%;background:${COLORS[s.severity]}"></span></td></tr>`;
    })
    .join('\n');
  const bySeverity = (['error', 'warning', 'info', 'hint'] as const)
    .map((s) => `${findings.filter((f) => f.severity === s).length} ${label[s]}`)
    .join(', ');
  const newKeys = meta.diff ? new Set(meta.diff.new.map(findingKey)) : undefined;
  const rows = findings
    .map(
      (f) =>
        `<tr><td class="${f.severity}">${escapeHtml(label[f.severity])}</td><td>${escapeHtml(f.ruleId)}</td><td>${escapeHtml(f.displayName)}<br><small>${escapeHtml(f.appId)}</small></td><td><code>${escapeHtml(f.path || '/')}</code></td><td>${escapeHtml(f.message)}</td>${newKeys ? `<td>${escapeHtml(newKeys.has(findingKey(f)) ? l10n.t('new') : l10n.t('unchanged'))}</td>` : ''}</tr>`,
    )
    .join('\n');
  const diff = meta.diff
    ? `<p>${escapeHtml(l10n.t('Against the baseline: {0} new, {1} fixed, {2} unchanged.', meta.diff.new.length, meta.diff.fixed.length, meta.diff.unchanged.length))}</p>`
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(meta.language ?? 'en')}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(l10n.t('Tenant audit: {0}', meta.tenant))}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#242424}table{border-collapse:collapse;width:100%;margin-bottom:2em}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}.n{text-align:right}
.bar{width:40%}.bar span{display:block;height:12px}.error{color:${COLORS.error}}.warning{color:${COLORS.warning}}.info{color:${COLORS.info}}
code{font-size:12px}
</style></head><body>
<h1>${escapeHtml(l10n.t('Tenant audit: {0}', meta.tenant))}</h1>
<p>${escapeHtml(
    findings.length === 1
      ? l10n.t('1 finding ({0}), generated {1}.', bySeverity, meta.generated)
      : l10n.t('{0} findings ({1}), generated {2}.', findings.length, bySeverity, meta.generated),
  )}</p>
${diff}
<h2>${escapeHtml(l10n.t('By rule and severity'))}</h2>
<table><thead><tr><th>${escapeHtml(l10n.t('Rule'))}</th><th>${escapeHtml(l10n.t('Severity'))}</th><th class="n">${escapeHtml(l10n.t('Findings'))}</th><th></th></tr></thead><tbody>
${bars}
</tbody></table>
<h2>${escapeHtml(l10n.t('Findings'))}</h2>
<table><thead><tr><th>${escapeHtml(l10n.t('Severity'))}</th><th>${escapeHtml(l10n.t('Rule'))}</th><th>${escapeHtml(l10n.t('App'))}</th><th>${escapeHtml(l10n.t('Property'))}</th><th>${escapeHtml(l10n.t('Message'))}</th>${newKeys ? `<th>${escapeHtml(l10n.t('Status'))}</th>` : ''}</tr></thead><tbody>
${rows}
</tbody></table>
</body></html>
`;
}
