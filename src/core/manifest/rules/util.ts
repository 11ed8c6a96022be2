// Small helpers shared by the semantic rules: defensive tree access, JSON pointers, audience
// classes, placeholders and fix edits. Everything works on jsonc-parser nodes and offsets.
import { applyEdits, modify, type FormattingOptions, type JSONPath, type Node as JsonNode } from 'jsonc-parser';
import { LazyNode } from '../fastTree';
import { ValueNode } from '../valueTree';
import { textPath } from '../fragment';
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
  const prop = propertyNode(node, key);
  return prop?.children?.[1];
}

/** The property node (`"key": value`) of `key` in an object node. */
export function propertyNode(node: JsonNode | undefined, key: string): JsonNode | undefined {
  // The strict-JSON tree finds a key from the parsed value, without making the other properties.
  if (node instanceof LazyNode || node instanceof ValueNode) return node.member(key);
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

/** Property nodes of an object, or none. */
export function properties(node: JsonNode | undefined): readonly JsonNode[] {
  return node?.type === 'object' ? (node.children ?? []) : [];
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

export function audienceOf(ctx: RuleContext): AudienceClass {
  const a = ctx.signInAudience;
  if (typeof a !== 'string' || hasPlaceholder(a)) return 'unknown';
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

export function isMultiTenant(ctx: RuleContext): boolean {
  const a = ctx.signInAudience?.toLowerCase();
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

/** Indentation and line ending as the document already uses them. */
export function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(text.slice(0, 4096));
  const indent = m?.[1] ?? '  ';
  return indent.startsWith('\t')
    ? { insertSpaces: false, tabSize: 1, eol }
    : { insertSpaces: true, tabSize: indent.length, eol };
}

/** True when `modify` can set `path`: every existing node on the way has the right container type. */
export function canSet(root: JsonNode | undefined, path: readonly Segment[]): boolean {
  let n: JsonNode | undefined = root;
  for (const seg of path) {
    if (!n) return true; // missing levels are created
    if (typeof seg === 'string') {
      if (n.type !== 'object') return false;
      n = child(n, seg);
    } else {
      if (n.type !== 'array') return false;
      n = n.children?.[seg];
    }
  }
  return true;
}

/** Edits setting a value at a path (jsonc-parser `modify`); none when the path cannot be set. */
export function setEdits(text: string, path: JSONPath, value: unknown): TextEdit[] {
  try {
    return modify(text, [...textPath(text, path)], value, { formattingOptions: formattingOf(text) });
  } catch {
    return [];
  }
}

/** Replaces a node's text with a JSON value. */
export function replaceNode(node: JsonNode, value: unknown): TextEdit {
  return { offset: node.offset, length: node.length, content: JSON.stringify(value) };
}

/** Collapses a sequence of document transformations into one minimal edit. */
export function diffEdit(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { offset: start, length: endB - start, content: after.slice(start, endA) };
}

/** Applies several `modify` steps in order and returns them as one edit (none if a step fails). */
export function chainedEdits(
  text: string,
  steps: readonly { path: JSONPath; value: unknown; insert?: boolean }[],
): TextEdit[] {
  const fmt = formattingOf(text);
  let t = text;
  try {
    for (const s of steps)
      t = applyEdits(
        t,
        modify(t, [...textPath(t, s.path)], s.value, { formattingOptions: fmt, isArrayInsertion: s.insert ?? false }),
      );
  } catch {
    return [];
  }
  return t === text ? [] : [diffEdit(text, t)];
}

/** Removes the array element or property at `path` (with its comma), computed when first read. */
export function removeFix(ctx: RuleContext, path: readonly Segment[], title: string): Fix {
  return lazyFix(title, () => chainedEdits(ctx.text, [{ path: [...path], value: undefined }]));
}

/** A fresh random GUID (version 4), for "Replace with a new GUID" fixes. */
export function newGuid(): string {
  return globalThis.crypto.randomUUID();
}

/** "Replace with a new GUID" on a string value node: the GUID is drawn when the fix is first read, then kept. */
export function newGuidFix(node: { readonly offset: number; readonly length: number }): Fix {
  const { offset, length } = node;
  return lazyFix('Replace with a new GUID', () => [{ offset, length, content: JSON.stringify(newGuid()) }]);
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

/**
 * Definitions of scopes or roles as they appear in either format. The plain fields (`id`,
 * `value`, ...) are read without making nodes; the node fields are made when a rule reads them
 * (usually to report), so a large manifest's definitions cost no tree.
 */
export interface Definition {
  readonly kind: 'scope' | 'role';
  readonly node: JsonNode;
  readonly path: readonly Segment[];
  /** The `id` and `value` nodes and their string values (undefined when absent or not strings). */
  readonly idNode: JsonNode | undefined;
  readonly id: string | undefined;
  readonly valueNode: JsonNode | undefined;
  readonly value: string | undefined;
  /** The id lower-cased, when it is a string without placeholders (computed once per run). */
  readonly idKey: string | undefined;
  /** Whether the id is a GUID (tested once per run). */
  readonly idIsGuid: boolean;
  /** Other value nodes rules read. */
  readonly isEnabledNode: JsonNode | undefined;
  readonly allowedMemberTypesNode: JsonNode | undefined;
  /** The plain value of `isEnabled` (a node's `value`: undefined for objects and arrays, as in the tree). */
  readonly isEnabled: unknown;
  /** The items of `allowedMemberTypes` when it is an array (strings as written; other items are not strings). */
  readonly allowedMemberTypes: readonly unknown[] | undefined;
}

/** A node's `value` as jsonc-parser gives it: leaves only. */
function leafValue(v: unknown): unknown {
  return v !== null && typeof v === 'object' ? undefined : v;
}

/** A definition read from the plain value; nodes are made on first read. */
class PlainDefinition implements Definition {
  readonly id: string | undefined;
  readonly value: string | undefined;
  readonly idKey: string | undefined;
  readonly idIsGuid: boolean;
  readonly isEnabled: unknown;
  readonly allowedMemberTypes: readonly unknown[] | undefined;
  private madeNode: JsonNode | undefined;
  private madePath: Segment[] | undefined;

  constructor(
    readonly kind: 'scope' | 'role',
    private readonly collection: JsonNode,
    private readonly collectionPath: readonly Segment[],
    private readonly index: number,
    plain: Record<string, unknown>,
  ) {
    const id = plain.id;
    const value = plain.value;
    this.id = typeof id === 'string' ? id : undefined;
    this.value = typeof value === 'string' ? value : undefined;
    this.idKey = typeof id === 'string' && !id.includes('{{') ? id.toLowerCase() : undefined;
    this.idIsGuid = typeof id === 'string' && isGuid(id);
    this.isEnabled = leafValue(plain.isEnabled);
    const types = plain.allowedMemberTypes;
    this.allowedMemberTypes = Array.isArray(types) ? types : undefined;
  }

  get node(): JsonNode {
    return (this.madeNode ??= this.collection.children![this.index]!);
  }

  get path(): readonly Segment[] {
    return (this.madePath ??= [...this.collectionPath, this.index]);
  }

  get idNode(): JsonNode | undefined {
    return child(this.node, 'id');
  }

  get valueNode(): JsonNode | undefined {
    return child(this.node, 'value');
  }

  get isEnabledNode(): JsonNode | undefined {
    return child(this.node, 'isEnabled');
  }

  get allowedMemberTypesNode(): JsonNode | undefined {
    return child(this.node, 'allowedMemberTypes');
  }
}

/** A definition read from a jsonc-parser tree (documents off the strict fast path). */
function treeDefinition(kind: 'scope' | 'role', node: JsonNode, path: Segment[]): Definition {
  let idNode: JsonNode | undefined;
  let valueNode: JsonNode | undefined;
  let isEnabledNode: JsonNode | undefined;
  let allowedMemberTypesNode: JsonNode | undefined;
  const props = node.children;
  if (props) {
    // Last duplicate wins, as with JSON.parse and child().
    for (let i = 0; i < props.length; i++) {
      const pc = props[i]!.children;
      if (!pc) continue;
      const k = pc[0]?.value;
      if (k === 'id') idNode = pc[1];
      else if (k === 'value') valueNode = pc[1];
      else if (k === 'isEnabled') isEnabledNode = pc[1];
      else if (k === 'allowedMemberTypes') allowedMemberTypesNode = pc[1];
    }
  }
  const id = str(idNode);
  return {
    kind,
    node,
    path,
    idNode,
    id,
    valueNode,
    value: str(valueNode),
    idKey: id !== undefined && !id.includes('{{') ? id.toLowerCase() : undefined,
    idIsGuid: id !== undefined && isGuid(id),
    isEnabledNode,
    allowedMemberTypesNode,
    isEnabled: isEnabledNode?.value,
    allowedMemberTypes:
      allowedMemberTypesNode?.type === 'array'
        ? (allowedMemberTypesNode.children ?? []).map((n) => n.value)
        : undefined,
  };
}

/** Where the delegated scopes live: `api.oauth2PermissionScopes` (graph) and legacy `oauth2Permissions`. */
export function scopeCollections(ctx: RuleContext): { node: JsonNode; path: Segment[] }[] {
  const root = rootObject(ctx);
  const out: { node: JsonNode; path: Segment[] }[] = [];
  const g = child(child(root, 'api'), 'oauth2PermissionScopes');
  if (g?.type === 'array') out.push({ node: g, path: ['api', 'oauth2PermissionScopes'] });
  const l = child(root, 'oauth2Permissions');
  if (l?.type === 'array') out.push({ node: l, path: ['oauth2Permissions'] });
  return out;
}

export function roleCollection(ctx: RuleContext): { node: JsonNode; path: Segment[] } | undefined {
  const r = child(rootObject(ctx), 'appRoles');
  return r?.type === 'array' ? { node: r, path: ['appRoles'] } : undefined;
}

/**
 * A value computed once per lint run and shared by every rule: kept in the run's `memo` (dropped
 * with the run), or, for contexts built by hand without one, in `fallback` keyed by the context.
 */
export function perRun<T>(ctx: RuleContext, key: string, fallback: WeakMap<object, T>, compute: () => T): T {
  if (ctx.memo) return ctx.memo(key, compute);
  let hit = fallback.get(ctx);
  if (hit === undefined) {
    hit = compute();
    fallback.set(ctx, hit);
  }
  return hit;
}

const defCache = new WeakMap<object, Definition[]>();

function addDefinitions(out: Definition[], kind: 'scope' | 'role', arr: JsonNode, path: readonly Segment[]): void {
  if (arr instanceof LazyNode) {
    // The strict-JSON tree: read the plain items; nodes only for what a rule reports.
    const items = arr.plainValue() as unknown[];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item !== null && typeof item === 'object' && !Array.isArray(item))
        out.push(new PlainDefinition(kind, arr, path, i, item as Record<string, unknown>));
    }
    return;
  }
  const items = arr.children;
  if (!items) return;
  for (let i = 0; i < items.length; i++) {
    const n = items[i]!;
    if (n.type === 'object')
      out.push(treeDefinition(kind, n, path.length === 1 ? [path[0]!, i] : [path[0]!, path[1]!, i]));
  }
}

/** Every scope and role object (computed once per lint run). */
export function definitions(ctx: RuleContext): Definition[] {
  return perRun(ctx, 'definitions', defCache, () => {
    const out: Definition[] = [];
    for (const c of scopeCollections(ctx)) addDefinitions(out, 'scope', c.node, c.path);
    const roles = roleCollection(ctx);
    if (roles) addDefinitions(out, 'role', roles.node, roles.path);
    return out;
  });
}

/** A string in a list with its node and path. */
export interface StringItem {
  readonly node: JsonNode;
  readonly value: string;
  readonly path: readonly Segment[];
}

/** A string item whose path is made when read (most items are never reported). */
class ListItem implements StringItem {
  private madePath: Segment[] | undefined;
  constructor(
    readonly node: JsonNode,
    readonly value: string,
    private readonly listPath: readonly Segment[],
    private readonly index: number,
  ) {}

  get path(): readonly Segment[] {
    return (this.madePath ??= [...this.listPath, this.index]);
  }
}

export function stringItems(arr: JsonNode | undefined, path: readonly Segment[]): StringItem[] {
  const out: StringItem[] = [];
  const items = elements(arr);
  for (let i = 0; i < items.length; i++) {
    const n = items[i]!;
    const v = str(n);
    if (v !== undefined) out.push(new ListItem(n, v, path, i));
  }
  return out;
}

/** Two rows of scratch space for distance(), grown on demand (no allocation per call). */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Levenshtein distance, bounded (returns max+1 when farther). */
export function distance(a: string, b: string, max = 3): number {
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
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
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
