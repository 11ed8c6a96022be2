// A faster path for texts with syntax errors (a stray character, a cut-off end, junk around the
// value): jsonc-parser stays the parser, but the parts of the text that are strict JSON on their
// own do not become one jsonc-parser node per value. Large arrays and objects that JSON.parse
// accepts, and runs of array elements it accepts, are each replaced by a placeholder (`""`);
// jsonc-parser parses that shorter text, its nodes' and errors' offsets are moved back to the
// original text, and each placeholder's node is replaced by the lazy tree of the strict part
// (fastTree.ts), made from JSON.parse's value.
//
// Why the result is jsonc-parser's tree of the original text: the text before a placeholder is the
// same in both texts, so the scanner's tokens are too; a placeholder that jsonc-parser reads as a
// value (a string node `""` at its offset, not a key) stood for a value (an array element, for a run) at the same
// point of the parse, where jsonc-parser reads the strict text without an error and goes on from
// the same next token. A placeholder read any other way (swallowed by error recovery, glued to the
// character before it) is dropped and the text parsed again; past one retry, the caller parses the
// whole text. Finding the candidates is one pass over the text, a pass over each array or object
// looked into, and JSON.parse calls within a budget of a few times the text: linear overall.
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { BackedNode } from './backedNode';
import { findParts, type Part } from './graftParts';

/** Texts shorter than this are parsed by jsonc-parser alone. */
const MIN_TEXT = 16_384;
/** The share of the text the strict parts must cover for the graft to pay. */
const MIN_COVERED = 0.3;

export interface GraftedParse {
  readonly root: JsonNode | undefined;
  readonly errors: ParseError[];
  /** The document's value (getNodeValue's, with JSON.parse's values for the strict parts). */
  readonly value: unknown;
  /**
   * The offsets of every array and object jsonc-parser made, and of every object of a strict part
   * that repeats a key, ascending: the containers the structure walk has to look at.
   */
  readonly marks: readonly number[];
}

const OPTIONS = { allowTrailingComma: true, disallowComments: true, allowEmptyContent: false };

/**
 * Parses `text` (a BOM already replaced by a space) as jsonc-parser does, with the strict parts
 * grafted in; undefined when the text is small or has no strict part worth it, or when the
 * placeholders do not hold (the caller then runs jsonc-parser on the whole text).
 */
export function parseGrafted(text: string): GraftedParse | undefined {
  if (text.length < MIN_TEXT) return undefined;
  let parts = findParts(text);
  // Grafting costs a second pass of its own: a text mostly left to jsonc-parser gains nothing from it.
  let covered = 0;
  for (const p of parts) covered += p.end - p.start;
  if (covered < MIN_COVERED * text.length) return undefined;
  for (let attempt = 0; attempt < 2 && parts.length > 0; attempt++) {
    const errors: ParseError[] = [];
    const shift = new Shift(parts);
    const root = parseTree(placeholders(text, parts), errors, OPTIONS);
    const checked = check(root, parts, shift);
    if (checked.missing.size > 0) {
      parts = parts.filter((p) => !checked.missing.has(p.start));
      continue;
    }
    for (const node of checked.nodes) shift.node(node as Mutable);
    for (const e of errors) shift.error(e);
    const grafted = graft(root, parts, checked.found, checked.marks);
    if (!grafted) return undefined;
    return {
      root: grafted.root,
      errors,
      value: grafted.root ? treeValue(grafted.root) : undefined,
      marks: grafted.marks,
    };
  }
  return undefined;
}

/** The text with each part replaced by `""`. */
function placeholders(text: string, parts: readonly Part[]): string {
  const out: string[] = [];
  let at = 0;
  for (const p of parts) {
    out.push(text.slice(at, p.start), '""');
    at = p.end;
  }
  out.push(text.slice(at));
  return out.join('');
}

/** Offsets in the text with placeholders -> offsets in the original text. */
class Shift {
  /** Where each placeholder starts in the shorter text. */
  private readonly starts: number[] = [];
  /** How much shorter the text is up to the end of each placeholder. */
  private readonly shifts: number[] = [];
  /** Each part by the offset of its placeholder. */
  readonly byStart = new Map<number, Part>();

  constructor(parts: readonly Part[]) {
    let shift = 0;
    for (const p of parts) {
      this.starts.push(p.start - shift);
      this.byStart.set(p.start - shift, p);
      shift += p.end - p.start - 2;
      this.shifts.push(shift);
    }
  }

