// membersOf: an object's keys in text order and a member's property node on demand, on the tree
// made on demand from strict JSON (LazyNode), on the tree of texts with syntax errors
// (CompactNode) and on jsonc-parser's own tree; checked against jsonc-parser's tree of the text.
// Fragment files (a list of permissions or app roles) are recognised from those keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { BackedNode, KeyedNode, membersOf } from '../../../src/core/manifest/backedNode';
import { CompactNode, parseCompact } from '../../../src/core/manifest/compactTree';
import { LazyNode, parseStrictTree } from '../../../src/core/manifest/fastTree';
import { asApplicationFragment, fragmentPropertyOf } from '../../../src/core/manifest/fragment';
import { parseDocument, type ParsedDocument } from '../../../src/core/manifest/json';

const OPTIONS = { allowTrailingComma: true, disallowComments: false };

/** Every object node of a jsonc-parser tree, with its path of child positions. */
function objects(node: JsonNode, path: number[] = [], out: [number[], JsonNode][] = []): [number[], JsonNode][] {
  if (node.type === 'object') out.push([path, node]);
  node.children?.forEach((c, i) => objects(c, [...path, i], out));
  return out;
}

/** Every array node of a jsonc-parser tree, with its path of child positions. */
function arrays(node: JsonNode, path: number[] = [], out: [number[], JsonNode][] = []): [number[], JsonNode][] {
  if (node.type === 'array') out.push([path, node]);
  node.children?.forEach((c, i) => arrays(c, [...path, i], out));
  return out;
}

/** The node at `path`, reached by keyed reads only where possible (so siblings stay unmade). */
function reach(root: JsonNode, ref: JsonNode, path: number[]): JsonNode {
  let node = root;
  let at = ref;
  for (const i of path) {
    at = at.children![i]!;
    if (node.type === 'property') node = node.children![i]!;
    else if (node.type === 'array' && node instanceof BackedNode) node = node.element(i)!;
    else if (node.type === 'object') node = membersOf(node).at(i)!;
    else node = node.children![i]!;
    assert.equal(node.offset, at.offset, `reached ${path.join('.')}`);
  }
  return node;
}

const texts = {
  strict: [
    '{}',
    '{"a": 1, "b": {"c": [true, {"d": null}]}, "e": "x"}',
    '{"a": 1, "a": 2, "b": {"x": 1, "x": {"y": 2}}}',
    '{"2": "two", "1": "one", "b": [], "__proto__": {"p": 1}, "constructor": 0}',
    '{"\\u0061": 1, "a\\"b": 2, "\\u005f_proto__": 3}',
    '[{"a": 1, "b": [{"c": 1}, 2]}, 2, {"a": 1, "a": 2, "__proto__": 3}, [], {}, null]',
    JSON.stringify(Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, { v: i }]))).replace(
      '"k5"',
      '"k7"',
    ),
  ],
  broken: [
    '[{"a": 1, "b"}, 2, {"a": 1, "a": 2, "__proto__": 3}, [], {}, {"c": } !',
    '{"a": 1, "b": {"c": [1, {"d": 2}]}, "a": 3, "e", "f": , "g": {"h": 1,}} !',
    '{"a": 1 "b": 2, // comment\n "c": {"d" 3}}',
    `{${Array.from({ length: 60 }, (_, i) => `"k${i % 45}": ${i}`).join(', ')}, "z" }`,
  ],
};

for (const [kind, list] of Object.entries(texts)) {
  test(`membersOf (${kind} text): keys as written and the property nodes the children then hold`, () => {
    for (const text of list) {
      const made =
        kind === 'strict' ? parseStrictTree(text)?.root : (parseCompact(text).root as CompactNode | undefined);
      assert.ok(
        made instanceof (kind === 'strict' ? LazyNode : CompactNode),
        `${kind} tree made for ${text.slice(0, 30)}`,
      );
      const ref = parseTree(text, [], OPTIONS)!;
      for (const [path, refObject] of objects(ref)) {
        const label = `${text.slice(0, 30)} @${path.join('.')}`;
        const node = reach(made!, ref, path);
        const refKeys = refObject.children!.map((p) => String(p.children![0]!.value));
        const members = membersOf(node);
        assert.deepEqual(members.keys, refKeys, `keys: ${label}`);
        // Members read in reverse order, then the whole list: the same nodes.
        const got: (JsonNode | undefined)[] = [];
        for (let k = refKeys.length - 1; k >= 0; k--) {
          const prop = members.at(k);
          got[k] = prop;
          assert.equal(prop?.type, 'property', label);
          assert.equal(prop?.offset, refObject.children![k]!.offset, `member ${k}: ${label}`);
          assert.equal(prop?.length, refObject.children![k]!.length, `member ${k}: ${label}`);
          assert.equal(prop?.children?.[0]?.value, refKeys[k], `member ${k} key: ${label}`);
          assert.equal(prop?.children?.[1]?.offset, refObject.children![k]!.children![1]?.offset, label);
        }
        assert.equal(members.at(refKeys.length), undefined, `past the end: ${label}`);
        assert.equal(members.at(-1), undefined, label);
        node.children!.forEach((c, k) => assert.equal(c, got[k], `children hold the member nodes: ${label}`));
        // Through jsonc-parser's own tree, the same keys.
        assert.deepEqual(membersOf(refObject).keys, refKeys, label);
        assert.equal(membersOf(refObject).at(0), refObject.children![0]);
      }
      // An array's items' keys (as a set), without their nodes.
      for (const [path, refArray] of arrays(ref)) {
        const node = reach(made!, ref, path) as BackedNode;
        refArray.children!.forEach((item, i) => {
          const want =
            item.type === 'object' ? new Set(item.children!.map((p) => String(p.children![0]!.value))) : undefined;
          const got = node.elementKeys(i);
          assert.deepEqual(got && new Set(got), want, `item ${i} keys: ${text.slice(0, 30)} @${path.join('.')}`);
        });
        assert.equal(node.elementKeys(refArray.children!.length), undefined, 'past the end');
      }
      // Other nodes have no members.
      for (const other of [made!.children?.[0], membersOf(made!).at(0)?.children?.[0]])
        if (other && other.type !== 'object')
          assert.deepEqual(membersOf(other).keys, [], 'no members for a non-object');
    }
  });
}

