import { get } from 'node:https';
import { rootCertificates } from 'node:tls';
import { startEmulator } from '../../emulator/index';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeToken } from '../../../src/core/token/analyze';
import { decodeToken } from '../../../src/core/token/decode';
import {
  FetchError,
  KeyCache,
  metadataUrlFor,
  verifyToken,
  tlsTrustProblem,
  type FetchJson,
} from '../../../src/core/token/verify';
import { trustPolicy } from '../../../src/core/token/trust';
import { httpsFetchJson } from '../../../src/vscode/token/fetch';
import { defaultFetchJson } from '../../../src/io/keys';
import { b64, fakeIssuer, makeSigner, NOW, repoRoot, TENANT, v2Delegated } from './helpers';

test('metadata address follows the token version; sts.windows.net maps to the login host', () => {
  assert.deepEqual(metadataUrlFor(`https://sts.windows.net/${TENANT}/`, '1.0', TENANT), {
    url: `https://login.microsoftonline.com/${TENANT}/.well-known/openid-configuration`,
  });
  assert.deepEqual(metadataUrlFor(`https://login.microsoftonline.com/${TENANT}/v2.0`, '2.0', TENANT), {
    url: `https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`,
  });
  assert.deepEqual(metadataUrlFor(`https://login.microsoftonline.us/${TENANT}/v2.0`, '2.0', TENANT), {
    url: `https://login.microsoftonline.us/${TENANT}/v2.0/.well-known/openid-configuration`,
  });
  assert.deepEqual(metadataUrlFor(`https://127.0.0.1:8443/${TENANT}/v2.0`, '2.0', TENANT), {
    url: `https://127.0.0.1:8443/${TENANT}/v2.0/.well-known/openid-configuration`,
  });
  assert.ok('reason' in metadataUrlFor(`http://127.0.0.1/${TENANT}/v2.0`, '2.0', TENANT));
  assert.deepEqual(metadataUrlFor(`https://sts.windows.net/${TENANT}/`, '1.0', TENANT, 'https://127.0.0.1:9/'), {
    url: `https://127.0.0.1:9/${TENANT}/.well-known/openid-configuration`,
  });
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
  assert.equal(
    (await verifyToken(await oldKey.sign(v2Delegated()), { fetchJson: issuer.fetchJson, cache })).status,
    'valid',
  );
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
  assert.equal(r.retryable, true, 'a network failure may pass on a retry');
});

test('retryable only when a retry may help: network errors, 5xx, 408 and 429 yes; 404, bad answers and unverifiable tokens no', async () => {
  const signer = await makeSigner('k');
  const token = await signer.sign(v2Delegated());
  const failWith =
    (err: Error): FetchJson =>
    async () => {
      throw err;
    };
  const verdict = (err: Error) => verifyToken(token, { fetchJson: failWith(err), cache: new KeyCache() });
  for (const status of [500, 502, 503, 504, 408, 429]) {
    const r = await verdict(new FetchError(`HTTP ${status} from login.microsoftonline.com`, { status }));
    assert.equal(r.status, 'cannot-verify');
    assert.equal(r.retryable, true, `HTTP ${status}`);
    assert.match(r.reason, /briefly unavailable: retry later\.$/, `HTTP ${status}`);
  }
  for (const err of [
    new FetchError('HTTP 404 from login.microsoftonline.com', { status: 404 }),
    new FetchError('HTTP 400 from login.microsoftonline.com', { status: 400 }),
    new FetchError('response too large', { transient: false }),
  ]) {
    const r = await verdict(err);
    assert.equal(r.status, 'cannot-verify');
    assert.equal(r.retryable, undefined, err.message);
    assert.doesNotMatch(r.reason, /Offline|retry/, err.message);
  }
  const timeout = await verdict(
    Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }),
  );
  assert.equal(timeout.retryable, true);
  // A key set without keys is a bad answer, not a network failure.
  const noKeys = await verifyToken(token, {
    fetchJson: async (url) =>
      url.endsWith('openid-configuration') ? { jwks_uri: 'https://login.microsoftonline.com/k' } : { nokeys: true },
    cache: new KeyCache(),
  });
  assert.equal(noKeys.status, 'cannot-verify');
  assert.equal(noKeys.retryable, undefined);
  const hs = await verifyToken(`${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(v2Delegated())}.c2ln`, {
    fetchJson: failWith(new Error('unused')),
    cache: new KeyCache(),
  });
  assert.equal(hs.retryable, undefined, 'a shared-secret token can never be checked');
});

