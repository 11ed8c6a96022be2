import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractToken, findJwtCandidates, looksLikeFilePath, looksLikeJwt } from '../../../src/core/token/extract';
import { unsigned } from './helpers';

const jwt = unsigned({ alg: 'RS256', typ: 'JWT' }, { aud: 'x', ver: '2.0' });

function tokenOf(input: string): string {
  const r = extractToken(input);
  assert.ok(r.ok, `expected a token from ${input.slice(0, 40)}`);
  return r.token;
}

test('a bare JWT is returned as is', () => {
  const r = extractToken(jwt);
  assert.deepEqual(r, { ok: true, token: jwt, offset: 0, source: 'jwt' });
});

test('surrounding whitespace and quotes are stripped, with the offset kept', () => {
  const r = extractToken(`  "${jwt}"\n`);
  assert.ok(r.ok);
  assert.equal(r.token, jwt);
  assert.equal(r.offset, 3);
  assert.equal(tokenOf(`'"${jwt}"'`), jwt);
  assert.equal(tokenOf(`\`${jwt}\``), jwt);
});

test('Bearer prefix and Authorization header lines', () => {
  const b = extractToken(`Bearer ${jwt}`);
  assert.ok(b.ok && b.source === 'bearer' && b.token === jwt && b.offset === 7);
  const h = extractToken(`Authorization: Bearer ${jwt}`);
  assert.ok(h.ok && h.source === 'header' && h.token === jwt);
  assert.equal(tokenOf(`authorization:bearer   ${jwt}`), jwt);
  assert.equal(tokenOf(`"Authorization: Bearer ${jwt}"`), jwt);
});

test('URLs with access_token or id_token in the fragment or the query', () => {
  const frag = extractToken(`https://app.example/cb#access_token=${jwt}&token_type=Bearer&expires_in=3599`);
  assert.ok(frag.ok && frag.source === 'url' && frag.token === jwt);
  assert.equal(tokenOf(`https://app.example/cb?state=1&id_token=${jwt}`), jwt);
  assert.equal(tokenOf(`https://app.example/cb#id_token=${jwt}&state=abc`), jwt);
  const raw = extractToken(`access_token=${jwt}&token_type=Bearer`);
  assert.ok(raw.ok && raw.source === 'fragment' && raw.token === jwt);
  assert.equal(tokenOf(`#access_token=${jwt}&state=x`), jwt);
});

test('a token inside a line of text (curl command) is found', () => {
  const r = extractToken(`curl -H "Authorization: Bearer ${jwt}" https://api.example/x`);
  assert.ok(r.ok && r.source === 'text' && r.token === jwt);
});

test('empty input is an error result, not an exception', () => {
  const r = extractToken('   \n ');
  assert.equal(r.ok, false);
  assert.match((r as { message: string }).message, /empty/);
  assert.equal(extractToken('""').ok, false);
});

test('non-token text is passed through for decodeToken to judge', () => {
  assert.equal(tokenOf('hello'), 'hello');
});

test('looksLikeJwt and findJwtCandidates', () => {
  assert.equal(looksLikeJwt(jwt), true);
  assert.equal(looksLikeJwt('eyJhbGciOi.not'), false);
  assert.equal(looksLikeJwt('plain words'), false);
  const text = `const a = "${jwt}";\nconst b = 'eyJshort.x.y';`;
  const found = findJwtCandidates(text);
  assert.equal(found.length, 1);
  assert.equal(text.slice(found[0]!.offset, found[0]!.offset + found[0]!.length), jwt);
});