test('a fragment file is recognised from its items’ keys: jsonc-parser’s answer, and no item or member node made', () => {
  const rra = '{"resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": []}';
  const role = '{"allowedMemberTypes": ["User"], "value": "r", "id": "x", "isEnabled": true}';
  const cases: [string, string | undefined][] = [
    [`[${rra}, ${rra}]`, 'requiredResourceAccess'],
    ['[{"resourceAppId": "a", "resourceAppId": "b"}]', 'requiredResourceAccess'],
    ['[{"resourceAccess": []}]', undefined],
    ['[{"resourceAppId": "a", "__proto__": {}}]', undefined],
    [`[${role}, {"allowedMemberTypes": [], "origin": "Application"}]`, 'appRoles'],
    [`[${role}, ${rra}]`, undefined],
    [`[${rra}, 1]`, undefined],
    ['[]', undefined],
    // Broken texts (the tree of texts with syntax errors): a member without a value is still a key.
    ['[{"resourceAppId": "a", "resourceAccess": [], "x"}]', undefined],
    ['[{"resourceAppId": "a", "resourceAccess" }', 'requiredResourceAccess'],
    [`[${role}, {"allowedMemberTypes": [] "id": 1}] !`, 'appRoles'],
  ];
  const nameOf = (doc: ParsedDocument): string | undefined => fragmentPropertyOf(asApplicationFragment(doc).root);
  for (const [text, expected] of cases) {
    assert.equal(nameOf(parseDocument(text, { fastPaths: false })), expected, `jsonc-parser: ${text}`);
    assert.equal(nameOf(parseDocument(text)), expected, text);
  }
  // A fragment with a flood of syntax errors: their objects are still made only when read.
  const flood = `[{"resourceAppId": "a", "resourceAccess": []}, ${'@ '.repeat(5000)}]`;
  const flooded = parseDocument(flood);
  const fragment = asApplicationFragment(flooded);
  assert.equal(fragmentPropertyOf(fragment.root), 'requiredResourceAccess');
  assert.ok(Object.getOwnPropertyDescriptor(fragment, 'syntaxErrors')?.get, 'the errors are not made by the wrapping');
  assert.deepEqual(fragment.syntaxErrors, flooded.syntaxErrors);
  assert.equal(fragment.syntaxErrors.length, 5000, 'one per stray character');
  // A long list (strict, cut short, and broken): its items are read by their keys, their members'
  // nodes unmade.
  const long = `[${Array.from({ length: 300 }, () => rra).join(',\n')}]`;
  const trees = new Map<string, typeof LazyNode | typeof CompactNode>([
    [long, LazyNode],
    // (The tree of the text mended: mended.ts.)
    [long.slice(0, -1), LazyNode],
    [long.slice(0, -1) + ' @', CompactNode],
  ]);
  for (const [text, tree] of trees) {
    const doc = asApplicationFragment(parseDocument(text));
    assert.equal(fragmentPropertyOf(doc.root), 'requiredResourceAccess');
    const list = doc.root!.children![0]!.children![1]!;
    assert.ok(list instanceof tree, `the tree made on demand: ${tree.name}`);
    const kids = (list as unknown as { kids?: (JsonNode | undefined)[] }).kids;
    assert.ok(!kids?.some((k) => k !== undefined), 'no item node made');
    for (let i = 0; i < 300; i++) {
      const item = (list as BackedNode).element(i) as unknown as { kids?: (JsonNode | undefined)[] };
      assert.ok(!item.kids?.some((k) => k !== undefined), `item ${i}: no member node made`);
    }
  }
});

test('membersOf on an object the plain value does not mirror (a repeated key without a value): keys from the index, no member node made', () => {
  const members = Array.from({ length: 400 }, (_, i) => `"k${i % 300}": ${i}`).join(', ');
  const text = `{"a": 1, ${members}, "a", "x": {"b": 2, "b"}} !`;
  const root = parseCompact(text).root!;
  assert.ok(root instanceof KeyedNode && !(root instanceof BackedNode), 'a node outside the plain-value protocol');
  const ref = parseTree(text, [], OPTIONS)!;
  const { keys, at } = membersOf(root);
  assert.deepEqual(
    keys,
    ref.children!.map((p) => String(p.children![0]!.value)),
  );
  const kids = (root as unknown as { kids?: unknown[] }).kids;
  assert.equal(kids, undefined, 'no member node made for the keys');
  for (const k of [keys.length - 1, 0, 150]) assert.equal(at(k)?.offset, ref.children![k]!.offset, `member ${k}`);
  assert.equal(at(keys.length), undefined);
  // Once the children are made, the same nodes.
  root.children!.forEach((c, k) => assert.equal(c, at(k)));
});