test('tenant emulator: a 503 or a reset connection is retryable and the retry verifies (both fetchers)', async (t) => {
  const entry = join(repoRoot, 'test/emulator/index.ts');
  if (!existsSync(entry)) return t.skip('tenant emulator (test/emulator/index.ts) not present yet');
  const mod = (await import(entry)) as { startEmulator: (o: { scenario: string; port: number }) => Promise<Emulator> };
  const emu = await mod.startEmulator({ scenario: 'sample', port: 0 });
  try {
    const token = await emu.issueToken({ audience: 'api://c1000000-0000-4000-8000-000000000001', user: true });
    // The emulator (https on 127.0.0.1) is trusted explicitly.
    const trust = { trustedIssuers: [emu.config.authorityHost] };
    for (const [name, fetchJson] of [
      ['fetch', defaultFetchJson(5000, trustPolicy(trust))],
      ['node:https', httpsFetchJson(5000, trustPolicy(trust))],
    ] as const) {
      for (const fault of [{ kind: 'status', status: 503 }, { kind: 'reset' }]) {
        for (const path of ['/.well-known/openid-configuration', '/discovery/v2.0/keys']) {
          const cache = new KeyCache();
          const options = { cache, ...trust, fetchJson };
          emu.faults.add({ method: 'GET', path, times: 1, fault });
          const failed = await verifyToken(token, options);
          const what = `${name}, ${fault.kind} on ${path}`;
          assert.equal(failed.status, 'cannot-verify', `${what}: ${failed.reason}`);
          assert.equal(failed.retryable, true, `${what}: ${failed.reason}`);
          // The global fetch only says "fetch failed": the reason names its cause's code, in words.
          if (name === 'fetch' && fault.kind === 'reset')
            assert.match(
              failed.reason,
              /: the connection (closed unexpectedly|was reset) \((UND_ERR_SOCKET|ECONNRESET)\)\. Offline\?$/,
              failed.reason,
            );
          const retried = await verifyToken(token, options);
          assert.equal(retried.status, 'valid', `${what}, retried: ${retried.reason}`);
        }
      }
      // An unknown tenant is answered for good (4xx): nothing to retry.
      const [h, p, s] = token.split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
      const stranger = `${h}.${b64({ ...claims, iss: `${emu.config.authorityHost}/99999999-9999-4999-8999-999999999999/v2.0`, tid: '99999999-9999-4999-8999-999999999999' })}.${s}`;
      const unknown = await verifyToken(stranger, { cache: new KeyCache(), ...trust, fetchJson });
      assert.equal(unknown.status, 'cannot-verify', unknown.reason);
      assert.equal(unknown.retryable, undefined, `${name}: ${unknown.reason}`);
    }
  } finally {
    await emu.close();
  }
});

test('HS256, alg none, JWE, non-https issuer', async () => {
  const never = async (): Promise<unknown> => assert.fail('must not fetch');
  const hs = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(v2Delegated())}.c2ln`;
  assert.equal((await verifyToken(hs, { fetchJson: never, cache: new KeyCache() })).status, 'cannot-verify');
  const none = `${b64({ alg: 'none' })}.${b64(v2Delegated())}.`;
  assert.equal((await verifyToken(none, { fetchJson: never, cache: new KeyCache() })).status, 'invalid');
  const jwe = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`;
  const e = await verifyToken(jwe, { fetchJson: never, cache: new KeyCache() });
  assert.equal(e.status, 'cannot-verify');
  assert.match(e.reason, /Encrypted/);
  const http = `${b64({ alg: 'RS256', kid: 'k' })}.${b64(v2Delegated({ iss: `http://evil.example/${TENANT}/v2.0` }))}.c2ln`;
  const h = await verifyToken(http, { fetchJson: never, cache: new KeyCache() });
  assert.equal(h.status, 'cannot-verify');
  assert.match(h.reason, /https/);
});

