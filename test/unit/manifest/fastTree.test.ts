import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getNodeValue, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { LazyNode, parseStrictTree } from '../../../src/core/manifest/fastTree';
import { nodeAtPath, parseDocument } from '../../../src/core/manifest/json';
import { child } from '../../../src/core/manifest/rules/util';
import { generateManifest } from '../../../bench/lint';

const manifests = resolve(__dirname, '../../../../shared/corpus/manifests');

/** Every node with every field read through its accessors (lazy nodes are made here), parents checked. */
function plain(node: JsonNode | undefined): unknown {
  if (!node) return node;
  const children = node.children?.map((c) => {
    assert.equal(c.parent, node, 'parent');
    return plain(c);
  });
  return {
    type: node.type,
    offset: node.offset,
    length: node.length,
    value: node.value,
    colonOffset: node.colonOffset,
    children,
  };
}

/** Asserts the fast path takes `text` and builds exactly jsonc-parser's tree and JSON.parse's value. */
function assertSameTree(text: string, label = text.slice(0, 40)): void {
  const bom = text.charCodeAt(0) === 0xfeff;
  const fast = parseStrictTree(text, bom ? 1 : 0);
  assert.ok(fast, `fast path taken: ${label}`);
  assert.ok(fast.root instanceof LazyNode);
  assert.deepEqual(plain(fast.root), plain(parseTree(bom ? ' ' + text.slice(1) : text)), label);
  assert.deepEqual(fast.value, JSON.parse(bom ? text.slice(1) : text));
}

function bigObject(keys: number, duplicateAt?: number): string {
  const parts: string[] = [];
  for (let i = 0; i < keys; i++) parts.push(`"k${i === duplicateAt ? 3 : i}": [${i}, "v\\"${i}\\\\", {"n": null}]`);
  return `{ ${parts.join(',\n  ')} }`;
}

test('lazy tree: same nodes as jsonc-parser on small shapes, numbers, escapes in values, whitespace, BOM', () => {
  for (const text of [
    '{"a":[1,-2.5e3,true,false,null,"x\\"y\\u00e9\\\\"],"b":{},"c":[],"d":{"e":{"f":[[]]}}}',
    '  [ 1 , {"a" : "b"} ]  ',
    '"s"',
    '0',
    '-0.5E+2',
    '{}',
    '[]',
    '{ "a" :\t{ } , "b" : [ ] }\r\n',
    '\ufeff{"a": 1}',
    '{"a-1": 1, "-1": 2, "a1": 3, "": 4}',
    bigObject(100),
    bigObject(17),
  ]) {
    assertSameTree(text);
  }
});

test('lazy tree: same nodes as jsonc-parser on generated manifests and every corpus manifest', (t) => {
  for (const [size, seed, faults] of [
    [3_000, 1, 1],
    [10_000, 10, 2],
    [60_000, 7, 5],
  ] as const) {
    const text = generateManifest(size, seed, faults);
    assertSameTree(text, `generated ${size}`);
    assertSameTree(JSON.stringify(JSON.parse(text)), `generated ${size}, compact`);
    assertSameTree(
      JSON.stringify(JSON.parse(text), null, '\t').replace(/\n/g, '\r\n'),
      `generated ${size}, tabs and CRLF`,
    );
  }
  if (!existsSync(manifests)) return t.skip('../shared is absent: corpus manifests not available');
  let fast = 0;
  for (const name of readdirSync(manifests).filter((f) => f.endsWith('.json'))) {
    const text = readFileSync(resolve(manifests, name), 'utf8');
    const bom = text.charCodeAt(0) === 0xfeff;
    if (!parseStrictTree(text, bom ? 1 : 0)) continue;
    assertSameTree(text, name);
    fast++;
  }
  assert.ok(fast >= 10, `most corpus manifests take the fast path (${fast})`);
});