test('file and folder paths are told apart from tokens, headers and redirect URLs', () => {
  for (const path of [
    '/work/shared/corpus/tokens/teamsfx-v2-access-sso.jwt',
    '/work/shared/corpus/',
    './token',
    '../tokens/a.jwt',
    '~/Downloads/token.txt',
    'C:\\Users\\ada\\token.jwt',
    'c:/tokens/x',
    '\\\\server\\share\\t.jwt',
    'file:///home/ada/t.jwt',
    'access.jwt',
    'token.TXT',
    ' "/tmp/with space/t.jwt" ',
  ]) {
    assert.equal(looksLikeFilePath(path), true, path);
  }
  for (const text of [
    jwt,
    `Bearer ${jwt}`,
    `Authorization: Bearer ${jwt}`,
    `https://app.example/callback#access_token=${jwt}&token_type=Bearer`,
    `/callback#id_token=${jwt}`,
    `#access_token=${jwt}`,
    'opaque-refresh-token',
    `${jwt.split('.').slice(0, 2).join('.')}.jwt`,
    'see the log in token.txt',
    '',
  ]) {
    assert.equal(looksLikeFilePath(text), false, text.slice(0, 60));
  }
});

test('adversarial text: the candidates are exactly the runs with two or four dots after an eyJ', () => {
  const all = (text: string): [number, number][] => findJwtCandidates(text, 0).map((c) => [c.offset, c.length]);
  // No dot at all, or a single one: nothing, however many eyJ.
  assert.deepEqual(all('eyJ'.repeat(20_000)), []);
  assert.deepEqual(all(`${'eyJ'.repeat(20_000)}.x`), []);
  assert.deepEqual(all(`eyJ${'A'.repeat(50_000)}.${'B'.repeat(50_000)}`), []);
  // Two dots after a long run of eyJ: one candidate from the first eyJ to the end.
  const two = `${'eyJ'.repeat(10_000)}.a.b`;
  assert.deepEqual(all(two), [[0, two.length]]);
  // "eyJ." repeated: each run takes four dots (five segments), the next starts after the fifth dot.
  const dotted = 'eyJ.'.repeat(12);
  assert.deepEqual(all(dotted), [
    [0, 19],
    [20, 19],
    [40, 8],
  ]);
  // Runs of dots only: the fifth segment ends at the fifth dot.
  assert.deepEqual(all(`eyJ${'.'.repeat(1000)}`), [[0, 7]]);
  // Two-part lookalikes never count; a real token after a long adversarial prefix still does.
  assert.deepEqual(all('eyJa.b '.repeat(5000)), []);
  const text = `${'eyJ'.repeat(5000)} eyJ.eyJ.eyJ.x ${jwt}`;
  const found = findJwtCandidates(text);
  assert.equal(found.length, 1);
  assert.equal(text.slice(found[0]!.offset, found[0]!.offset + found[0]!.length), jwt);
  const ex = extractToken(`log: ${'eyJ'.repeat(5000)} ${jwt} end`);
  assert.ok(ex.ok && ex.token === jwt && ex.source === 'text');
  assert.equal(looksLikeJwt('eyJ'.repeat(20_000)), false);
  assert.equal(looksLikeJwt(`${'eyJ'.repeat(20_000)}.a.b`), true);
  assert.equal(looksLikeJwt(`${'eyJ'.repeat(20_000)}.a.b.c`), false);
});

test('the scanner finds the same runs as the regular expression it replaces, on random text', () => {
  // The former extraction regex, as the reference for behaviour (on short inputs, where it is fast).
  const reference = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){1,3}/g;
  const pieces = ['e', 'y', 'J', 'eyJ', 'eyJ', '.', '.', ' ', 'a', '-', '"', 'é'];
  let seed = 12345;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < 5000; i++) {
    let text = '';
    for (let j = random(30); j > 0; j--) text += pieces[random(pieces.length)];
    const expected: { offset: number; length: number }[] = [];
    reference.lastIndex = 0;
    for (let m = reference.exec(text); m !== null; m = reference.exec(text)) {
      const dots = m[0].split('.').length;
      if (dots === 3 || dots === 5) expected.push({ offset: m.index, length: m[0].length });
    }
    assert.deepEqual(findJwtCandidates(text, 0), expected, JSON.stringify(text));
    reference.lastIndex = 0;
    const first = /\s/.test(text.trim()) ? reference.exec(text.trim()) : null;
    const ex = extractToken(text);
    if (first && ex.ok) assert.equal(ex.token, first[0], JSON.stringify(text));
  }
});