test('expected registration: aud and iss checks', async () => {
  const signer = await makeSigner('k');
  const issuer = fakeIssuer(() => [signer.publicJwk]);
  const token = await signer.sign(v2Delegated());
  const opts = { fetchJson: issuer.fetchJson, cache: new KeyCache() };
  const ok = await verifyToken(token, {
    ...opts,
    expected: {
      audience: ['api://crm', v2Delegated().aud as string],
      issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
    },
  });
  assert.equal(ok.status, 'valid', ok.reason);
  assert.deepEqual(
    ok.checks.map((c) => [c.name, c.ok]),
    [
      ['aud', true],
      ['iss', true],
    ],
  );
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
    // The emulator (https on 127.0.0.1) is trusted explicitly.
    const trust = {
      trustedIssuers: [emu.config.authorityHost],
      fetchJson: defaultFetchJson(5000, trustPolicy({ trustedIssuers: [emu.config.authorityHost] })),
    };
    const graph = await verifyToken(await emu.issueToken(), { cache, ...trust });
    assert.equal(graph.status, 'cannot-verify');
    const crmToken = await emu.issueToken({ audience: `api://${CRM}`, user: true });
    const d = decodeToken(crmToken);
    assert.ok(d.ok);
    const a = analyzeToken(d.token);
    assert.equal(a.summary.kind, 'access');
    assert.equal(a.summary.flow, 'delegated');
    assert.equal(a.summary.version, '2.0');
    assert.equal(a.summary.issuerForm, 'v2');
    const v2 = await verifyToken(crmToken, {
      cache,
      ...trust,
      expected: { audience: [CRM, `api://${CRM}`], issuer: `${emu.config.authorityHost}/{tenantid}/v2.0` },
    });
    assert.equal(v2.status, 'valid', v2.reason);
    // v1 issuers (sts.windows.net) say nothing about the authority: the emulator is named explicitly.
    const v1Token = await emu.issueToken({ audience: CRM, version: 1 });
    const v1 = await verifyToken(v1Token, { cache, ...trust, authorityHost: emu.config.authorityHost });
    assert.equal(v1.status, 'valid', `v1: ${v1.reason}`);
    emu.rotateKeys();
    emu.rotateKeys();
    const rolled = await verifyToken(await emu.issueToken({ audience: CRM }), { cache, ...trust });
    assert.equal(rolled.status, 'valid', `after two rotations: ${rolled.reason}`);
    const other = await verifyToken(await emu.issueToken({ audience: CRM, key: 'other' }), { cache, ...trust });
    assert.equal(other.status, 'invalid');
    const [h, p, sig] = (await emu.issueToken({ audience: CRM })).split('.');
    const forged = `${h}.${b64({ ...(JSON.parse(Buffer.from(p!, 'base64url').toString()) as object), roles: ['Accounts.Write.All'] })}.${sig}`;
    assert.equal((await verifyToken(forged, { cache, ...trust })).status, 'invalid');
  } finally {
    await emu.close();
  }
});

interface Emulator {
  config: { authorityHost: string };
  faults: { add(rule: { method?: string; path: string; times?: number; fault: Record<string, unknown> }): void };
  issueToken(opts?: Record<string, unknown>): Promise<string>;
  rotateKeys(): void;
  close(): Promise<void>;
}

test('a certificate the client does not trust: the reason says certificate trust, which problem and how to trust a private CA, not "Offline?"', async () => {
  const signer = await makeSigner('k');
  const token = await signer.sign(v2Delegated());
  const failWith =
    (err: Error): FetchJson =>
    async () => {
      throw err;
    };
  const cases: Array<[Error, RegExp]> = [
    [
      Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      /Certificate trust: the server's certificate is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. To trust a private CA, start VS Code or the command line with NODE_EXTRA_CA_CERTS/,
    ],
    // fetch (undici) wraps the TLS error as the cause of "fetch failed".
    [
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('unable to get local issuer certificate'), {
          code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
        }),
      }),
      /Certificate trust: .*unknown CA.*\(UNABLE_TO_GET_ISSUER_CERT_LOCALLY\)\..*system's certificate store/,
    ],
    [
      Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }),
      /Certificate trust: the server's certificate has expired \(CERT_HAS_EXPIRED\)\. The server has to present a valid certificate/,
    ],
  ];
  for (const [err, expected] of cases) {
    const r = await verifyToken(token, { fetchJson: failWith(err), cache: new KeyCache() });
    assert.equal(r.status, 'cannot-verify');
    assert.match(r.reason, expected);
    assert.doesNotMatch(r.reason, /Offline/);
    assert.equal(r.retryable, undefined, 'a retry does not make a certificate trusted');
  }
});

test('the TLS codes are the ones Node reports: a server whose CA is not trusted', async () => {
  const emu = await startEmulator({ scenario: 'sample' });
  try {
    const err = await new Promise<Error>((resolve) => {
      // Only the public roots: the emulator's private CA is unknown here.
      get(`${emu.config.authorityHost}/common/discovery/instance`, { ca: [...rootCertificates] }, (res) => {
        res.resume();
        resolve(new Error('answered'));
      }).on('error', resolve);
    });
    assert.ok(tlsTrustProblem(err), `${(err as Error & { code?: string }).code}: ${err.message}`);
  } finally {
    await emu.close();
  }
});
