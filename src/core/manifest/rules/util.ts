// Small helpers shared by the semantic rules: defensive tree access, JSON pointers, audience
// classes, placeholders, problems and lazily computed fixes. Edits by path are in edits.ts, scope
// and role definitions in definitions.ts. Everything works on jsonc-parser nodes and offsets.
import type * as l10n from '@vscode/l10n';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Localizer } from '../../text/localizer';
import { BackedNode, KeyedNode } from '../backedNode';
import { ValueNode } from '../valueTree';
import type { Fix, ManifestFormat, Problem, Rule, RuleContext, Severity, TextEdit } from '../types';

export type Segment = string | number;

export const ALL_FORMATS: readonly ManifestFormat[] = ['graph', 'legacy', 'teams-template', 'partial'];
// Entra knowledge lives in core/entra; the rules import it from here under their short names.
import { isGuid } from '../../entra/ids';
import { hasPlaceholder } from '../../entra/placeholders';
export {
  MICROSOFT_GRAPH_APP_ID as GRAPH_GUID,
  AZURE_AD_GRAPH_APP_ID as AAD_GRAPH_GUID,
  isGuid,
  isGuidAt,
} from '../../entra/ids';
export { hasPlaceholder };
export { DeferredProblem, Findings, findings } from './findingRuns';

