import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeToken } from '../../../src/core/token/analyze';
import { decodeToken } from '../../../src/core/token/decode';
import { KeyCache, metadataUrlFor, verifyToken } from '../../../src/core/token/verify';
import { b64, fakeIssuer, makeSigner, NOW, repoRoot, TENANT, v2Delegated } from './helpers';

test('metadata address follows the token version; sts.windows.net maps to the login host', () => {
  assert.deepEqual(metadataUrlFor(`https://sts.windows.net/${TENANT}/`, '1.0', TENANT), { url: `https://login.microsoftonline.com/${TENANT}/.well-known/openid-configuration` });
  assert.deepEqual(metadataUrlFor(`https://login.microsoftonline.com/${TENANT}/v2.0`, '2.0', TENANT), { url: `https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration` });
  assert.deepEqual(metadataUrlFor(`https://login.microsoftonline.us/${TENANT}/v2.0`, '2.0', TENANT), { url: `https://login.microsoftonline.us/${TENANT}/v2.0/.well-known/openid-configuration` });
  assert.deepEqual(metadataUrlFor(`https://127.0.0.1:8443/${TENANT}/v2.0`, '2.0', TENANT), { url: `https://127.0.0.1:8443/${TENANT}/v2.0/.well-known/openid-configuration` });
  assert.ok('reason' in metadataUrlFor(`http://127.0.0.1/${TENANT}/v2.0`, '2.0', TENANT));
  assert.deepEqual(metadataUrlFor(`https://sts.windows.net/${TENANT}/`, '1.0', TENANT, 'https://127.0.0.1:9/'), { url: `https://127.0.0.1:9/${TENANT}/.well-known/openid-configuration` });
  assert.ok('reason' in metadataUrlFor('d6835713-b745-48d1-bb62-7a8248477d35', undefined, undefined));
});

test('valid: signed by a key in the issuer JWKS; keys are cached', async () => {
  const signer = await makeSigner('key-1');
  const issuer = fakeIssuer(() => [signer.publicJwk]);
  const cache = new KeyCache();
  const token = await signer.sign(v2Delegated());
  const r = await verifyToken(token, { fetchJson: issuer.fetchJson, cache, now: NOW });
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(r.kid, 'key-1');
  assert.equal(issuer.requests.length, 2);
  const again = await verifyToken(token, { fetchJson: issuer.fetchJson, cache, now: NOW });
  assert.equal(again.status, 'valid');
  assert.equal(issuer.requests.length, 2, 'second verification uses the cache');
  const later = await verifyToken(token, { fetchJson: issuer.fetchJson, cache, now: NOW + 2 * 3600 * 1000 });
  assert.equal(later.status, 'valid');
  assert.equal(issuer.requests.length, 4, 'the cache expires after its TTL');
});

