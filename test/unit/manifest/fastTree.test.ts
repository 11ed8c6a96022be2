import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { parseStrictTree } from '../../../src/core/manifest/fastTree';

const strip = (node: unknown): unknown => JSON.parse(JSON.stringify(node, (k, v: unknown) => (k === 'parent' ? undefined : v)));

function bigObject(keys: number, duplicateAt?: number): string {
  const parts: string[] = [];
  for (let i = 0; i < keys; i++) parts.push(`"k${i === duplicateAt ? 3 : i}\\u0041": [${i}, "v\\"${i}", {"n": null}]`);
  return `{ ${parts.join(',\n  ')} }`;
}

test('objects with many keys: same tree as jsonc-parser, duplicates found wherever they are', () => {
  for (const [text, duplicate] of [
    [bigObject(100), false],
    [bigObject(100, 40), true],
    [bigObject(100, 5), true],
    [bigObject(33, 32), true],
    [bigObject(32, 31), true],
  ] as const) {
    const fast = parseStrictTree(text);
    assert.ok(fast);
    assert.deepEqual(strip(fast.root), strip(parseTree(text)));
    assert.deepEqual(fast.value, JSON.parse(text));
    assert.equal(fast.duplicateKeys, duplicate);
  }
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