/** JSON pointer (RFC 6901) of a path. */
export function pointer(path: readonly Segment[]): string {
  let out = '';
  for (const seg of path) {
    const t = typeof seg === 'number' ? String(seg) : seg;
    out += '/' + (t.includes('~') || t.includes('/') ? t.replace(/~/g, '~0').replace(/\//g, '~1') : t);
  }
  return out;
}

/** The value node of `key` in an object node (last one wins, like JSON.parse). */
export function child(node: JsonNode | undefined, key: string): JsonNode | undefined {
  // The strict-JSON tree makes the value node alone (its property node when asked for).
  if (node instanceof BackedNode) return node.memberValue(key);
  const prop = propertyNode(node, key);
  return prop?.children?.[1];
}

/** The property node (`"key": value`) of `key` in an object node. */
export function propertyNode(node: JsonNode | undefined, key: string): JsonNode | undefined {
  // The trees made on demand find a key without making the other properties (a large object's
  // keys from a map, not by reading every member at each lookup).
  if (node instanceof KeyedNode || node instanceof ValueNode) return node.member(key);
  if (node?.type !== 'object' || !node.children) return undefined;
  let found: JsonNode | undefined;
  for (const p of node.children) {
    const k = p.children?.[0];
    if (k && k.value === key) found = p;
  }
  return found;
}

/** The key node of `key` in an object node. */
export function keyNode(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return propertyNode(node, key)?.children?.[0];
}

/** Array elements, or none when the node is not an array. */
export function elements(node: JsonNode | undefined): readonly JsonNode[] {
  return node?.type === 'array' ? (node.children ?? []) : [];
}

/** The number of elements of an array node (0 when not an array), without making their nodes. */
export function elementCount(node: JsonNode | undefined): number {
  if (node instanceof BackedNode && node.type === 'array') return (node.plainValue() as unknown[]).length;
  return elements(node).length;
}

/**
 * The entries whose text passes `test`, in order. Entries that repeat a text share it (`texts`
 * holds each once), so `test` runs once per distinct text: none passing gives none without reading
 * the entries, all passing gives `entries` itself.
 */
export function withTextWhere<T, E extends { readonly text: T }>(
  entries: readonly E[],
  texts: readonly T[],
  test: (text: T) => boolean,
): readonly E[] {
  let hits: Set<T> | undefined;
  for (const t of texts) if (test(t)) (hits ??= new Set()).add(t);
  if (hits === undefined) return [];
  if (hits.size === texts.length) return entries;
  const matched = hits;
  return entries.filter((e) => matched.has(e.text));
}

export function str(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

export function bool(node: JsonNode | undefined): boolean | undefined {
  return node?.type === 'boolean' && typeof node.value === 'boolean' ? node.value : undefined;
}

export function num(node: JsonNode | undefined): number | undefined {
  return node?.type === 'number' && typeof node.value === 'number' ? node.value : undefined;
}

/** The document's root object node, or undefined when the document is not an object. */
export function rootObject(ctx: RuleContext): JsonNode | undefined {
  return ctx.root?.type === 'object' ? ctx.root : undefined;
}

/** Audience classes that change the limits. */
export type AudienceClass = 'entra' | 'personal' | 'unknown';

/** The length of the longest signInAudience value ("AzureADandPersonalMicrosoftAccount"). */
const LONGEST_AUDIENCE = 34;

export function audienceOf(ctx: RuleContext): AudienceClass {
  const a = ctx.signInAudience;
  // A longer text is none of the values: not lower-cased (rules ask for every lint).
  if (typeof a !== 'string' || a.length > LONGEST_AUDIENCE || hasPlaceholder(a)) return 'unknown';
  switch (a.toLowerCase()) {
    case 'azureadmyorg':
    case 'azureadmultipleorgs':
      return 'entra';
    case 'azureadandpersonalmicrosoftaccount':
    case 'personalmicrosoftaccount':
      return 'personal';
    default:
      return 'unknown';
  }
}

/** Whether the text is `value`, in any case (a text of another length is not lower-cased). */
export function sameTextIgnoringCase(text: string | undefined, value: string): boolean {
  return text !== undefined && text.length === value.length && text.toLowerCase() === value.toLowerCase();
}

export function isMultiTenant(ctx: RuleContext): boolean {
  const audience = ctx.signInAudience;
  if (audience === undefined || audience.length > LONGEST_AUDIENCE) return false;
  const a = audience.toLowerCase();
  return a === 'azureadmultipleorgs' || a === 'azureadandpersonalmicrosoftaccount' || a === 'personalmicrosoftaccount';
}

/** The app's own appId when written as a GUID. */
export function ownAppId(ctx: RuleContext): string | undefined {
  const id = str(child(rootObject(ctx), 'appId'));
  return id && isGuid(id) ? id.toLowerCase() : undefined;
}

/** Builds a problem anchored on a node. */
export function report(
  rule: Pick<Rule, 'id' | 'severity'>,
  node: JsonNode,
  path: readonly Segment[],
  message: string,
  extra?: { severity?: Severity; fixes?: readonly Fix[]; tags?: Problem['tags'] },
): Problem {
  const p: { -readonly [K in keyof Problem]: Problem[K] } = {
    ruleId: rule.id,
    severity: extra?.severity ?? rule.severity,
    message,
    offset: node.offset,
    length: node.length,
    path: pointer(path),
  };
  if (extra?.fixes && extra.fixes.length > 0) p.fixes = extra.fixes;
  if (extra?.tags) p.tags = extra.tags;
  return p;
}

/** A fresh random GUID (version 4), for "Replace with a new GUID" fixes. */
export function newGuid(): string {
  return globalThis.crypto.randomUUID();
}

/** "Replace with a new GUID" on a string value node: the GUID is drawn when the fix is first read, then kept. */
export function newGuidFix(
  node: { readonly offset: number; readonly length: number },
  l10n: Localizer<l10n.L10nReplacement>,
): Fix {
  const { offset, length } = node;
  return lazyFix(l10n.t('Replace with a new GUID'), () => [{ offset, length, content: JSON.stringify(newGuid()) }]);
}

/**
 * A fix whose edits are computed only when read (quick-fix menu, CLI --fix), so that linting a
 * large document never pays for `modify` re-parsing it. Errors yield no edits.
 */
export function lazyFix(title: string, compute: () => TextEdit[], preferred?: boolean): Fix {
  return new LazyFix(title, compute, preferred === true);
}

/** A fix with edits made on first read (a prototype getter: no per-fix property definition). */
class LazyFix implements Fix {
  private cached: TextEdit[] | undefined;
  readonly preferred?: boolean;

  constructor(
    readonly title: string,
    private readonly compute: () => TextEdit[],
    preferred: boolean,
  ) {
    if (preferred) this.preferred = true;
  }

  get edits(): readonly TextEdit[] {
    if (this.cached === undefined) {
      try {
        this.cached = this.compute();
      } catch {
        this.cached = [];
      }
    }
    return this.cached;
  }

  /** Serialises like a plain fix (the edits are computed). */
  toJSON(): Fix {
    return this.preferred
      ? { title: this.title, edits: this.edits, preferred: true }
      : { title: this.title, edits: this.edits };
  }
}

/** A string in a list with its node and path. */
export interface StringItem {
  readonly node: JsonNode;
  /** Where the item starts (its node's offset, read without making the node). */
  readonly start: number;
  readonly value: string;
  readonly path: readonly Segment[];
}

/** A string item whose node and path are made when read (most items are never reported). */
class ListItem implements StringItem {
  private madePath: Segment[] | undefined;
  constructor(
    private madeNode: JsonNode | undefined,
    readonly value: string,
    private readonly list: JsonNode,
    private readonly listPath: readonly Segment[],
    private readonly index: number,
  ) {}

  get node(): JsonNode {
    // Not made yet: the list is of the strict-JSON tree.
    return (this.madeNode ??= (this.list as BackedNode).element(this.index)!);
  }

  get path(): readonly Segment[] {
    return (this.madePath ??= [...this.listPath, this.index]);
  }

  get start(): number {
    return this.madeNode !== undefined ? this.madeNode.offset : (this.list as BackedNode).elementOffset(this.index);
  }
}

export function stringItems(arr: JsonNode | undefined, path: readonly Segment[]): StringItem[] {
  const out: StringItem[] = [];
  const list = new StringList(arr);
  for (let i = 0; i < list.length; i++) {
    const v = list.value(i);
    if (v !== undefined) out.push(new ListItem(list.made(i), v, arr!, path, i));
  }
  return out;
}

/**
 * The elements of an array node read by position: on the strict-JSON tree from the parsed value,
 * an element's node made only when asked for (a list of 30,000 strings costs no node each until
 * one is reported); on other trees from the nodes. Empty when the node is not an array.
 */
export class StringList {
  readonly length: number;
  private readonly lazy: BackedNode | undefined;
  private readonly plain: readonly unknown[] | undefined;
  private readonly nodes: readonly JsonNode[];

  constructor(arr: JsonNode | undefined) {
    if (arr instanceof BackedNode && arr.type === 'array') {
      this.lazy = arr;
      this.plain = arr.plainValue() as unknown[];
      this.nodes = [];
      this.length = this.plain.length;
    } else {
      this.nodes = elements(arr);
      this.length = this.nodes.length;
    }
  }

  /** The string at position `i`, or undefined when that element is not a string. */
  value(i: number): string | undefined {
    if (this.plain === undefined) return str(this.nodes[i]);
    const v = this.plain[i];
    return typeof v === 'string' ? v : undefined;
  }

  /** The node of element `i` (made now on the strict-JSON tree). */
  node(i: number): JsonNode {
    return this.lazy !== undefined ? this.lazy.element(i)! : this.nodes[i]!;
  }

  /** The node of element `i` when it exists already (other trees), else undefined. */
  made(i: number): JsonNode | undefined {
    return this.lazy !== undefined ? undefined : this.nodes[i];
  }

  /** Where element `i` starts (without making its node on the strict-JSON tree). */
  start(i: number): number {
    return this.lazy !== undefined ? this.lazy.elementOffset(i) : this.nodes[i]!.offset;
  }
}

/**
 * A bounded Levenshtein distance function (max+1 when farther) with its own two rows of scratch space, grown on demand:
 * made once by a caller that compares many pairs (no allocation per comparison).
 */
export function editDistance(): (a: string, b: string, max?: number) => number {
  let rowA = new Int32Array(64);
  let rowB = new Int32Array(64);
  return (a, b, max = 3) => {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    const width = b.length + 1;
    if (rowA.length < width) {
      rowA = new Int32Array(width * 2);
      rowB = new Int32Array(width * 2);
    }
    let prev = rowA;
    let cur = rowB;
    for (let j = 0; j < width; j++) prev[j] = j;
    for (let i = 1; i <= a.length; i++) {
      cur[0] = i;
      let best = i;
      const ca = a.charCodeAt(i - 1);
      for (let j = 1; j < width; j++) {
        const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1));
        cur[j] = v;
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      const t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length]!;
  };
}

/** A rule definition whose `check` also receives the rule itself (no reliance on `this`). */
export interface RuleSpec extends Omit<Rule, 'check'> {
  check(ctx: RuleContext, self: Rule): Problem[];
}

export function defineRule(spec: RuleSpec): Rule {
  const { check, ...meta } = spec;
  const r: Rule = { ...meta, check: (ctx: RuleContext) => check(ctx, r) };
  return r;
}

/** Shortens an untrusted string for a message (keeps messages one short line). */
export function short(s: string, max = 60): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
