// The manifest engine: parse once, give the format verdict, validate against the schema, run every
// rule of the registry that applies, and return de-duplicated, sorted problems. Never throws.
import { getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import { builtInCatalog } from './catalog';
import { legacyConversionEdit } from './convert';
import { asApplicationFragment } from './fragment';
import { detectFormat, hasPlaceholder, type FormatVerdict, type SchemaFlavor } from './format';
import { nodeAtPath, parseDocument, structureProblems, syntaxProblems, type ParsedDocument } from './json';
import { rules as registry } from './rules';
import { lazyFix } from './rules/util';
import { valueTree } from './valueTree';

const defaultRegistry = registry;
import { ruleDocs } from './docs';
import { schemaProblems, schemaRules } from './schema';
import type { ManifestFormat, PermissionCatalog, Problem, Rule, RuleContext, Severity, TextEdit } from './types';

export interface LintOptions {
  /** The clock for date rules (credential expiry...); defaults to the system clock. */
  readonly now?: Date;
  /** Permission names and ids; defaults to the built-in catalogue. Pass `null` for none. */
  readonly catalog?: PermissionCatalog | null;
  /** The application as last read from the tenant (for "disable first" checks). */
  readonly original?: unknown;
  /**
   * When `original` is not given: looks it up from the parsed document (e.g. by its appId), so a
   * local copy of a manifest read from the tenant is checked against what the tenant has.
   */
  readonly originalFor?: (value: unknown) => unknown;
  /** Only used in messages. */
  readonly fileName?: string;
  /** Rules to run instead of the registry (tests). */
  readonly rules?: readonly Rule[];
  /**
   * Validate against the manifest JSON schema (default true). Objects read from Microsoft Graph
   * were validated by the service; the tenant audit turns the check off for them.
   */
  readonly schema?: boolean;
}

export interface LintResult {
  readonly format: ManifestFormat;
  /** The schema the file follows (templates follow one of the two). */
  readonly flavor: SchemaFlavor;
  readonly problems: Problem[];
}

/**
 * Inputs larger than this many characters get syntax, schema and security checks only; the other
 * semantic rules are skipped with one info problem (real manifests are far below: the service caps
 * a manifest at 1,200 collection entries).
 */
export const MAX_RULES_TEXT_LENGTH = 2_000_000;

/**
 * Rules that run whatever the size of the file (each reads a few collections once: linear and
 * cheap), so padding a file past MAX_RULES_TEXT_LENGTH cannot hide a secret or an unsafe setting.
 */
export const SECURITY_RULES: ReadonlySet<string> = new Set([
  'credential-secret-in-file',
  'redirect-uri-wildcard',
  'implicit-access-token',
  'rra-high-privilege',
  'accept-mapped-claims-multitenant',
]);

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** Lints one manifest text. Every failure becomes a problem; this function does not throw. */
export function lintManifest(text: string, options: LintOptions = {}): LintResult {
  try {
    return lintUnsafe(text, options);
  } catch (err) {
    // Last resort (e.g. a stack overflow in a library on absurd input).
    return {
      format: 'not-manifest',
      flavor: 'graph',
      problems: [internalError('engine', err, 0)],
    };
  }
}

const MANIFEST_SHAPE =
  'Application manifests are JSON objects with properties such as signInAudience, requiredResourceAccess or replyUrlsWithType.';

/**
 * Lints a value that is already parsed (e.g. an application object read from Microsoft Graph)
 * without serialising and re-parsing it. The rules run on a coordinate-free tree (valueTree.ts):
 * problems are located by `path` only, their offsets are not positions in any text and their
 * fixes are not meant to be applied. There is no text, so no syntax or structure checks; the
 * schema check runs unless `schema: false`. Never throws.
 */
export function lintValue(value: unknown, options: LintOptions = {}): LintResult {
  try {
    const root = valueTree(value);
    // The format verdict reads the text only for Teams Toolkit placeholders, which in JSON text sit
    // inside a key or a string: the first key or string holding one stands for the text.
    const verdict = detectFormat(root, findString(value, hasPlaceholder) ?? '');
    const problems: Problem[] = [];
    if (verdict.format === 'not-manifest') {
      problems.push({
        ruleId: 'not-a-manifest',
        severity: 'info',
        message: `Not checked as an app manifest: ${verdict.reason}. ${MANIFEST_SHAPE}`,
        offset: root.offset,
        length: 1,
        path: '',
      });
      return finish(verdict, problems);
    }
    if (options.schema !== false)
      problems.push(
        ...safely('schema', root.offset, () =>
          schemaProblems({ root, value, text: '', format: verdict.format, flavor: verdict.flavor }),
        ),
      );
    const ctx = new LintContext(
      '',
      root,
      value,
      verdict.format,
      audienceOf(value, verdict),
      options.now ?? new Date(),
      options.catalog === null ? undefined : (options.catalog ?? builtInCatalog()),
      options.original ?? options.originalFor?.(value),
    );
    for (const rule of options.rules ?? registry) {
      if (rule.formats.includes(verdict.format)) runRule(rule, ctx, problems, root.offset);
    }
    return finish(verdict, dropCoveredBySchema(problems));
  } catch (err) {
    return { format: 'not-manifest', flavor: 'graph', problems: [internalError('engine', err, 0)] };
  }
}

/** A key or string anywhere in `value` that satisfies `test` (iterative: no recursion limit). */
function findString(value: unknown, test: (s: string) => boolean): string | undefined {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (test(v)) return v;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (test(k)) return k;
        stack.push(x);
      }
    }
  }
  return undefined;
}

