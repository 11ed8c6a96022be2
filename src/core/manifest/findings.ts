// What the engine does with the rules' findings: runs each step guarded (a throw becomes one
// internal-error), caps each rule's count, drops findings a schema finding already covers, holds
// back findings past a syntax error, makes lax JSON an error, and sorts and de-duplicates.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../text/localizer';
import { formatCount } from '../text/count';
import type { ParsedDocument } from './json';
import { errorListOf, syntaxErrorCount } from './parseErrors';
import type { FormatVerdict } from './format';
import { DeferredProblem, lazyFix } from './rules/util';
import { COVERED_BY_SCHEMA } from './schemaCover';
import type { Problem, Rule, RuleContext, SchemaCoverage, Severity, TextEdit } from './types';

export { COVERED_BY_SCHEMA };

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

const SYNTAX_RULES = new Set(['json-syntax', 'json-comment', 'json-trailing-comma', 'json-too-deep']);
const SYNTAX_RULES_READ_IN_PART = new Set([...SYNTAX_RULES].filter((id) => id !== 'json-trailing-comma'));

/**
 * After a syntax error the parser guesses (keys end up in other objects, values move): findings
 * from the first syntax error on are about its guess, not the file. They are held back, with one
 * note saying how many, until the file parses.
 */
export function withoutRecoveryFindings(
  doc: ParsedDocument,
  problems: Problem[],
  l10n: Localizer<l10n.L10nReplacement>,
): Problem[] {
  if (syntaxErrorCount(doc) === 0) return problems;
  const first = errorListOf(doc).firstOffset();
  const kept: Problem[] = [];
  let held = 0;
  // In a text read only in part (see ParsedDocument.unreadFrom), a comma before the place reading
  // stopped is "trailing" only because the reading stopped there.
  const syntax = doc.unreadFrom === undefined ? SYNTAX_RULES : SYNTAX_RULES_READ_IN_PART;
  for (const p of problems) {
    if (syntax.has(p.ruleId) || p.offset < first) kept.push(p);
    else held++;
  }
  if (held > 0) {
    kept.push({
      ruleId: 'json-recovery',
      severity: 'info',
      message:
        held > 1
          ? l10n.t(
              '{0} other findings after the first syntax error are not shown: past that point the parser can only guess the structure. Fix the syntax errors to see them.',
              held,
            )
          : l10n.t(
              '{0} other finding after the first syntax error is not shown: past that point the parser can only guess the structure. Fix the syntax errors to see them.',
              held,
            ),
      offset: first,
      length: 0,
      path: '',
    });
  }
  return kept;
}

const LAX_JSON_RULES = new Set(['json-comment', 'json-trailing-comma']);

/**
 * Comments and trailing commas are errors in every application file: Microsoft Graph and the admin
 * center reject them, and Teams Toolkit's aadApp/update reads its template with JSON.parse after
 * filling in the placeholders, so no consumer of these files accepts them. Files that are not
 * manifests never get here.
 */
export function strictJson(problems: Problem[], verdict: FormatVerdict, l10n: Localizer<l10n.L10nReplacement>): void {
  for (let i = 0; i < problems.length; i++) {
    const p = problems[i]!;
    if (!LAX_JSON_RULES.has(p.ruleId)) continue;
    problems[i] = {
      ...p,
      severity: 'error',
      message:
        verdict.format === 'teams-template'
          ? l10n.t(
              '{0} Teams Toolkit (aadApp/update parses the rendered template as strict JSON) rejects the file.',
              p.message,
            )
          : l10n.t('{0} Microsoft Graph and the admin center reject the file.', p.message),
    };
  }
}

/**
 * At most this many findings of one rule id are listed per file (the first ones in the document);
 * the rest are counted in one summary finding of the same rule id, at the first one not listed.
 * Applies to every rule, schema and syntax ids included (schema findings are also capped as a
 * whole by MAX_SCHEMA_PROBLEMS). A file with 30,000 repeats needs the first ones and a count.
 */
export const MAX_FINDINGS_PER_RULE = 200;

