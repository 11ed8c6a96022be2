// JSON plumbing of the manifest engine: one parse with offsets (jsonc-parser), JSON pointers and
// paths, and node lookups. Syntax findings are in jsonProblems.ts, offset -> line/character in
// positions.ts.
import { findNodeAtLocation, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { BackedNode, elementIndexOf, KeyedNode } from './backedNode';
import { parseStrict } from './fastTree';
import { parseCompact, type CompactTree } from './compactTree';
import { cutShort, parseEdged, strayTail } from './edges';
import { laxMayHelp, parseLaxTree } from './laxJson';
import { mendedDocument } from './mended';
import { splitErrors, withErrors, type ParseErrorList } from './parseErrors';
import { nestsPast, pruneDeep } from './nesting';
import { ValueNode } from './valueTree';
import { parseWhole } from './wholeParse';

/** A path into a JSON document, as property names and array indexes. */
export type JsonPath = readonly (string | number)[];

export interface ParsedDocument {
  readonly text: string;
  readonly root: JsonNode | undefined;
  /** True when the text had a byte-order mark (it is kept; offsets still count it). */
  readonly bom: boolean;
  /** The syntax errors (comments apart); from the reader of broken texts, made on first read from `errorList`. */
  readonly syntaxErrors: readonly ParseError[];
  /** The same errors in typed arrays, when the parse kept them so (read them through errorListOf). */
  readonly errorList?: ParseErrorList;
  /** Offsets and lengths of comments (tolerated, but the portal rejects them). */
  readonly comments: readonly { offset: number; length: number }[];
  /**
   * Set when the nesting is deeper than MAX_NESTING_DEPTH: the offset of the first bracket past
   * the limit. Every value nested that deep was blanked out of `text` (see pruneDeep), so the rest
   * of the document is parsed and checked with every walk bounded.
   */
  readonly tooDeep?: number;
  /**
   * Set when reading stopped after MAX_READ_ERRORS syntax errors (tolerantReader.ts): where the
   * first token not read starts. The text up to there was read as if it ended there.
   */
  readonly unreadFrom?: number;
  /** The ranges of the original text blanked out for being too deep (none when `tooDeep` is unset). */
  readonly pruned?: readonly { offset: number; length: number }[];
  /** The plain value, when the fast strict path built it alongside the tree. */
  readonly value?: unknown;
  /**
   * JSON.parse's value of a strict JSON text whose tree came from jsonc-parser (duplicate or
   * `__proto__` keys): the document's value without parsing the text again.
   */
  readonly parsedValue?: unknown;
  /** From the fast paths: false means no object repeats a key (no need to look), true that some does. */
  readonly mayHaveDuplicates?: boolean;
  /**
   * From the fast paths: the offsets of the objects that repeat a key, ascending (from the tree of a
   * text with syntax errors, also of the containers with a trailing comma): the structure walk goes
   * down to these only.
   */
  readonly duplicateObjects?: readonly number[];
  /**
   * From the JSONC fast path (laxJson.ts): every trailing comma and its container. When
   * `mayHaveDuplicates` is false and this is unset, the text has none.
   */
  readonly trailingCommas?: readonly { offset: number; container: JsonNode }[];
}

/**
 * Values nested deeper than this are not parsed (every later walk of the tree, recursive or not,
 * then stays within this depth): the problem points at the first bracket nested deeper (real
 * manifests nest about 6 levels).
 */
export const MAX_NESTING_DEPTH = 512;

export interface ParseOptions {
  /**
   * False: jsonc-parser's tree of the whole text, without the fast paths (the reference they are
   * tested against). Default true.
   */
  readonly fastPaths?: boolean;
}

/** Parses once, tolerating a BOM, comments and trailing commas; collects real syntax errors apart. */
export function parseDocument(text: string, options: ParseOptions = {}): ParsedDocument {
  const bom = text.charCodeAt(0) === 0xfeff;
  // Replacing the BOM by a space keeps every offset valid for the original text.
  const source = bom ? ' ' + text.slice(1) : text;
  if (options.fastPaths === false)
    return parseWhole(text, source, bom, undefined, pruneDeep(source, MAX_NESTING_DEPTH), MAX_NESTING_DEPTH);
  // Strict JSON (the common case) takes the fast path: same tree, and the value in the same pass.
  // (Not tried on a text that surely is none of the fast paths' kinds, such as one cut short.)
  let refused: unknown;
  const hopeless = cutShort(source, bom ? 1 : 0);
  // (Nor on an object with a few stray characters after it: only parseEdged can read it.)
  const stray = !hopeless && strayTail(source, bom ? 1 : 0);
  const strict = hopeless || stray ? undefined : parseStrict(text, bom ? 1 : 0, (err) => (refused = err));
  // A text cut short (its last comma or bracket may look stray): the mended text's tree (mended.ts).
  const mended = hopeless || stray || refused ? mendedDocument(text, source, bom, refused) : undefined;
  if (mended) return mended;
  if (strict?.root) {
    return {
      text,
      root: strict.root,
      bom,
      syntaxErrors: [],
      comments: [],
      value: strict.value,
      mayHaveDuplicates: strict.duplicateObjects.length > 0,
      duplicateObjects: strict.duplicateObjects,
    };
  }
  // JSON with comments, trailing commas or stray characters between tokens and nothing else amiss:
  // the same fast path, on a copy of the text with them blanked out (offsets unchanged).
  // (A text JSON.parse accepted has neither: its tree comes from jsonc-parser, its value is known.)
  const lax =
    strict || hopeless || stray || !laxMayHelp(text, bom ? 1 : 0, refused)
      ? undefined
      : parseLaxTree(text, bom ? 1 : 0);
  if (lax) {
    return {
      text,
      root: lax.root,
      bom,
      syntaxErrors: lax.strays,
      comments: lax.comments,
      value: lax.value,
      mayHaveDuplicates: lax.duplicateObjects.length > 0,
      duplicateObjects: lax.duplicateObjects,
      trailingCommas: lax.trailingCommas,
    };
  }
  // A strict object with stray characters around it: its strict tree, the errors of the rest.
  const edged = strict || hopeless ? undefined : parseEdged(source, refused, bom ? 1 : 0);
  if (edged) {
    const { comments, syntaxErrors } = splitErrors(edged.errors);
    return {
      text,
      root: edged.root,
      bom,
      syntaxErrors,
      comments,
      value: edged.value,
      mayHaveDuplicates: edged.duplicateObjects.length > 0,
      duplicateObjects: edged.duplicateObjects,
    };
  }
  // Syntax errors, or strict JSON the lazy tree does not handle: jsonc-parser's tree made on demand
  // (compactTree.ts). Values nested past the limit are blanked out (same offsets), so no walk goes
  // deeper than the limit.
  return parseCompactDocument(text, source, bom, strict?.value, strict?.deep === true);
}

/**
 * jsonc-parser's tree of the text, made on demand (compactTree.ts); arguments as parseWhole's. The
 * reader does not recurse, so the text is read as it is first: its tokens say how deep it nests
 * (as pruneDeep reads them), and only a text nested past the limit (or read only in part, where
 * pruneDeep reads on) is pruned and read again.
 */
function parseCompactDocument(
  text: string,
  source: string,
  bom: boolean,
  strictValue: unknown,
  /** Strict JSON nested deeper than the lazy tree's scan goes. */
  strictDeep = false,
): ParsedDocument {
  let tree: CompactTree;
  let deep: ReturnType<typeof pruneDeep>;
  try {
    // Strict JSON reads as pruneDeep reads it: known to nest deep, it is pruned first and read once.
    if (strictDeep) deep = pruneDeep(source, MAX_NESTING_DEPTH);
    // (Read up to where it nests past the limit: a text nested deeper is pruned and read again.)
    tree = parseCompact(deep ? deep.text : source, strictDeep ? undefined : MAX_NESTING_DEPTH);
    const { deepest, readInPart, stopped, readTo, level } = tree.nesting;
    // A text read only in part nests too deeply only if its unread rest does (read from where the
    // reader stopped, at the depth it had reached: past the limit when it stopped for that).
    const restDeep = readInPart && nestsPast(source, readTo, level, MAX_NESTING_DEPTH);
    if (!strictDeep && (deepest > MAX_NESTING_DEPTH || restDeep)) {
      deep = pruneDeep(source, MAX_NESTING_DEPTH);
      if (deep) tree = parseCompact(deep.text);
      // (Not expected: pruneDeep finds what the reader found nested past the limit.)
      else if (stopped) tree = parseCompact(source);
    }
  } catch (err) {
    // Last resort (a call stack already nearly full): as parseWhole.
    if (!(err instanceof RangeError)) throw err;
    return parseWhole(text, source, bom, strictValue, pruneDeep(source, MAX_NESTING_DEPTH), MAX_NESTING_DEPTH);
  }
  const { comments, errors } = tree.errors.splitComments();
  const { unreadFrom } = tree.nesting;
  const found = {
    root: tree.root,
    bom,
    comments,
    mayHaveDuplicates: true,
    duplicateObjects: tree.marks,
    ...(unreadFrom !== undefined ? { unreadFrom } : {}),
  };
  // JSON.parse's value of a strict text stays the document's value, as on jsonc-parser's path.
  if (!deep && strictValue !== undefined) return withErrors({ text, ...found, parsedValue: strictValue }, errors);
  // (The tree's value is made when read: a text that is no manifest never needs it.)
  if (!deep) return withErrors({ text, ...found }, errors, () => tree.value);
  // Rules and fixes read the text the tree was made from (the BOM, if any, stays a BOM).
  const kept = bom ? '\uFEFF' + deep.text.slice(1) : deep.text;
  return withErrors({ text: kept, ...found, tooDeep: deep.first, pruned: deep.spans }, errors, () => tree.value);
}

/** Escapes one JSON pointer reference token (RFC 6901). */
export function escapePointerToken(token: string | number): string {
  const t = String(token);
  return t.includes('~') || t.includes('/') ? t.replace(/~/g, '~0').replace(/\//g, '~1') : t;
}

/** Builds a JSON pointer (`""` for the document) from a path. */
export function toPointer(path: JsonPath): string {
  let out = '';
  for (const p of path) {
    out += '/' + escapePointerToken(p);
  }
  return out;
}

/** Splits a JSON pointer into its (unescaped) tokens; numeric tokens stay strings. */
export function fromPointer(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  const tokens = pointer.slice(1).split('/');
  if (!pointer.includes('~')) return tokens;
  return tokens.map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The JSON path of a node (property names and array indexes from the root). */
export function pathOfNode(node: JsonNode): (string | number)[] {
  const path: (string | number)[] = [];
  let current: JsonNode = node;
  while (current.parent) {
    const parent: JsonNode = current.parent;
    if (parent.type === 'property') {
      const key = parent.children?.[0];
      if (key && key !== current) {
        path.unshift(String(key.value));
      }
      current = parent;
      continue;
    }
    if (parent.type === 'array') {
      path.unshift(elementIndexOf(parent, current));
    }
    current = parent;
  }
  return path;
}

/** The JSON pointer of a node. */
export function pointerOfNode(node: JsonNode): string {
  return toPointer(pathOfNode(node));
}

/**
 * Key -> value node maps of large jsonc-parser objects, each made on its first lookup. Kept by the
 * caller for as long as it reads one tree (a lint run keeps one), so looking up each of n keys of
 * an object stays linear overall.
 */
export class KeyIndex {
  private maps: Map<JsonNode, Map<string, JsonNode | undefined>> | undefined;

  /** The value node of `key` in the jsonc-parser object `node` (last duplicate wins, as with JSON.parse). */
  valueOf(node: JsonNode, key: string): JsonNode | undefined {
    this.maps ??= new Map();
    let byKey = this.maps.get(node);
    if (!byKey) {
      byKey = new Map();
      for (const prop of node.children ?? []) {
        const k = prop.children?.[0];
        if (k) byKey.set(String(k.value), prop.children?.[1]);
      }
      this.maps.set(node, byKey);
    }
    return byKey.get(key);
  }
}

/**
 * Finds the value node at a path (tokens may be strings for array indexes, as in pointers). With
 * a KeyIndex, keys of large jsonc-parser objects are looked up in its maps.
 */
export function nodeAtPath(
  root: JsonNode | undefined,
  path: readonly (string | number)[],
  index?: KeyIndex,
): JsonNode | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) {
      return undefined;
    }
    if (node instanceof BackedNode || node instanceof ValueNode) {
      // The strict-JSON and value trees find a key from the parsed value, without making the other properties.
      const i = node.type === 'array' ? (typeof segment === 'number' ? segment : arrayIndex(segment)) : -1;
      node =
        node.type === 'array'
          ? node instanceof BackedNode
            ? node.element(i)
            : node.children![i]
          : node instanceof BackedNode
            ? node.memberValue(String(segment))
            : node.member(String(segment))?.children![1];
    } else if (node instanceof KeyedNode && node.type === 'object') {
      // The broken-text tree finds a key without making the object's other members.
      node = node.member(String(segment))?.children?.[1];
    } else if (node.type === 'object') {
      let found: JsonNode | undefined;
      const children = node.children ?? [];
      if (index && children.length > 32) {
        node = index.valueOf(node, String(segment));
        continue;
      }
      // Last duplicate wins, as with JSON.parse.
      for (let i = children.length - 1; i >= 0; i--) {
        const prop = children[i]!;
        if (prop.children?.[0]?.value === String(segment)) {
          found = prop.children[1];
          break;
        }
      }
      node = found;
    } else if (node.type === 'array') {
      const index = typeof segment === 'number' ? segment : arrayIndex(segment);
      node = index >= 0 ? node.children?.[index] : undefined;
    } else {
      return undefined;
    }
  }
  return node;
}