function lintUnsafe(text: string, options: LintOptions): LintResult {
  const doc = asApplicationFragment(parseDocument(text));
  const problems: Problem[] = syntaxProblems(doc);
  const root = doc.root;
  if (!root && doc.tooDeep !== undefined) {
    return { format: 'not-manifest', flavor: 'graph', problems };
  }
  const verdict = detectFormat(root, doc.text);
  if (verdict.format === 'not-manifest') {
    // A file that does not parse says so; "not a manifest" would only guess from a fragment.
    if (problems.some((p) => p.ruleId === 'json-syntax')) return finish(verdict, problems);
    problems.push({
      ruleId: 'not-a-manifest',
      severity: 'info',
      message: `Not checked as an app manifest: ${verdict.reason}.${options.fileName ? '' : ''} ${MANIFEST_SHAPE}`,
      offset: root ? root.offset : 0,
      length: root ? 1 : 0,
      path: '',
    });
    return finish(verdict, problems);
  }
  // Each step that fails loses only its own findings (one internal-error names it).
  problems.push(...safely('json-structure', root!.offset, () => structureProblems(doc)));
  strictJson(problems, verdict);
  let value: unknown;
  try {
    value = documentValue(doc);
  } catch (err) {
    problems.push(internalError('document-value', err, root!.offset));
  }
  if (options.schema !== false)
    problems.push(
      ...safely('schema', root!.offset, () =>
        schemaProblems({ root: root!, value, text: doc.text, format: verdict.format, flavor: verdict.flavor }),
      ),
    );

  const ctx = createContext(doc, verdict, value, options);
  const large = text.length > MAX_RULES_TEXT_LENGTH;
  if (large) {
    problems.push({
      ruleId: 'lint-limits',
      severity: 'info',
      message: `The file is larger than ${MAX_RULES_TEXT_LENGTH.toLocaleString('en-US')} characters, so it was not fully checked: only syntax, schema and security checks (${[...SECURITY_RULES].join(', ')}) ran.`,
      offset: root!.offset,
      length: 1,
      path: '',
    });
  }
  for (const rule of options.rules ?? registry) {
    if (!rule.formats.includes(verdict.format)) continue;
    if (large && !SECURITY_RULES.has(rule.id)) continue;
    runRule(rule, ctx, problems, root!.offset);
  }
  // The conversion fix on every legacy finding, so "convert" is one click wherever the cursor is.
  let out = capPerRule(dropCoveredBySchema(problems));
  try {
    out = withConversion(doc, verdict, value, out);
  } catch (err) {
    out.push(internalError('legacy-conversion', err, root!.offset));
  }
  out = withoutRecoveryFindings(doc, out);
  return finish(verdict, doc.pruned ? withoutPrunedEdits(out, doc.pruned) : out);
}

