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
  for (const path of ['/work/shared/corpus/tokens/teamsfx-v2-access-sso.jwt', '/work/shared/corpus/', './token', '../tokens/a.jwt', '~/Downloads/token.txt', 'C:\\Users\\ada\\token.jwt', 'c:/tokens/x', '\\\\server\\share\\t.jwt', 'file:///home/ada/t.jwt', 'access.jwt', 'token.TXT', ' "/tmp/with space/t.jwt" ']) {
    assert.equal(looksLikeFilePath(path), true, path);
  }
  for (const text of [jwt, `Bearer ${jwt}`, `Authorization: Bearer ${jwt}`, `https://app.example/callback#access_token=${jwt}&token_type=Bearer`, `/callback#id_token=${jwt}`, `#access_token=${jwt}`, 'opaque-refresh-token', `${jwt.split('.').slice(0, 2).join('.')}.jwt`, 'see the log in token.txt', '']) {
    assert.equal(looksLikeFilePath(text), false, text.slice(0, 60));
  }
});
