import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToken, MAX_TOKEN_LENGTH } from '../../../src/core/token/decode';
import { b64, unsigned } from './helpers';

function errorOf(token: string) {
  let r: ReturnType<typeof decodeToken> | undefined;
  assert.doesNotThrow(() => (r = decodeToken(token)));
  assert.ok(r && !r.ok, 'expected an error result');
  return r.error;
}

test('decodes header and payload and keeps segment offsets', () => {
  const t = unsigned({ alg: 'RS256', kid: 'k1' }, { aud: 'api', n: 'Zoë ✓' }, 'c2ln');
  const r = decodeToken(t);
  assert.ok(r.ok);
  assert.deepEqual(r.token.header, { alg: 'RS256', kid: 'k1' });
  assert.deepEqual(r.token.payload, { aud: 'api', n: 'Zoë ✓' });
  const { header, payload, signature } = r.token.segments;
  assert.equal(t.slice(header.offset, header.offset + header.length), b64({ alg: 'RS256', kid: 'k1' }));
  assert.equal(t.slice(payload.offset, payload.offset + payload.length), b64({ aud: 'api', n: 'Zoë ✓' }));
  assert.equal(t.slice(signature.offset), 'c2ln');
  assert.equal(r.token.payloadJson, '{"aud":"api","n":"Zoë ✓"}');
});

test('an unsigned token (alg none, empty signature) still decodes', () => {
  const r = decodeToken(`${b64({ alg: 'none' })}.${b64({ a: 1 })}.`);
  assert.ok(r.ok);
  assert.equal(r.token.segments.signature.length, 0);
});

test('not a JWT: no dots; opaque tokens are recognised', () => {
  assert.equal(errorOf('hello world').code, 'not-jwt');
  const opaque = errorOf('EwBwA8l6BAAURSN/FHlDW5xN74t6GIl1');
  assert.equal(opaque.code, 'not-jwt');
  assert.match(opaque.message, /opaque/);
});

test('wrong segment counts: two, four, six', () => {
  assert.equal(errorOf(`${b64({ alg: 'RS256' })}.${b64({})}`).code, 'segment-count');
  assert.match(errorOf('a.b.c.d').message, /4 parts/);
  assert.match(errorOf('a.b.c.d.e.f').message, /6 parts/);
});

test('five segments is an encrypted token (JWE): says so and shows the readable header', () => {
  const e = errorOf(`${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.key.iv.cipher.tag`);
  assert.equal(e.code, 'encrypted');
  assert.match(e.message, /encrypted/);
  assert.match(e.message, /private key/);
  assert.deepEqual(e.header, { alg: 'RSA-OAEP', enc: 'A256GCM' });
});

test('an encrypted token whose header values are not strings: named within bounds, never with String()', () => {
  // alg nested 5,000 levels: String() of it recursed through Array.prototype.join and overflowed.
  const deep = `${'['.repeat(5000)}"RSA-OAEP"${']'.repeat(5000)}`;
  const header = Buffer.from(`{"alg":${deep},"enc":{"a":"${'x'.repeat(5000)}"}}`).toString('base64url');
  const e = errorOf(`${header}.key.iv.cipher.tag`);
  assert.equal(e.code, 'encrypted');
  assert.match(e.message, /\(alg \[\[\[… 4,998 more levels\]\]\], enc \{"a":"x+… 4,800 more characters"\}\)/);
  assert.ok(e.message.length < 600, `${e.message.length} characters`);
  // Strings as they are, invisible and reordering characters marked.
  assert.match(
    errorOf(`${b64({ alg: 'RSA\u202eOAEP', enc: 'A256GCM' })}.a.b.c.d`).message,
    /alg RSA⟨U\+202E⟩OAEP, enc A256GCM/,
  );
});

test('bad base64url: illegal characters, standard base64, impossible length', () => {
  const bad = errorOf(`${b64({ alg: 'RS256' })}.ab$cd.sig`);
  assert.equal(bad.code, 'base64url');
  assert.equal(bad.segment, 'payload');
  assert.match(bad.message, /"\$"/);
  const std = errorOf(`${b64({ alg: 'RS256' })}.${Buffer.from('{"a":"??>>"}').toString('base64')}.sig`);
  assert.match(std.message, /standard base64|not valid base64url/);
  assert.equal(errorOf(`${b64({ alg: 'RS256' })}.abcde.sig`).code, 'base64url');
});

test('"=" padding is decoded with a notice; padding that cannot fit the length is still refused', () => {
  const payload = Buffer.from('{"a":1}').toString('base64');
  assert.ok(payload.endsWith('='));
  const r = decodeToken(`${b64({ alg: 'RS256' })}.${payload}.sig`);
  assert.ok(r.ok);
  assert.deepEqual(r.token.payload, { a: 1 });
  assert.equal(r.token.notices?.length, 1);
  assert.match(r.token.notices![0]!, /payload ends with "=" padding/);
  assert.equal(r.token.segments.payload.length, payload.length, 'the segment keeps its padding');
  assert.equal(errorOf(`${b64({ alg: 'RS256' })}.${payload}==.sig`).code, 'base64url');
  const clean = decodeToken(`${b64({ alg: 'RS256' })}.${b64({ a: 1 })}.sig`);
  assert.ok(clean.ok && clean.token.notices === undefined);
  // A long run of "=" inside a part is not padding (found from the end, in one pass: a pattern
  // searching for the trailing run took 1.4 s on 40,000 of them, about a minute at this size).
  assert.equal(errorOf(`${b64({ alg: 'RS256' })}.${'='.repeat(250_000)}x=.sig`).code, 'base64url');
});

test('non-JSON and non-object header or payload', () => {
  const h = errorOf(`${b64('not json')}.${b64({})}.sig`);
  assert.equal(h.code, 'json');
  assert.equal(h.segment, 'header');
  const arr = errorOf(`${b64({ alg: 'RS256' })}.${b64([1, 2])}.sig`);
  assert.equal(arr.code, 'not-object');
  assert.match(arr.message, /array/);
  assert.match(errorOf(`${b64({ alg: 'RS256' })}.${b64('"text"')}.sig`).message, /string/);
  assert.match(errorOf(`${b64('null')}.${b64({})}.sig`).message, /null/);
});

test('invalid UTF-8 in the payload', () => {
  const e = errorOf(`${b64({ alg: 'RS256' })}.${Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url')}.sig`);
  assert.equal(e.code, 'utf8');
});

test('huge input (1 MB) is refused with a message', () => {
  const huge = `${b64({ alg: 'RS256' })}.${'A'.repeat(1024 * 1024)}.sig`;
  const started = performance.now();
  const e = errorOf(huge);
  // Measured before the assertions below (building their RegExp loads locale data, which is slow under load).
  const elapsed = performance.now() - started;
  assert.equal(e.code, 'too-large');
  assert.match(e.message, new RegExp(MAX_TOKEN_LENGTH.toLocaleString('en-US')));
  console.log(`# 1 MB input refused in ${elapsed.toFixed(1)} ms`);
});

test('empty input', () => {
  assert.equal(errorOf('').code, 'empty');
});