test('lazy tree: objects JSON.parse does not mirror (duplicate, integer-like, __proto__ and escaped keys) are read from the text', () => {
  for (const text of [
    '{"a":1,"a":2}',
    '{"x": {"b": 1, "c": 2, "b": 3}}',
    '{"a": {"b": [1, {"c": 2}], "b": {"d": 3}}, "a": [4], "a": {"b": 5, "b": {"e": 6}}}',
    bigObject(100, 40),
    bigObject(100, 5),
    bigObject(17, 16),
    '{"2": "x", "1": "y", "a": 0, "10": 1}',
    '{"a": {"10": 1}}',
    '{"__proto__": {"polluted": true}, "b": 1}',
    '[{"__proto__": 1}, {"__proto__": {"x": 1}, "__proto__": [2]}]',
    '{"__proto__": null, "constructor": {"prototype": {"polluted": 1}}, "toString": {}}',
    '{"_proto": 1, "__proto": 2, "a__proto__": 3}',
    '{"a1": 1, "b": "\\u0031"}',
    '{"k": "__proto__"}',
    // Keys with escapes, decoded: plain, quotes and backslashes, integer-like, __proto__, repeated.
    '{"a\\u0062": 1}',
    '{"a\\"b": 1, "c\\\\": 2, "\\\\": 3, "d": {"\\"": [4]}}',
    '{"a": 1, "a\\u0062": 1}',
    '{"b": 2, "\\u0031": "one", "c": 3}',
    '{"\\u0031": "one", "b": 2, "0": "zero"}',
    '{"\\u005f_proto__": {"polluted": true}, "x": 1}',
    '{"a": 1, "\\u0061": 2, "b": {"\\u0063": 3, "c": 4}}',
    '{"\\u0061": {"k": 1}, "a": {"k": 2}}',
    '{"\\ud83d\\ude00": 1, "\\ud800": 2, "\\n\\t\\/": 3}',
    bigObject(40).replace('"k7"', '"k\\u0033"'),
    bigObject(40).replace('"k7"', '"k\\u0037x"'),
  ]) {
    assertSameTree(text);
    const fast = parseStrictTree(text)!;
    const reference = parseTree(text)!;
    // Every value node's plain value is the one jsonc-parser gives that node (overridden duplicates too).
    const values = (node: JsonNode, ref: JsonNode): void => {
      if (node.type === 'property') return values(node.children![1]!, ref.children![1]!);
      // getNodeValue makes objects without a prototype: compared as JSON text.
      assert.equal(JSON.stringify((node as LazyNode).plainValue()), JSON.stringify(getNodeValue(ref)), text);
      node.children?.forEach((c, i) => values(c, ref.children![i]!));
    };
    values(fast.root, reference);
    assert.deepEqual(fast.duplicateObjects, duplicateObjects(reference), text);
    const doc = parseDocument(text);
    assert.ok(doc.root instanceof LazyNode);
    assert.equal(doc.mayHaveDuplicates, fast.duplicateObjects.length > 0);
  }
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined, 'no prototype touched');
  // Keyed lookups find the last duplicate, as JSON.parse keeps it, whatever was read before.
  const text = '{"a": 1, "b": {"c": 1}, "a": 2, "b": {"c": 3}, "__proto__": 4}';
  for (const first of ['children', 'lookup']) {
    const { root } = parseStrictTree(text)!;
    if (first === 'children') assert.equal(root.children!.length, 5);
    assert.equal(nodeAtPath(root, ['a'])?.value, 2);
    assert.equal(nodeAtPath(root, ['b', 'c'])?.value, 3);
    assert.equal(nodeAtPath(root, ['__proto__'])?.value, 4);
    assert.equal(child(root, 'a')?.offset, 29);
    assert.equal(child(root, 'a')?.parent, root.children![2]);
    assert.equal(root.children![1]!.children![1]!.children![0]!.children![1]!.value, 1);
    assert.equal(child(root, 'toString'), undefined);
    assert.equal(child(child(root, '__proto__'), 'toString'), undefined);
    assert.deepEqual(plain(root), plain(parseTree(text)));
  }
});

test('lazy tree: deep nesting and overridden duplicates past the budget take jsonc-parser', () => {
  // Overridden duplicates nested in overridden duplicates: their text would be parsed again at each level.
  let nested = '1';
  for (let i = 0; i < 40; i++) nested = `{"a": ${nested}, "a": 0}`;
  for (const text of ['['.repeat(300) + ']'.repeat(300), nested]) {
    assert.equal(parseStrictTree(text), undefined, text.slice(0, 40));
    // parseDocument still gives jsonc-parser's tree, so findings stay the same.
    const doc = parseDocument(text);
    assert.ok(doc.root && !(doc.root instanceof LazyNode));
  }
  // A few levels of them stay on the fast path.
  let few = '1';
  for (let i = 0; i < 3; i++) few = `{"a": ${few}, "a": 0}`;
  assertSameTree(few);
  for (const s of ['{"a":1,}', '{/*c*/}', '{"a":01}', '{"a":1.}', "{'a':1}", '{"a":"\t"}', '[1]x', '']) {
    assert.equal(parseStrictTree(s), undefined, s);
  }
});

/** The offsets of the objects of a jsonc-parser tree that repeat a key, ascending. */
function duplicateObjects(node: JsonNode, out: number[] = []): number[] {
  if (node.type === 'object') {
    const keys = node.children!.map((p) => p.children![0]!.value as string);
    if (new Set(keys).size !== keys.length) out.push(node.offset);
  }
  for (const c of node.children ?? []) duplicateObjects(c, out);
  return out;
}

test('lazy tree: keyed lookups make one property, and later full reads return the same nodes', () => {
  const text = '{"a": 1, "b": {"c": [true, "x"]}, "d": null}';
  const root = parseStrictTree(text)!.root as LazyNode;
  const b = child(root, 'b')!;
  assert.equal(b.type, 'object');
  assert.equal(b.offset, text.indexOf('{"c"'));
  assert.equal(child(root, 'zz'), undefined);
  assert.equal(child(root, 'toString'), undefined, 'inherited names are not keys');
  const x = nodeAtPath(root, ['b', 'c', 1])!;
  assert.equal(x.value, 'x');
  assert.equal(nodeAtPath(root, ['b', 'c', '1']), x);
  assert.equal(nodeAtPath(root, ['b', 'c', 2]), undefined);
  assert.equal(nodeAtPath(root, ['a', 'x']), undefined);
  // The whole children list keeps the nodes made by the lookups.
  const props = root.children!;
  assert.equal(props.length, 3);
  assert.equal(props[1]!.children![1], b);
  assert.equal(props[1]!.colonOffset, text.indexOf(':', text.indexOf('"b"')));
  assert.equal(props[1]!.children![0]!.value, 'b');
  assert.deepEqual(plain(root), plain(parseTree(text)));
});