test('v1 tokens use v1 metadata', async () => {
  const signer = await makeSigner('key-v1');
  const issuer = fakeIssuer(() => [signer.publicJwk]);
  const token = await signer.sign(v2Delegated({ iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0' }));
  const r = await verifyToken(token, { fetchJson: issuer.fetchJson, cache: new KeyCache() });
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(issuer.requests[0], `https://login.microsoftonline.com/${TENANT}/.well-known/openid-configuration`);
});

test('tampered payload: invalid', async () => {
  const signer = await makeSigner('key-1');
  const issuer = fakeIssuer(() => [signer.publicJwk]);
  const [h, , s] = (await signer.sign(v2Delegated())).split('.');
  const forged = `${h}.${b64(v2Delegated({ roles: ['Admin'] }))}.${s}`;
  const r = await verifyToken(forged, { fetchJson: issuer.fetchJson, cache: new KeyCache() });
  assert.equal(r.status, 'invalid');
  assert.match(r.reason, /Bad signature/);
});

test('key rollover: a new kid is found after refreshing the cached JWKS', async () => {
  const oldKey = await makeSigner('old');
  const newKey = await makeSigner('new');
  let published = [oldKey.publicJwk];
  const issuer = fakeIssuer(() => published);
  const cache = new KeyCache();
  assert.equal((await verifyToken(await oldKey.sign(v2Delegated()), { fetchJson: issuer.fetchJson, cache })).status, 'valid');
  published = [oldKey.publicJwk, newKey.publicJwk];
  const before = issuer.requests.length;
  const r = await verifyToken(await newKey.sign(v2Delegated()), { fetchJson: issuer.fetchJson, cache });
  assert.equal(r.status, 'valid', r.reason);
  assert.equal(issuer.requests.length, before + 1, 'one JWKS refresh');
});

test('unknown kid: invalid after one refresh', async () => {
  const known = await makeSigner('known');
  const stranger = await makeSigner('stranger');
  const issuer = fakeIssuer(() => [known.publicJwk]);
  const cache = new KeyCache();
  await verifyToken(await known.sign(v2Delegated()), { fetchJson: issuer.fetchJson, cache });
  const r = await verifyToken(await stranger.sign(v2Delegated()), { fetchJson: issuer.fetchJson, cache });
  assert.equal(r.status, 'invalid');
  assert.match(r.reason, /No key stranger.*after refreshing/);
  assert.equal(issuer.requests.filter((u) => u.endsWith('/keys')).length, 2);
});

test('a kid of another key with the same id (wrong key): invalid', async () => {
  const real = await makeSigner('same');
  const fake = await makeSigner('same');
  const issuer = fakeIssuer(() => [real.publicJwk]);
  const r = await verifyToken(await fake.sign(v2Delegated()), { fetchJson: issuer.fetchJson, cache: new KeyCache() });
  assert.equal(r.status, 'invalid');
});

test('Graph token with a header nonce: cannot-verify without fetching', async () => {
  const signer = await makeSigner('g');
  const issuer = fakeIssuer(() => [signer.publicJwk]);
  const token = await signer.sign(v2Delegated({ aud: 'https://graph.microsoft.com' }), { nonce: 'abc' });
  const r = await verifyToken(token, { fetchJson: issuer.fetchJson, cache: new KeyCache() });
  assert.equal(r.status, 'cannot-verify');
  assert.match(r.reason, /Microsoft Graph/);
  assert.equal(issuer.requests.length, 0);
});

test('offline: cannot-verify and says so', async () => {
  const signer = await makeSigner('k');
  const issuer = fakeIssuer(() => [signer.publicJwk], { offline: true });
  const r = await verifyToken(await signer.sign(v2Delegated()), { fetchJson: issuer.fetchJson, cache: new KeyCache() });
  assert.equal(r.status, 'cannot-verify');
  assert.match(r.reason, /Offline/);
});

test('HS256, alg none, JWE, non-https issuer', async () => {
  const never = async (): Promise<unknown> => assert.fail('must not fetch');
  const hs = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(v2Delegated())}.c2ln`;
  assert.equal((await verifyToken(hs, { fetchJson: never })).status, 'cannot-verify');
  const none = `${b64({ alg: 'none' })}.${b64(v2Delegated())}.`;
  assert.equal((await verifyToken(none, { fetchJson: never })).status, 'invalid');
  const jwe = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`;
  const e = await verifyToken(jwe, { fetchJson: never });
  assert.equal(e.status, 'cannot-verify');
  assert.match(e.reason, /Encrypted/);
  const http = `${b64({ alg: 'RS256', kid: 'k' })}.${b64(v2Delegated({ iss: `http://evil.example/${TENANT}/v2.0` }))}.c2ln`;
  const h = await verifyToken(http, { fetchJson: never });
  assert.equal(h.status, 'cannot-verify');
  assert.match(h.reason, /https/);
});

test('expected registration: aud and iss checks', async () => {
  const signer = await makeSigner('k');
  const issuer = fakeIssuer(() => [signer.publicJwk]);
  const token = await signer.sign(v2Delegated());
  const opts = { fetchJson: issuer.fetchJson, cache: new KeyCache() };
  const ok = await verifyToken(token, { ...opts, expected: { audience: ['api://crm', v2Delegated().aud as string], issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' } });
  assert.equal(ok.status, 'valid', ok.reason);
  assert.deepEqual(ok.checks.map((c) => [c.name, c.ok]), [['aud', true], ['iss', true]]);
  const wrong = await verifyToken(token, { ...opts, expected: { audience: 'api://other' } });
  assert.equal(wrong.status, 'invalid');
  assert.match(wrong.reason, /signature is valid, but aud .* is not this API/);
});

test('tenant emulator tokens verify over HTTPS (v1 and v2, key rollover, unknown key, Graph)', async (t) => {
  const entry = join(repoRoot, 'test/emulator/index.ts');
  if (!existsSync(entry)) return t.skip('tenant emulator (test/emulator/index.ts) not present yet');
  const mod = (await import(entry)) as { startEmulator: (o: { scenario: string; port: number }) => Promise<Emulator> };
  const emu = await mod.startEmulator({ scenario: 'sample', port: 0 });
  const CRM = 'c1000000-0000-4000-8000-000000000001';
  try {
    const cache = new KeyCache();
    const graph = await verifyToken(await emu.issueToken(), { cache });
    assert.equal(graph.status, 'cannot-verify');
    const crmToken = await emu.issueToken({ audience: `api://${CRM}`, user: true });
    const d = decodeToken(crmToken);
    assert.ok(d.ok);
    const a = analyzeToken(d.token);
    assert.equal(a.summary.kind, 'access');
    assert.equal(a.summary.flow, 'delegated');
    assert.equal(a.summary.version, '2.0');
    assert.equal(a.summary.issuerForm, 'v2');
    const v2 = await verifyToken(crmToken, { cache, expected: { audience: [CRM, `api://${CRM}`], issuer: `${emu.config.authorityHost}/{tenantid}/v2.0` } });
    assert.equal(v2.status, 'valid', v2.reason);
    // v1 issuers (sts.windows.net) say nothing about the authority: the emulator is named explicitly.
    const v1Token = await emu.issueToken({ audience: CRM, version: 1 });
    const v1 = await verifyToken(v1Token, { cache, authorityHost: emu.config.authorityHost });
    assert.equal(v1.status, 'valid', `v1: ${v1.reason}`);
    emu.rotateKeys();
    emu.rotateKeys();
    const rolled = await verifyToken(await emu.issueToken({ audience: CRM }), { cache });
    assert.equal(rolled.status, 'valid', `after two rotations: ${rolled.reason}`);
    const other = await verifyToken(await emu.issueToken({ audience: CRM, key: 'other' }), { cache });
    assert.equal(other.status, 'invalid');
    const [h, p, sig] = (await emu.issueToken({ audience: CRM })).split('.');
    const forged = `${h}.${b64({ ...(JSON.parse(Buffer.from(p!, 'base64url').toString()) as object), roles: ['Accounts.Write.All'] })}.${sig}`;
    assert.equal((await verifyToken(forged, { cache })).status, 'invalid');
  } finally {
    await emu.close();
  }
});

interface Emulator {
  config: { authorityHost: string };
  issueToken(opts?: Record<string, unknown>): Promise<string>;
  rotateKeys(): void;
  close(): Promise<void>;
}
