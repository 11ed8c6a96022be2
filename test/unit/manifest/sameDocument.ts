// The engine's parse of a text against jsonc-parser's path (parseDocument with fastPaths off):
// every node, error, value and finding the same. Shared by the tests of the fast paths.
import assert from 'node:assert/strict';
import { getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import { BackedNode } from '../../../src/core/manifest/backedNode';
import { LazyNode } from '../../../src/core/manifest/fastTree';
import { parseDocument, type ParsedDocument } from '../../../src/core/manifest/json';
import { lintParsed } from '../../../src/core/manifest/lint';
import type { Problem } from '../../../src/core/manifest/types';

const now = new Date('2026-01-01T00:00:00Z');

/**
 * Compares every node of two trees, iteratively: type, offset, length, colon offset, value, the
 * children in order, each child's parent; and, on nodes that offer a plain value, that value (see
 * assertPlainValue).
 */
export function assertSameNodes(fast: JsonNode | undefined, ref: JsonNode | undefined, label: string): void {
  assert.equal(fast?.parent, undefined, `${label}: the root has no parent`);
  const stack: [JsonNode | undefined, JsonNode | undefined, JsonNode | undefined][] = [[fast, ref, undefined]];
  while (stack.length > 0) {
    const [a, b, up] = stack.pop()!;
    if (!a || !b) {
      assert.equal(a, b, label);
      continue;
    }
    const at = `${label} at ${b.offset} (${b.type})`;
    assert.deepEqual(
      [a.type, a.offset, a.length, a.colonOffset, a.value, a.children?.length],
      [b.type, b.offset, b.length, b.colonOffset, b.value, b.children?.length],
      at,
    );
    if (up !== undefined) assert.equal(a.parent, up, `${at}: parent`);
    if (a instanceof BackedNode) assertPlainValue(a, at);
    const kids = a.children;
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], b.children![i], a]);
  }
}

/**
 * A node's plain value is getNodeValue's made of its children's plain values (the same objects):
 * with the root's value equal to getNodeValue's (checked apart), every node's is. A property's and
 * a key's is the property's value's. (The lazy tree of a strict object with stray characters around
 * it parses a member a later duplicate overrides on its own, for each node: equal JSON there.)
 */
function assertPlainValue(node: BackedNode, at: string): void {
  const plain = node.plainValue();
  const same = (a: unknown, b: unknown, message: string): void =>
    node instanceof LazyNode ? assert.deepEqual(asJson(a), asJson(b), message) : assert.equal(a, b, message);
  const of = (n: JsonNode | undefined): unknown => (n === undefined ? undefined : (n as BackedNode).plainValue());
  const owner = node.parent?.type === 'property' && node.parent.children![0] === node ? node.parent : node;
  if (owner.type === 'property') {
    same(plain, of(owner.children![1]), `${at}: plain value`);
  } else if (node.type === 'array') {
    const kids = node.children!;
    assert.ok(Array.isArray(plain) && plain.length === kids.length, `${at}: plain array`);
    kids.forEach((c, i) => same((plain as unknown[])[i], of(c), `${at}: element ${i}`));
  } else if (node.type === 'object') {
    const expected = new Map<string, unknown>();
    for (const p of node.children!)
      if (p.children![1]) expected.set(p.children![0]!.value as string, of(p.children![1]));
    const obj = plain as Record<string, unknown>;
    assert.deepEqual(Object.keys(obj).sort(), [...expected.keys()].sort(), `${at}: plain keys`);
    for (const [k, v] of expected) same(obj[k], v, `${at}: member ${k}`);
  } else {
    assert.equal(plain, node.value, `${at}: plain value`);
  }
}

/**
 * A plain value with every object given JSON.parse's prototype (getNodeValue's objects have none),
 * own members kept (`__proto__` too): compared, two values hold the same JSON.
 */
export function asJson(value: unknown): unknown {
  return structuredClone(value);
}

/** The findings with their fixes' edits (a new GUID drawn for a fix is the same everywhere). */
export function findings(doc: ParsedDocument, text: string): unknown[] {
  const guid = /"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"/g;
  return lintParsed(doc, text, { now }).problems.map((p: Problem) => ({
    ...p,
    fixes: p.fixes?.map((f) => ({
      title: f.title,
      preferred: f.preferred,
      edits:
        f.title === 'Replace with a new GUID'
          ? f.edits.map((e) => ({ ...e, content: e.content.replace(guid, 'GUID') }))
          : f.edits,
    })),
  }));
}

/** Asserts the engine's parse of `text` equals jsonc-parser's path (tree, errors, findings); returns it. */
export function assertSameDocument(text: string, label: string): ParsedDocument {
  const fast = parseDocument(text);
  const slow = parseDocument(text, { fastPaths: false });
  assert.deepEqual(fast.syntaxErrors, slow.syntaxErrors, `${label}: syntax errors`);
  assert.deepEqual(fast.comments, slow.comments, `${label}: comments`);
  assert.equal(fast.text, slow.text, `${label}: text`);
  assert.deepEqual([fast.tooDeep, fast.pruned], [slow.tooDeep, slow.pruned], `${label}: pruning`);
  assert.equal(fast.unreadFrom, slow.unreadFrom, `${label}: where reading stopped`);
  assertSameNodes(fast.root, slow.root, label);
  const value = fast.value ?? fast.parsedValue;
  if (fast.root) assert.equal(JSON.stringify(value), JSON.stringify(getNodeValue(slow.root!)), `${label}: value`);
  assert.deepEqual(findings(fast, text), findings(slow, text), `${label}: findings`);
  return fast;
}