test('lazy tree: a value read by key gets its property node when its parent is read, in either order', () => {
  const text = '{"a": 1, "b": {"c": "x", "d": [2]}, "e": "y"}';
  const expected = plain(parseTree(text));
  // Value first, then its parent: the property node made then holds the same value node.
  const root = parseStrictTree(text)!.root as LazyNode;
  const b = root.memberValue('b')!;
  const d = child(b, 'd')!;
  assert.equal(root.memberValue('b'), b, 'one node per value');
  assert.equal(d.type, 'array');
  const prop = d.parent!;
  assert.equal(prop.type, 'property');
  assert.equal(prop.children![1], d);
  assert.equal(prop.children![0]!.value, 'd');
  assert.equal(prop.parent, b);
  assert.equal(b.parent!.parent, root);
  assert.equal(root.member('b'), b.parent, 'the property node is made once');
  assert.equal(root.children![1]!.children![1], b);
  assert.deepEqual(plain(root), expected);
  // Property first, then the value by key: the property's own value node.
  const again = parseStrictTree(text)!.root as LazyNode;
  const e = again.member('e')!;
  assert.equal(again.memberValue('e'), e.children![1]);
  assert.equal(again.memberValue('zz'), undefined);
  assert.equal(again.memberValue('toString'), undefined, 'inherited names are not keys');
  assert.equal((again.memberValue('a') as LazyNode).memberValue('x'), undefined, 'not an object');
  // All children read first, then by key.
  const whole = parseStrictTree(text)!.root as LazyNode;
  const kids = whole.children!;
  assert.equal(whole.memberValue('a'), kids[0]!.children![1]);
  assert.deepEqual(plain(whole), expected);
});

test('property nodes hold exactly their key and value', () => {
  const t = parseStrictTree('{"a" : [1, {"b": "c"}]}')!.root;
  const prop = t.children![0]!;
  assert.equal(prop.type, 'property');
  assert.equal(prop.children!.length, 2);
  assert.equal(prop.colonOffset, 5);
  assert.equal(prop.children![0]!.parent, prop);
  assert.equal(prop.children![1]!.parent, prop);
  assert.equal(prop.children![1]!.children![1]!.children![0]!.children![1]!.value, 'c');
});

test('strict JSON whose tree needs jsonc-parser keeps JSON.parse value; other texts have none', () => {
  // (Nesting past the lazy tree's depth sends the text to jsonc-parser.)
  const dup = `{"a": 1, "b": {"c": 2}, "a": 3, "__proto__": {"x": 1}, "\\u0063": ${'['.repeat(300)}${']'.repeat(300)}}`;
  const doc = parseDocument(dup);
  assert.ok(!(doc.root instanceof LazyNode), 'jsonc-parser tree');
  assert.equal(doc.value, undefined);
  assert.deepEqual(doc.parsedValue, JSON.parse(dup));
  assert.ok(Object.hasOwn(doc.parsedValue as object, '__proto__'), 'an own key, as JSON.parse makes it');
  assert.deepEqual(parseDocument('\uFEFF' + dup).parsedValue, JSON.parse(dup));
  // Not strict JSON: no value from JSON.parse (the engine reads the tolerant tree).
  assert.equal(parseDocument('{"a": 1, "a": 2,}').parsedValue, undefined);
  assert.equal(parseDocument('{"a": 1 "a": 2}').parsedValue, undefined);
  // Too deep: the tree is of the pruned text, so the value of the whole text is not used.
  const deep = `{"a": ${'['.repeat(600)}${']'.repeat(600)}, "a": 1}`;
  assert.notEqual(parseDocument(deep).tooDeep, undefined);
  assert.equal(parseDocument(deep).parsedValue, undefined);
});

test('lazy tree: keys of a large object are found by position in any order, as jsonc-parser has them', () => {
  const value: Record<string, number[]> = {};
  for (let i = 0; i < 100; i++) value[`k${i}`] = [i];
  const text = JSON.stringify(value, null, 1);
  const expected = plain(parseTree(text));
  const root = parseStrictTree(text)!.root as LazyNode;
  for (const i of [99, 0, 57, 33, 32, 31, 1, 98]) {
    const v = root.memberValue(`k${i}`)!;
    assert.equal(v.offset, text.indexOf(`[\n  ${i}\n ]`), `k${i}`);
    assert.equal(root.member(`k${i}`)!.children![1], v);
  }
  assert.equal(root.memberValue('k100'), undefined);
  assert.equal(nodeAtPath(root, ['k64', 0])!.value, 64);
  assert.deepEqual(plain(root), expected);
});
