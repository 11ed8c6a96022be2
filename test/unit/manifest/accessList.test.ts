// AccessList reads a resourceAccess list by kind of entry (the same id and type as written): every
// position's kind, the kinds in the order of their first entry, and how many entries each has,
// checked against a plain reading of random lists (runs of one kind, many kinds, entries that are
// no object), including the lists of one kind, whose kinds array is shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AccessList } from '../../../src/core/manifest/rules/accessList';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const owner = () => ({
  path: ['requiredResourceAccess', 0],
  index: undefined,
  accessNode: undefined,
  resolutions: new Map(),
});

/** What each entry's kind is, read plainly. */
function reference(items: readonly unknown[]): { kindOf: number[]; kinds: [unknown, unknown][]; counts: number[] } {
  const kinds: [unknown, unknown][] = [];
  const counts: number[] = [];
  const kindOf = items.map((o) => {
    const plain = o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : {};
    const id = typeof plain.id === 'string' ? plain.id : undefined;
    const type = typeof plain.type === 'string' ? plain.type : undefined;
    let k = kinds.findIndex(([i, t]) => i === id && t === type);
    if (k < 0) k = kinds.push([id, type]) - 1;
    counts[k] = (counts[k] ?? 0) + 1;
    return k;
  });
  return { kindOf, kinds, counts };
}

test('AccessList: the kind of every position, the kinds in first-entry order and their counts', () => {
  const pool: unknown[] = [
    { id: 'a', type: 'Scope' },
    { id: 'a', type: 'Role' },
    { id: 'A', type: 'Scope' },
    { id: 'b' },
    { type: 'Scope' },
    'not an object',
    null,
    { id: 7, type: 'Scope' },
  ];
  for (let round = 0; round < 2000; round++) {
    const r = rng(round + 1);
    // Few kinds (often one), or many (past the lookup map's threshold).
    const width = r() < 0.4 ? 1 : r() < 0.8 ? 3 : pool.length;
    const kindsUsed =
      width === pool.length ? pool : pool.slice(0, width).map((_, i) => pool[Math.floor(r() * pool.length)] ?? i);
    const many = r() < 0.1;
    const n = Math.floor(r() * (many ? 200 : 12));
    const items: unknown[] = [];
    for (let j = 0; j < n; j++) {
      const extra = many && r() < 0.3 ? { id: `id${Math.floor(r() * 40)}`, type: 'Scope' } : undefined;
      items.push(extra ?? kindsUsed[Math.floor(r() * kindsUsed.length)]);
    }
    const list = new AccessList(owner(), items);
    const want = reference(items);
    const objects = items.filter((o) => o !== null && typeof o === 'object' && !Array.isArray(o)).length;
    assert.equal(list.entries, objects, `round ${round}: entries`);
    assert.equal(list.length, objects > 0 ? n : 0, `round ${round}: length`);
    if (list.length === 0) continue;
    assert.deepEqual(
      list.kinds.map((k) => [k.id, k.type]),
      want.kinds,
      `round ${round}: kinds`,
    );
    assert.deepEqual([...list.counts], want.counts, `round ${round}: counts`);
    for (let j = 0; j < n; j++) assert.equal(list.kindOf[j], want.kindOf[j], `round ${round}: kind of ${j}`);
  }
  // Lists of one kind share their kinds array, which stays all zeros whatever lists come after.
  const one = new AccessList(owner(), [pool[0], pool[0]]);
  new AccessList(owner(), [pool[0], pool[1]]);
  new AccessList(owner(), [pool[1], pool[0], pool[1]]);
  assert.deepEqual([...one.kindOf].slice(0, 2), [0, 0]);
  assert.equal(new AccessList(owner(), [pool[3], pool[3]]).kindOf, one.kindOf, 'shared');
});