  /** The original offset of `offset` (never inside a placeholder). */
  at(offset: number): number {
    // The last placeholder that ends at or before the offset.
    let lo = 0;
    let hi = this.starts.length - 1;
    let hit = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! + 2 <= offset) {
        hit = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return hit < 0 ? offset : offset + this.shifts[hit]!;
  }

  node(node: Mutable): void {
    const start = this.at(node.offset);
    node.length = this.at(node.offset + node.length) - start;
    node.offset = start;
    if (node.colonOffset !== undefined) node.colonOffset = this.at(node.colonOffset);
  }

  /** An error at a placeholder is at the first token of its part (e.g. a missing comma before it). */
  error(e: ParseError): void {
    const part = this.byStart.get(e.offset);
    const start = this.at(e.offset);
    e.length = part ? part.head : this.at(e.offset + e.length) - start;
    e.offset = start;
  }
}

/**
 * Finds each part's placeholder node (a string value `""` at its start, not a key; for a run, an
 * element of an array) and the offsets of the containers jsonc-parser made; lists every node.
 */
function check(
  root: JsonNode | undefined,
  parts: readonly Part[],
  shift: Shift,
): { found: Map<number, JsonNode>; missing: Set<number>; marks: number[]; nodes: JsonNode[] } {
  const byStart = shift.byStart;
  const found = new Map<number, JsonNode>();
  const marks: number[] = [];
  const nodes: JsonNode[] = [];
  const stack: JsonNode[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    nodes.push(node);
    if (node.type === 'string') {
      const part = byStart.get(node.offset);
      const parent = node.parent;
      const isValue = parent?.type !== 'property' || parent.children![1] === node;
      if (part && node.length === 2 && node.value === '' && isValue && (!part.run || parent?.type === 'array'))
        found.set(part.start, node);
      continue;
    }
    if (node.type === 'object' || node.type === 'array') marks.push(shift.at(node.offset));
    const children = node.children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  const missing = new Set<number>();
  for (const p of parts) if (!found.has(p.start)) missing.add(p.start);
  return { found, missing, marks, nodes };
}

type Mutable = { -readonly [K in keyof JsonNode]: JsonNode[K] };

/** Replaces each placeholder node by the part's nodes; undefined when a part has no nodes. */
function graft(
  root: JsonNode | undefined,
  parts: readonly Part[],
  found: ReadonlyMap<number, JsonNode>,
  marks: number[],
): { root: JsonNode | undefined; marks: number[] } | undefined {
  // Arrays whose elements change, rebuilt once each (a run stands for many elements).
  const rebuilt = new Map<JsonNode, Map<JsonNode, JsonNode[]>>();
  let top = root;
  for (const p of parts) {
    const placeholder = found.get(p.start)!;
    const parent = placeholder.parent as Mutable | undefined;
    const made = p.nodes(parent);
    if (!made) return undefined;
    for (const d of made.duplicates) marks.push(d);
    if (!p.run) (made.nodes[0] as Mutable).parent = parent;
    if (!parent) {
      top = made.nodes[0];
    } else if (parent.type === 'property') {
      parent.children![1] = made.nodes[0]!;
    } else {
      let swaps = rebuilt.get(parent);
      if (!swaps) rebuilt.set(parent, (swaps = new Map()));
      swaps.set(placeholder, made.nodes);
    }
  }
  for (const [array, swaps] of rebuilt) {
    const children: JsonNode[] = [];
    for (const c of array.children!) {
      const nodes = swaps.get(c);
      if (!nodes) children.push(c);
      else for (const n of nodes) children.push(n);
    }
    (array as Mutable).children = children;
  }
  return { root: top, marks: marks.sort((a, b) => a - b) };
}

/**
 * jsonc-parser's getNodeValue (objects without a prototype), taking the strict parts' values from
 * JSON.parse. Recursive like getNodeValue: the caller only comes here for texts nested at most
 * MAX_NESTING_DEPTH levels.
 */
function treeValue(node: JsonNode): unknown {
  if (node instanceof BackedNode) return node.plainValue();
  switch (node.type) {
    case 'array':
      return node.children!.map(treeValue);
    case 'object': {
      const obj = Object.create(null) as Record<string, unknown>;
      for (const prop of node.children!) {
        const value = prop.children![1];
        if (value) obj[prop.children![0]!.value as string] = treeValue(value);
      }
      return obj;
    }
    case 'null':
    case 'string':
    case 'number':
    case 'boolean':
      return node.value;
    default:
      return undefined;
  }
}