/** Keeps the first MAX_FINDINGS_PER_RULE findings of each rule id and summarises the rest (linear, plus a sort of an over-full rule's findings). */
export function capPerRule(problems: Problem[], l10n: Localizer<l10n.L10nReplacement>): Problem[] {
  if (problems.length <= MAX_FINDINGS_PER_RULE) return settled(problems);
  const counts = new Map<string, number>();
  // A rule's findings arrive together: count runs of one id, one map update per run.
  let runId = '';
  let run = 0;
  for (const p of problems) {
    const deferred = p instanceof DeferredProblem;
    if (!deferred && p.message === '') continue; // fix-only entries (see sortAndDedupe) are not findings
    // A kept finding may stand for more that follow it and were only counted (see Findings).
    const n = deferred ? 1 + p.counted : 1;
    if (p.ruleId === runId) {
      run += n;
      continue;
    }
    if (run > 0) counts.set(runId, (counts.get(runId) ?? 0) + run);
    runId = p.ruleId;
    run = n;
  }
  if (run > 0) counts.set(runId, (counts.get(runId) ?? 0) + run);
  let over: Set<string> | undefined;
  for (const [id, n] of counts) if (n > MAX_FINDINGS_PER_RULE) (over ??= new Set()).add(id);
  if (!over) return settled(problems);
  const out: Problem[] = [];
  const byRule = new Map<string, Problem[]>();
  for (const p of problems) {
    const deferred = p instanceof DeferredProblem;
    if (!over.has(p.ruleId) || (!deferred && p.message === '')) out.push(deferred ? p.settle() : p);
    else {
      const list = byRule.get(p.ruleId);
      if (list) list.push(p);
      else byRule.set(p.ruleId, [p]);
    }
  }
  for (const [id, list] of byRule) {
    // Rules report in document order as a rule; sorted here when one does not.
    if (!inOrder(list)) list.sort(compareProblems);
    for (let i = 0; i < MAX_FINDINGS_PER_RULE; i++) out.push(settle(list[i]!));
    const first = list[MAX_FINDINGS_PER_RULE]!;
    const more = counts.get(id)! - MAX_FINDINGS_PER_RULE;
    out.push({
      ruleId: id,
      severity: 'info',
      message: l10n.t(
        '{0} more "{1}" findings from here on are not listed (only the first {2} of a rule are). Fix the ones above first.',
        formatCount(more),
        id,
        MAX_FINDINGS_PER_RULE,
      ),
      offset: first.offset,
      length: first.length,
      path: first.path,
    });
  }
  return out;
}

/** A finding a rule kept unbuilt (DeferredProblem), built; any other as it is. */
function settle(p: Problem): Problem {
  return p instanceof DeferredProblem ? p.settle() : p;
}

/** The list with every unbuilt finding built (the list itself when it has none). */
function settled(problems: Problem[]): Problem[] {
  if (!problems.some((p) => p instanceof DeferredProblem)) return problems;
  return problems.map(settle);
}

function inOrder(list: readonly Problem[]): boolean {
  for (let i = 1; i < list.length; i++) if (compareProblems(list[i - 1]!, list[i]!) > 0) return false;
  return true;
}

/**
 * In a document whose too-deep values were blanked out, a fix whose edit writes over a blanked
 * range would write the blank: such fixes get no edits (checked when the fix is read).
 */
export function withoutPrunedEdits(
  problems: Problem[],
  pruned: readonly { offset: number; length: number }[],
): Problem[] {
  const touches = (e: TextEdit): boolean =>
    e.content !== '' &&
    pruned.some((s) => e.offset < s.offset + s.length && s.offset < e.offset + Math.max(e.length, 1));
  return problems.map((p) => {
    if (!p.fixes || p.fixes.length === 0) return p;
    return {
      ...p,
      fixes: p.fixes.map((f) => lazyFix(f.title, () => (f.edits.some(touches) ? [] : [...f.edits]), f.preferred)),
    };
  });
}

/** The rule ids each schema rule id covers (COVERED_BY_SCHEMA the other way round). */
const COVERING: ReadonlyMap<string, readonly string[]> = (() => {
  const out = new Map<string, string[]>();
  for (const [id, schemaIds] of COVERED_BY_SCHEMA)
    for (const schemaId of schemaIds) {
      const ids = out.get(schemaId);
      if (ids) ids.push(id);
      else out.set(schemaId, [id]);
    }
  return out;
})();

/** The schema findings by offset (undefined for none). */
function schemaFindingsAt(problems: readonly Problem[]): Map<number, Problem[]> | undefined {
  let schemaAt: Map<number, Problem[]> | undefined;
  for (const p of problems) {
    if (!p.ruleId.startsWith('schema-')) continue;
    schemaAt ??= new Map();
    const list = schemaAt.get(p.offset);
    if (list) list.push(p);
    else schemaAt.set(p.offset, [p]);
  }
  return schemaAt;
}

/**
 * Whether a finding of `ruleId` on a range is covered by one of the schema findings in `problems`
 * (and so dropped by dropCoveredBySchema): made once from the schema's findings, before the rules
 * run, so that rules need not keep findings the engine will count rather than list (see Findings).
 */
export function schemaCoverage(problems: readonly Problem[]): SchemaCoverage {
  const schemaAt = schemaFindingsAt(problems);
  // The last offset of a schema finding covering each rule id, found in one pass when first asked.
  let lasts: Map<string, number> | undefined;
  return {
    covers(ruleId, offset, length) {
      const coveredBy = COVERED_BY_SCHEMA.get(ruleId);
      if (!coveredBy || !schemaAt) return false;
      const candidates = schemaAt.get(offset);
      return candidates !== undefined && candidates.some((s) => s.length === length && coveredBy.has(s.ruleId));
    },
    last(ruleId) {
      if (lasts === undefined) {
        lasts = new Map();
        if (schemaAt)
          for (const [offset, list] of schemaAt)
            for (const s of list)
              for (const id of COVERING.get(s.ruleId) ?? []) if (offset > (lasts.get(id) ?? -1)) lasts.set(id, offset);
      }
      return lasts.get(ruleId) ?? -1;
    },
  };
}