/** The array index a pointer token spells (`0` or digits without a leading zero), else -1. */
function arrayIndex(token: string): number {
  const n = token.length;
  if (n === 0 || (n > 1 && token.charCodeAt(0) === 48)) return -1;
  for (let i = 0; i < n; i++) {
    const c = token.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  return Number(token);
}

/** jsonc-parser's own lookup, re-exported for rules that prefer it. */
export { findNodeAtLocation };

/** The property node (key + value) that holds a value node, if any. */
export function propertyOf(node: JsonNode): JsonNode | undefined {
  return node.parent?.type === 'property' ? node.parent : undefined;
}

/** The key node of the property holding a value node, if any. */
export function keyOf(node: JsonNode): JsonNode | undefined {
  const prop = propertyOf(node);
  return prop?.children?.[0];
}

/**
 * An edit removing one child (a property or an array element) with its separating comma, so the
 * result stays valid JSON.
 */
export function removalEdit(container: JsonNode, child: JsonNode): { offset: number; length: number; content: string } {
  const siblings = container.children ?? [];
  const index = siblings.indexOf(child);
  let start = child.offset;
  let end = child.offset + child.length;
  if (index < siblings.length - 1) {
    // Remove up to the start of the next sibling (covers the comma and whitespace).
    end = siblings[index + 1]!.offset;
  } else if (index > 0) {
    // Last element: remove from the end of the previous sibling.
    const prev = siblings[index - 1]!;
    start = prev.offset + prev.length;
  }
  return { offset: start, length: end - start, content: '' };
}
