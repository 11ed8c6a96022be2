// The manifest engine: parse once, format verdict, schema, every rule that applies; sorted, de-duplicated problems.
import { getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';
import { builtInCatalog } from './catalog';
import { legacyConversionEdit } from './convert';
import { blankScaffoldSections } from '../entra/placeholders';
import { asApplicationFragment } from './fragment';
import { detectFormat, hasPlaceholder, type FormatVerdict, type SchemaFlavor } from './format';
import { KeyIndex, parseDocument, type ParseOptions, type ParsedDocument } from './json';
import { syntaxErrorCount } from './parseErrors';
import { LintContext, audienceOf, createContext } from './lintContext';
import { structureProblems, syntaxProblems } from './jsonProblems';
import { ruleDocs } from './docs';
import {
  capPerRule,
  dropCoveredBySchema,
  internalError,
  runRule,
  safely,
  schemaCoverage,
  sortAndDedupe,
  strictJson,
  withoutPrunedEdits,
  withoutRecoveryFindings,
} from './findings';
import { rules as registry } from './rules';
import { lazyFix } from './rules/util';
import { convertFixTitle } from './rules/legacyKeys';
import { schemaProblems, schemaRules } from './schema';
import { boundedValue, SCHEMA_ENTRY_BOUND, type BoundedValue } from './schemaBound';
import { describePath } from './schemaPaths';
import { formatCount } from '../text/count';
import type { ManifestFormat, PermissionCatalog, Problem, Rule } from './types';
import { valueTree } from './valueTree';

export { COVERED_BY_SCHEMA, MAX_FINDINGS_PER_RULE, sortAndDedupe } from './findings';

const defaultRegistry = registry;

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
  /** How the text is parsed (tests lint through jsonc-parser's own tree with `{ fastPaths: false }`). */
  readonly parse?: ParseOptions;
  /**
   * Validate against the manifest JSON schema (default true). Objects read from Microsoft Graph
   * were validated by the service; the tenant audit turns the check off for them.
   */
  readonly schema?: boolean;
  /**
   * Translates the texts of the findings (messages and fix titles); English by default. Values in
   * them (property names, URIs, ids, rule ids) stay as written.
   */
  readonly l10n?: Localizer;
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

/**
 * The rules that run on a manifest with a list longer than SCHEMA_ENTRY_BOUND (1,200) entries, more
 * than Entra accepts in all collections of a manifest together: the security rules, and the rules
 * that say which list is past its limit. The other rules would read tens of thousands of entries
 * Entra never stores (most of the lint time of such a file); they run once the list is shortened.
 */
export const LONG_LIST_RULES: ReadonlySet<string> = new Set([
  ...SECURITY_RULES,
  'manifest-entry-count',
  'redirect-uri-count',
  'rra-count',
  'permission-count',
  'credential-count-personal',
  'scope-count-personal',
  'preauthorized-limits-personal',
]);

/** Lints one manifest text. Every failure becomes a problem; this function does not throw. */
export function lintManifest(text: string, options: LintOptions = {}): LintResult {
  const l10n = options.l10n ?? english;
  try {
    return lintUnsafe(text, options, l10n);
  } catch (err) {
    // Last resort (e.g. a stack overflow in a library on absurd input).
    return {
      format: 'not-manifest',
      flavor: 'graph',
      problems: [internalError('engine', err, 0, l10n)],
    };
  }
}

/** The "not a manifest" finding's message: why, and what a manifest looks like. */
function notManifestMessage(reason: string, l10n: Localizer<l10n.L10nReplacement>): string {
  return l10n.t(
    'Not checked as an app manifest: {0}. Application manifests are JSON objects with properties such as signInAudience, requiredResourceAccess or replyUrlsWithType.',
    reason,
  );
}

/**
 * Lints a value that is already parsed (e.g. an application object read from Microsoft Graph)
 * without serialising and re-parsing it. The rules run on a coordinate-free tree (valueTree.ts):
 * problems are located by `path` only, their offsets are not positions in any text and their
 * fixes are not meant to be applied. There is no text, so no syntax or structure checks; the
 * schema check runs unless `schema: false`. Never throws.
 */
export function lintValue(value: unknown, options: LintOptions = {}): LintResult {
  const l10n = options.l10n ?? english;
  try {
    const root = valueTree(value);
    // For Teams Toolkit placeholders (inside a key or string), the first key or string holding one.
    const verdict = detectFormat(root, findString(value, hasPlaceholder) ?? '', l10n);
    const problems: Problem[] = [];
    if (verdict.format === 'not-manifest') {
      problems.push({
        ruleId: 'not-a-manifest',
        severity: 'info',
        message: notManifestMessage(verdict.reason, l10n),
        offset: root.offset,
        length: 1,
        path: '',
      });
      return finish(verdict, problems);
    }
    if (options.schema !== false)
      problems.push(
        ...safely(
          'schema',
          root.offset,
          () => schemaProblems({ root, value, text: '', format: verdict.format, flavor: verdict.flavor }, l10n),
          l10n,
        ),
      );
    const ctx = new LintContext(
      new KeyIndex(),
      '',
      root,
      value,
      verdict.format,
      audienceOf(value, verdict),
      options.now ?? new Date(),
      options.catalog === null ? undefined : (options.catalog ?? builtInCatalog()),
      options.original ?? options.originalFor?.(value),
      l10n,
    );
    for (const rule of options.rules ?? registry) {
      if (rule.formats.includes(verdict.format)) runRule(rule, ctx, problems, root.offset);
    }
    return finish(verdict, dropCoveredBySchema(problems));
  } catch (err) {
    return { format: 'not-manifest', flavor: 'graph', problems: [internalError('engine', err, 0, l10n)] };
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

function lintUnsafe(text: string, options: LintOptions, l10n: Localizer<l10n.L10nReplacement>): LintResult {
  // A Teams Toolkit project template (Mustache sections around JSON lines) is read as the project
  // it makes, its sections set; offsets stay those of the original text.
  const sections = blankScaffoldSections(text);
  return lintParsed(parseDocument(sections ? sections.text : text, options.parse), text, options, l10n);
}

/** lintManifest after its parse of `text` (tests compare parse paths through it); lintManifest catches. */
export function lintParsed(
  parsed: ParsedDocument,
  text: string,
  options: LintOptions,
  l10n: Localizer<l10n.L10nReplacement> = options.l10n ?? english,
): LintResult {
  const doc = asApplicationFragment(parsed);
  const problems: Problem[] = syntaxProblems(doc, l10n);
  const root = doc.root;
  if (!root && doc.tooDeep !== undefined) {
    return { format: 'not-manifest', flavor: 'graph', problems };
  }
  const verdict = detectFormat(root, doc.text, l10n);
  if (verdict.format === 'not-manifest') {
    // A file that does not parse says so; "not a manifest" would only guess from a fragment.
    if (problems.some((p) => p.ruleId === 'json-syntax')) return finish(verdict, problems);
    problems.push({
      ruleId: 'not-a-manifest',
      severity: 'info',
      message: notManifestMessage(verdict.reason, l10n),
      offset: root ? root.offset : 0,
      length: root ? 1 : 0,
      path: '',
    });
    return finish(verdict, problems);
  }
  // Each step that fails loses only its own findings (one internal-error names it).
  problems.push(...safely('json-structure', root!.offset, () => structureProblems(doc, l10n), l10n));
  strictJson(problems, verdict, l10n);
  // Key maps of large objects, made as schema errors and rules look keys up; dropped with the run.
  const keyIndex = new KeyIndex();
  let value: unknown;
  try {
    value = documentValue(doc);
  } catch (err) {
    problems.push(internalError('document-value', err, root!.offset, l10n));
  }
  // The lists past the schema's bound (also what decides which rules run, below).
  let bounded: BoundedValue | undefined;
  try {
    bounded = boundedValue(value, verdict.flavor);
  } catch (err) {
    problems.push(internalError('schema-bound', err, root!.offset, l10n));
  }
  if (options.schema !== false)
    problems.push(
      ...safely(
        'schema',
        root!.offset,
        () =>
          schemaProblems(
            { root: root!, value, text: doc.text, format: verdict.format, flavor: verdict.flavor, keyIndex },
            l10n,
            bounded,
          ),
        l10n,
      ),
    );

  const ctx = createContext(doc, verdict, value, options, keyIndex, l10n, schemaCoverage(problems));
  const large = text.length > MAX_RULES_TEXT_LENGTH;
  const cut = large ? [] : (bounded?.cut ?? []);
  const longest = cut.length > 0 ? cut.reduce((a, b) => (b.length > a.length ? b : a)) : undefined;
  if (longest) {
    problems.push({
      ruleId: 'lint-limits',
      severity: 'info',
      message: l10n.t(
        '{0} has {1} entries, more than the {2} Entra accepts in all collections of a manifest together, so the file was not fully checked: only syntax, schema (the first {2} entries of each list), security ({3}) and list-limit checks ran. Shorten the list to see the other findings.',
        describePath(longest.path, l10n),
        formatCount(longest.length),
        formatCount(SCHEMA_ENTRY_BOUND),
        [...SECURITY_RULES].join(', '),
      ),
      offset: root!.offset,
      length: 1,
      path: '',
    });
  }
  if (large) {
    problems.push({
      ruleId: 'lint-limits',
      severity: 'info',
      message: l10n.t(
        'The file is larger than {0} characters, so it was not fully checked: only syntax, schema and security checks ({1}) ran.',
        formatCount(MAX_RULES_TEXT_LENGTH),
        [...SECURITY_RULES].join(', '),
      ),
      offset: root!.offset,
      length: 1,
      path: '',
    });
  }
  for (const rule of options.rules ?? registry) {
    if (!rule.formats.includes(verdict.format)) continue;
    if (large && !SECURITY_RULES.has(rule.id)) continue;
    if (longest && !LONG_LIST_RULES.has(rule.id)) continue;
    runRule(rule, ctx, problems, root!.offset);
  }
  // The conversion fix on every legacy finding, so "convert" is one click wherever the cursor is.
  let out = capPerRule(dropCoveredBySchema(problems), l10n);
  try {
    out = withConversion(doc, verdict, value, out, l10n);
  } catch (err) {
    out.push(internalError('legacy-conversion', err, root!.offset, l10n));
  }
  out = withoutRecoveryFindings(doc, out, l10n);
  return finish(verdict, doc.pruned ? withoutPrunedEdits(out, doc.pruned) : out);
}

function finish(verdict: FormatVerdict, problems: Problem[]): LintResult {
  return { format: verdict.format, flavor: verdict.flavor, problems: sortAndDedupe(problems) };
}

/** The plain value: JSON.parse when the text is strict JSON (fast), else the tolerant tree's value. */
function documentValue(doc: ParsedDocument): unknown {
  if (doc.value !== undefined) return doc.value;
  if (syntaxErrorCount(doc) === 0 && doc.comments.length === 0) {
    if (doc.parsedValue !== undefined) return doc.parsedValue;
    try {
      return JSON.parse(doc.bom ? doc.text.slice(1) : doc.text);
    } catch {} // trailing commas: fall through to the tree
  }
  return doc.root ? getNodeValue(doc.root) : undefined;
}

/** Rule ids whose problems get the whole-document conversion as a fix. */
const CONVERSION_RULES = new Set(['legacy-format', 'legacy-key-in-graph', 'schema-unknown-property']);

/** Adds "Convert to Microsoft Graph format" to every problem about legacy keys. */
function withConversion(
  doc: ParsedDocument,
  verdict: FormatVerdict,
  value: unknown,
  problems: Problem[],
  l10n: Localizer<l10n.L10nReplacement>,
): Problem[] {
  if (verdict.legacyKeys.length === 0) return problems;
  const legacyOffsets = new Set(verdict.legacyKeys.map((k) => k.offset));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return problems;
  const title = convertFixTitle(l10n);
  // Converting costs a pass over the whole document: done when the fix is first read, then shared.
  const fix = lazyFix(title, () => {
    const edit = legacyConversionEdit(doc.text, value);
    return edit ? [edit] : [];
  });
  return problems.map((p) => {
    if (!CONVERSION_RULES.has(p.ruleId)) return p;
    if (p.ruleId === 'schema-unknown-property' && !legacyOffsets.has(p.offset)) return p;
    if (p.fixes?.some((f) => f.title === title)) return p;
    return { ...p, fixes: [...(p.fixes ?? []), fix] };
  });
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
