// The protocol of trees whose nodes are made on demand from a plain value (JSON.parse's, or the
// tolerant parser's): rules read values from `plainValue()` and make a node only for what they
// report. The strict-JSON tree (fastTree.ts) and the tree of texts with syntax errors
// (compactTree.ts) both implement it; rules test `instanceof BackedNode` to take their fast path.
import type { Node as JsonNode, NodeType } from 'jsonc-parser';

/**
 * A node made on demand that reads an object's keys, and one member's node, without making the
 * other members' nodes (see membersOf). Every node of the trees made on demand is one: BackedNode,
 * and the nodes of the tree of broken texts that do not take the plain-value protocol.
 */
export abstract class KeyedNode implements JsonNode {
  abstract readonly type: NodeType;
  abstract readonly offset: number;
  abstract readonly length: number;
  abstract readonly value: unknown;
  abstract get parent(): JsonNode | undefined;
  abstract get children(): JsonNode[] | undefined;
  abstract get colonOffset(): number | undefined;

  /** An object node's keys in text order, a repeated key at each place ([] for other nodes); no node is made. */
  abstract memberKeys(): readonly string[];

  /** The property node of an object node's member `k` (in memberKeys' order), made without its siblings. */
  abstract memberAt(k: number): JsonNode | undefined;

  /** The property node of `key` in an object node (the last one with that key), made without its siblings. */
  abstract member(key: string): JsonNode | undefined;
}

export abstract class BackedNode extends KeyedNode {
  /**
   * The plain value of a value node (of the value, for property and key nodes): what jsonc-parser's
   * getNodeValue gives for it, except that objects may have a prototype.
   */
  abstract plainValue(): unknown;

  /** The value node of the property `member(key)` returns (undefined when it has none, or is absent). */
  abstract memberValue(key: string): JsonNode | undefined;

  /** Element `i` of an array node (undefined when not an array or out of range), made without its siblings. */
  abstract element(i: number): JsonNode | undefined;

  /** Where element `i` of an array node starts, without making the node; -1 when none. */
  abstract elementOffset(i: number): number;

  /**
   * The keys of element `i` of an array node when it is an object (each key at least once, in no
   * set order), else undefined; neither the element's node nor its members' are made.
   */
  abstract elementKeys(i: number): readonly string[] | undefined;
}

/** An object node's members: the keys in text order, and a member's property node when asked for. */
export interface Members {
  /** undefined for a property without a key node. */
  readonly keys: readonly (string | undefined)[];
  at(k: number): JsonNode | undefined;
}

/**
 * The members of an object node (none for other nodes). On a tree made on demand (KeyedNode) no
 * node is made for the keys: an object of 30,000 keys read for a few of them makes a few nodes.
 */
export function membersOf(node: JsonNode): Members {
  if (node instanceof KeyedNode) return { keys: node.memberKeys(), at: (k) => node.memberAt(k) };
  const props = node.type === 'object' ? (node.children ?? []) : [];
  return {
    keys: props.map((p) => {
      const key = p.children?.[0];
      return key ? String(key.value) : undefined;
    }),
    at: (k) => props[k],
  };
}

/** How many elements an array node of a tree made on demand has (its plain value's length; 0 for other nodes). */
export function elementCount(node: BackedNode): number {
  const items = node.type === 'array' ? node.plainValue() : undefined;
  return Array.isArray(items) ? items.length : 0;
}

/**
 * The last element of array node `node` (of `count`) that starts at or before `offset`, searched
 * from element `from` on (from - 1 when none does), by their offsets: no element node is made.
 */
export function lastElementFrom(node: BackedNode, count: number, offset: number, from = 0): number {
  let lo = from - 1;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (node.elementOffset(mid) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The position of `node` among the elements of the array node `array` (-1 when not there), found
 * by its offset (the elements are in text order): on a tree made on demand without making the
 * other elements, so the paths of many elements of a long list cost no scan each.
 */
export function elementIndexOf(array: JsonNode, node: JsonNode): number {
  if (array instanceof BackedNode) {
    const i = lastElementFrom(array, elementCount(array), node.offset);
    if (i >= 0 && array.element(i) === node) return i;
  }
  const items = array.children ?? [];
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = items[mid]!.offset;
    if (at === node.offset) return items[mid] === node ? mid : items.indexOf(node);
    if (at < node.offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return items.indexOf(node);
}