const SYNTAX_RULES = new Set(['json-syntax', 'json-comment', 'json-trailing-comma', 'json-too-deep']);

/**
 * After a syntax error the parser guesses (keys end up in other objects, values move): findings
 * from the first syntax error on are about its guess, not the file. They are held back, with one
 * note saying how many, until the file parses.
 */
function withoutRecoveryFindings(doc: ParsedDocument, problems: Problem[]): Problem[] {
  if (doc.syntaxErrors.length === 0) return problems;
  let first = Infinity;
  for (const e of doc.syntaxErrors) first = Math.min(first, e.offset);
  const kept: Problem[] = [];
  let held = 0;
  for (const p of problems) {
    if (SYNTAX_RULES.has(p.ruleId) || p.offset < first) kept.push(p);
    else held++;
  }
  if (held > 0) {
    kept.push({
      ruleId: 'json-recovery',
      severity: 'info',
      message: `${held} other finding${held > 1 ? 's' : ''} after the first syntax error ${held > 1 ? 'are' : 'is'} not shown: past that point the parser can only guess the structure. Fix the syntax errors to see them.`,
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
function strictJson(problems: Problem[], verdict: FormatVerdict): void {
  const target =
    verdict.format === 'teams-template'
      ? 'Teams Toolkit (aadApp/update parses the rendered template as strict JSON)'
      : 'Microsoft Graph and the admin center';
  for (let i = 0; i < problems.length; i++) {
    const p = problems[i]!;
    if (!LAX_JSON_RULES.has(p.ruleId)) continue;
    problems[i] = {
      ...p,
      severity: 'error',
      message: `${p.message} ${target} reject${verdict.format === 'teams-template' ? 's' : ''} the file.`,
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
function capPerRule(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_FINDINGS_PER_RULE) return problems;
  const counts = new Map<string, number>();
  // A rule's findings arrive together: count runs of one id, one map update per run.
  let runId = '';
  let run = 0;
  for (const p of problems) {
    if (p.message === '') continue; // fix-only entries (see sortAndDedupe) are not findings
    if (p.ruleId === runId) {
      run++;
      continue;
    }
    if (run > 0) counts.set(runId, (counts.get(runId) ?? 0) + run);
    runId = p.ruleId;
    run = 1;
  }
  if (run > 0) counts.set(runId, (counts.get(runId) ?? 0) + run);
  let over: Set<string> | undefined;
  for (const [id, n] of counts) if (n > MAX_FINDINGS_PER_RULE) (over ??= new Set()).add(id);
  if (!over) return problems;
  const out: Problem[] = [];
  const byRule = new Map<string, Problem[]>();
  for (const p of problems) {
    if (!over.has(p.ruleId) || p.message === '') out.push(p);
    else {
      const list = byRule.get(p.ruleId);
      if (list) list.push(p);
      else byRule.set(p.ruleId, [p]);
    }
  }
  for (const [id, list] of byRule) {
    // Rules report in document order as a rule; sorted here when one does not.
    if (!inOrder(list)) list.sort(compareProblems);
    for (let i = 0; i < MAX_FINDINGS_PER_RULE; i++) out.push(list[i]!);
    const first = list[MAX_FINDINGS_PER_RULE]!;
    const more = list.length - MAX_FINDINGS_PER_RULE;
    out.push({
      ruleId: id,
      severity: 'info',
      message: `${more.toLocaleString('en-US')} more "${id}" findings from here on are not listed (only the first ${MAX_FINDINGS_PER_RULE} of a rule are). Fix the ones above first.`,
      offset: first.offset,
      length: first.length,
      path: first.path,
    });
  }
  return out;
}

function inOrder(list: readonly Problem[]): boolean {
  for (let i = 1; i < list.length; i++) if (compareProblems(list[i - 1]!, list[i]!) > 0) return false;
  return true;
}

/**
 * In a document whose too-deep values were blanked out, a fix whose edit writes over a blanked
 * range would write the blank: such fixes get no edits (checked when the fix is read).
 */
function withoutPrunedEdits(problems: Problem[], pruned: readonly { offset: number; length: number }[]): Problem[] {
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

/**
 * Rule findings that repeat what a schema finding on the same range already says (one mistake
 * gets one problem): rule id -> the schema rule ids that cover it. A rule run on its own still
 * reports these; in a full lint the schema's problem (with its right-case or new-GUID fix) stays.
 */
export const COVERED_BY_SCHEMA: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  // Malformed or empty ids and appIds (format uuid), "scope"/"role" in the wrong case (enum).
  ['rra-id-invalid', new Set(['schema-format', 'schema-enum'])],
  ['permission-id-invalid', new Set(['schema-format'])],
  ['known-client-invalid', new Set(['schema-format'])],
  ['preauthorized-app-id', new Set(['schema-format'])],
  // An id that is not a GUID cannot name a scope: the format finding is the one mistake.
  ['preauthorized-unknown-scope', new Set(['schema-format'])],
  ['app-role-member-types', new Set(['schema-enum'])],
  // "Not an absolute URI" (format uri).
  ['identifier-uri-format', new Set(['schema-format'])],
  ['redirect-uri-scheme', new Set(['schema-format'])],
]);

function dropCoveredBySchema(problems: Problem[]): Problem[] {
  let schemaAt: Map<number, Problem[]> | undefined;
  for (const p of problems) {
    if (!p.ruleId.startsWith('schema-')) continue;
    schemaAt ??= new Map();
    const list = schemaAt.get(p.offset);
    if (list) list.push(p);
    else schemaAt.set(p.offset, [p]);
  }
  if (!schemaAt) return problems;
  const out: Problem[] = [];
  for (const p of problems) {
    const coveredBy = COVERED_BY_SCHEMA.get(p.ruleId);
    const candidates = coveredBy ? schemaAt.get(p.offset) : undefined;
    const cover = candidates?.find((s) => s.length === p.length && coveredBy!.has(s.ruleId));
    if (!cover) {
      out.push(p);
      continue;
    }
    if (p.fixes && p.fixes.length > 0) {
      // Keep the dropped finding's fixes on the problem that stays.
      const i = out.indexOf(cover);
      const merged = { ...cover, fixes: [...(cover.fixes ?? []), ...p.fixes] };
      if (i >= 0) out[i] = merged;
      candidates!.splice(candidates!.indexOf(cover), 1, merged);
    }
  }
  return out;
}

function finish(verdict: FormatVerdict, problems: Problem[]): LintResult {
  return { format: verdict.format, flavor: verdict.flavor, problems: sortAndDedupe(problems) };
}

/** The plain value: JSON.parse when the text is strict JSON (fast), else the tolerant tree's value. */
function documentValue(doc: ParsedDocument): unknown {
  if (doc.value !== undefined) return doc.value;
  if (doc.syntaxErrors.length === 0 && doc.comments.length === 0) {
    try {
      return JSON.parse(doc.bom ? doc.text.slice(1) : doc.text);
    } catch {
      // trailing commas: fall through to the tree
    }
  }
  return doc.root ? getNodeValue(doc.root) : undefined;
}

/** Rule ids whose problems get the whole-document conversion as a fix. */
const CONVERSION_RULES = new Set(['legacy-format', 'legacy-key-in-graph', 'schema-unknown-property']);

/** The title of the whole-document conversion fix (rules' messages refer to it). */
export const CONVERT_FIX_TITLE = 'Convert to Microsoft Graph format';

/** Adds "Convert to Microsoft Graph format" to every problem about legacy keys. */
function withConversion(doc: ParsedDocument, verdict: FormatVerdict, value: unknown, problems: Problem[]): Problem[] {
  if (verdict.legacyKeys.length === 0) return problems;
  const legacyOffsets = new Set(verdict.legacyKeys.map((k) => k.offset));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return problems;
  // Converting costs a pass over the whole document: done when the fix is first read, then shared.
  const fix = lazyFix(CONVERT_FIX_TITLE, () => {
    const edit = legacyConversionEdit(doc.text, value);
    return edit ? [edit] : [];
  });
  return problems.map((p) => {
    if (!CONVERSION_RULES.has(p.ruleId)) return p;
    if (p.ruleId === 'schema-unknown-property' && !legacyOffsets.has(p.offset)) return p;
    if (p.fixes?.some((f) => f.title === CONVERT_FIX_TITLE)) return p;
    return { ...p, fixes: [...(p.fixes ?? []), fix] };
  });
}

function audienceOf(value: unknown, verdict: FormatVerdict): string | undefined {
  const obj =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  let audience = typeof obj.signInAudience === 'string' ? obj.signInAudience : undefined;
  if (audience === undefined && verdict.flavor === 'legacy' && typeof obj.availableToOtherTenants === 'boolean') {
    audience = obj.availableToOtherTenants ? 'AzureADMultipleOrgs' : 'AzureADMyOrg';
  }
  return audience;
}

function createContext(doc: ParsedDocument, verdict: FormatVerdict, value: unknown, options: LintOptions): RuleContext {
  return new LintContext(
    doc.text,
    doc.root,
    value,
    verdict.format,
    audienceOf(value, verdict),
    options.now ?? new Date(),
    options.catalog === null ? undefined : (options.catalog ?? builtInCatalog()),
    options.original ?? options.originalFor?.(value),
  );
}

/** The context of one lint run; its memo lives and dies with the run. */
class LintContext implements RuleContext {
  private readonly cache = new Map<string, unknown>();
  constructor(
    readonly text: string,
    readonly root: JsonNode | undefined,
    readonly value: unknown,
    readonly format: ManifestFormat,
    readonly signInAudience: string | undefined,
    readonly now: Date,
    readonly catalog: PermissionCatalog | undefined,
    readonly original: unknown,
  ) {}

  memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }

  nodeAt(path: readonly (string | number)[]): JsonNode | undefined {
    return nodeAtPath(this.root, path);
  }
}

/** Runs one rule and appends its well-formed problems (no intermediate arrays); a throw becomes a problem. */
function runRule(rule: Rule, ctx: RuleContext, into: Problem[], offset: number): void {
  let result: Problem[];
  try {
    result = rule.check(ctx);
  } catch (err) {
    into.push(internalError(rule.id, err, offset));
    return;
  }
  if (!Array.isArray(result)) return;
  for (let i = 0; i < result.length; i++) {
    const p = result[i];
    if (isProblem(p)) into.push(p);
  }
}

function safely(id: string, offset: number, run: () => Problem[]): Problem[] {
  try {
    const result = run();
    return Array.isArray(result) ? result.filter(isProblem) : [];
  } catch (err) {
    return [internalError(id, err, offset)];
  }
}

function isProblem(p: unknown): p is Problem {
  const x = p as Problem | undefined;
  return (
    !!x &&
    typeof x.ruleId === 'string' &&
    typeof x.offset === 'number' &&
    typeof x.length === 'number' &&
    typeof x.message === 'string'
  );
}

function internalError(id: string, err: unknown, offset: number): Problem {
  const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return {
    ruleId: 'internal-error',
    severity: 'error',
    message: `The check "${id}" failed on this input (${reason.slice(0, 200)}). Other results are unaffected; please report this.`,
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
  for (const p of problems) {
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

export type { JsonNode };

/**
 * The documentation link of any rule id the engine reports: the rule's own `docs` for registry
 * rules, the Microsoft reference for schema and syntax rules, else the README's rule table.
 */
export function docsForRule(ruleId: string, registry: readonly Rule[] = defaultRegistry): string {
  return (
    registry.find((r) => r.id === ruleId)?.docs ?? schemaRules.find((r) => r.id === ruleId)?.docs ?? ruleDocs(ruleId)
  );
}