export function dropCoveredBySchema(problems: Problem[]): Problem[] {
  const schemaAt = schemaFindingsAt(problems);
  if (!schemaAt) return problems;
  const out: Problem[] = [];
  // Where each schema finding kept so far sits in `out` (a covering one is replaced when merged).
  const at = new Map<Problem, number>();
  for (const p of problems) {
    const coveredBy = COVERED_BY_SCHEMA.get(p.ruleId);
    const candidates = coveredBy ? schemaAt.get(p.offset) : undefined;
    const cover = candidates?.find((s) => s.length === p.length && coveredBy!.has(s.ruleId));
    if (!cover) {
      if (p.ruleId.startsWith('schema-')) at.set(p, out.length);
      out.push(p);
      continue;
    }
    if (p.fixes && p.fixes.length > 0) {
      // Keep the dropped finding's fixes on the problem that stays.
      const i = at.get(cover) ?? -1;
      const base = settle(cover);
      const merged = { ...base, fixes: [...(base.fixes ?? []), ...p.fixes] };
      if (i >= 0) {
        out[i] = merged;
        at.set(merged, i);
      }
      candidates!.splice(candidates!.indexOf(cover), 1, merged);
    }
  }
  return out;
}

/** Runs one rule and appends its well-formed problems (no intermediate arrays); a throw becomes a problem. */
export function runRule(rule: Rule, ctx: RuleContext, into: Problem[], offset: number): void {
  let result: Problem[];
  try {
    result = rule.check(ctx);
  } catch (err) {
    into.push(internalError(rule.id, err, offset, ctx.l10n));
    return;
  }
  if (!Array.isArray(result)) return;
  for (let i = 0; i < result.length; i++) {
    const p = result[i];
    if (isProblem(p)) into.push(p);
  }
}

export function safely(
  id: string,
  offset: number,
  run: () => Problem[],
  l10n: Localizer<l10n.L10nReplacement>,
): Problem[] {
  try {
    const result = run();
    return Array.isArray(result) ? result.filter(isProblem) : [];
  } catch (err) {
    return [internalError(id, err, offset, l10n)];
  }
}

function isProblem(p: unknown): p is Problem {
  if (p instanceof DeferredProblem) return true;
  const x = p as Problem | undefined;
  return (
    !!x &&
    typeof x.ruleId === 'string' &&
    typeof x.offset === 'number' &&
    typeof x.length === 'number' &&
    typeof x.message === 'string'
  );
}

export function internalError(
  id: string,
  err: unknown,
  offset: number,
  l10n: Localizer<l10n.L10nReplacement>,
): Problem {
  const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return {
    ruleId: 'internal-error',
    severity: 'error',
    message: l10n.t(
      'The check "{0}" failed on this input ({1}). Other results are unaffected; please report this.',
      id,
      reason.slice(0, 200),
    ),
    offset,
    length: 1,
    path: '',
  };
}

/**
 * Sorts by offset, then severity, then rule id, and merges exact duplicates. A problem with an
 * empty message only contributes its fixes to the problem with the same rule id and range.
 */
export function sortAndDedupe(problems: readonly Problem[]): Problem[] {
  const out: Problem[] = [];
  const fixOnly: Problem[] = [];
  for (const q of problems) {
    const p = settle(q);
    if (p.message === '') fixOnly.push(p);
    else out.push(p);
  }
  // Stable: among equal keys the first reported stays first, so it is the one kept below.
  out.sort(compareProblems);
  // Exact duplicates share offset, severity, rule id and length, so they sit next to each other.
  let kept = 0;
  for (let i = 0; i < out.length; i++) {
    const p = out[i]!;
    let duplicate = false;
    for (let j = kept - 1; j >= 0; j--) {
      const q = out[j]!;
      if (q.offset !== p.offset || q.severity !== p.severity || q.ruleId !== p.ruleId || q.length !== p.length) break;
      if (q.message === p.message) {
        duplicate = true;
        break;
      }
    }
    if (!duplicate) out[kept++] = p;
  }
  out.length = kept;
  for (const f of fixOnly) {
    const i = out.findIndex((p) => p.ruleId === f.ruleId && p.offset === f.offset && p.length === f.length);
    if (i >= 0) {
      const target = out[i]!;
      out[i] = { ...target, fixes: [...(target.fixes ?? []), ...(f.fixes ?? [])] };
    }
  }
  return out;
}

function compareProblems(a: Problem, b: Problem): number {
  return (
    a.offset - b.offset ||
    severityRank[a.severity] - severityRank[b.severity] ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.length - b.length)
  );
}
