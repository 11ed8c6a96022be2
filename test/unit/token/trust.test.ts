// Keys come only from trusted authorities: a token that names its own issuer (and that issuer's
// keys) is never valid, and no verification fetches an untrusted address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeToken } from '../../../src/core/token/analyze';
import { decodeToken } from '../../../src/core/token/decode';
import { fetchUrlCheck, hostKind, issuerTrust, trustPolicy } from '../../../src/core/token/trust';
import { KeyCache, verifyToken, type FetchJson } from '../../../src/core/token/verify';
import { defaultFetchJson } from '../../../src/io/keys';
import { httpsFetchJson } from '../../../src/vscode/token/fetch';
import { makeSigner, NOW, startKeyServer, TENANT, v2Delegated, type Signer } from './helpers';

/** An attacker's issuer: answers metadata for any host with a jwks_uri on that host, and its own keys. */
function attackerFetch(signer: Signer, jwksHost?: string): { fetchJson: FetchJson; requests: string[] } {
  const requests: string[] = [];
  const fetchJson: FetchJson = async (url) => {
    requests.push(url);
    const u = new URL(url);
    if (u.pathname.endsWith('/openid-configuration')) {
      const tenant = u.pathname.split('/')[1]!;
      return {
        issuer: `${u.origin}/{tenantid}/v2.0`,
        jwks_uri: `https://${jwksHost ?? u.host}/${tenant}/discovery/v2.0/keys`,
      };
    }
    return { keys: [signer.publicJwk] };
  };
  return { fetchJson, requests };
}

function problemCodes(token: string, trustedIssuers: string[] = []): string[] {
  const d = decodeToken(token);
  assert.ok(d.ok);
  return analyzeToken(d.token, { now: NOW, trust: { trustedIssuers } })
    .problems.filter((p) => p.severity === 'warning')
    .map((p) => p.code);
}

const FORGED_ISSUERS = [
  `https://attacker.example/${TENANT}/v2.0`,
  `https://login.microsoftonline.com.attacker.example/${TENANT}/v2.0`,
];

for (const iss of FORGED_ISSUERS) {
  test(`forged issuer ${new URL(iss).host} with its own keys: cannot-verify, nothing fetched, issuer-untrusted warning; trusted explicitly: valid`, async () => {
    const signer = await makeSigner('attacker-key');
    const attacker = attackerFetch(signer);
    const token = await signer.sign(v2Delegated({ iss }));
    const r = await verifyToken(token, { fetchJson: attacker.fetchJson, cache: new KeyCache(), now: NOW });
    assert.equal(r.status, 'cannot-verify', r.reason);
    assert.match(r.reason, /is not a Microsoft authority/);
    assert.match(r.reason, /entra\.token\.trustedIssuers.*--trust-issuer/);
    assert.equal(r.retryable, undefined, 'nothing to retry');
    assert.deepEqual(attacker.requests, [], 'the forged issuer is never asked');
    assert.ok(problemCodes(token).includes('issuer-untrusted'));
    // The user trusts that issuer: its keys count, and the warning goes.
    const trusted = await verifyToken(token, {
      fetchJson: attacker.fetchJson,
      cache: new KeyCache(),
      now: NOW,
      trustedIssuers: [iss],
    });
    assert.equal(trusted.status, 'valid', trusted.reason);
    assert.ok(!problemCodes(token, [iss]).includes('issuer-untrusted'));
  });
}

test('Microsoft authorities are trusted (v2, v1, B2C, External ID) and raise no issuer warning', async () => {
  const policy = trustPolicy();
  for (const iss of [
    `https://login.microsoftonline.com/${TENANT}/v2.0`,
    `https://sts.windows.net/${TENANT}/`,
    `https://contoso.b2clogin.com/${TENANT}/v2.0/`,
    `https://${TENANT}.ciamlogin.com/${TENANT}/v2.0`,
  ]) {
    assert.deepEqual(issuerTrust(policy, iss), { trusted: true, by: 'microsoft' }, iss);
    const signer = await makeSigner('k');
    assert.ok(!problemCodes(await signer.sign(v2Delegated({ iss }))).includes('issuer-untrusted'), iss);
  }
  const china = trustPolicy({ cloud: 'AzureChinaCloud' });
  for (const iss of [
    `https://login.chinacloudapi.cn/${TENANT}/v2.0`,
    `https://login.partner.microsoftonline.cn/${TENANT}/v2.0`,
    `https://sts.chinacloudapi.cn/${TENANT}/`,
  ]) {
    assert.equal(issuerTrust(china, iss).trusted, true, iss);
  }
  assert.equal(
    issuerTrust(trustPolicy({ cloud: 'AzureUSGovernment' }), `https://login.microsoftonline.us/${TENANT}/v2.0`).trusted,
    true,
  );
});

test('hosts are matched exactly, never by prefix or loose suffix', () => {
  const policy = trustPolicy();
  for (const iss of [
    `https://login.microsoftonline.com.attacker.example/${TENANT}/v2.0`,
    `https://attacker.example/login.microsoftonline.com/${TENANT}/v2.0`,
    `https://evillogin.microsoftonline.com/${TENANT}/v2.0`,
    `https://login.microsoftonline.com:8443/${TENANT}/v2.0`,
    `https://login.microsoftonline.com./${TENANT}/v2.0`,
    `https://b2clogin.com/${TENANT}/v2.0`,
    `https://xb2clogin.com/${TENANT}/v2.0`,
    `https://a.b.b2clogin.com/${TENANT}/v2.0`,
    `https://contoso.b2clogin.com.attacker.example/${TENANT}/v2.0`,
    `https://-bad.ciamlogin.com/${TENANT}/v2.0`,
    `http://login.microsoftonline.com/${TENANT}/v2.0`,
  ]) {
    const t = issuerTrust(policy, iss);
    assert.equal(t.trusted, false, iss);
  }
  // Another Microsoft cloud than the configured one: says which setting to change.
  const gov = issuerTrust(policy, `https://login.microsoftonline.us/${TENANT}/v2.0`);
  assert.equal(gov.trusted, false);
  assert.match(
    !gov.trusted ? gov.reason : '',
    /US Government cloud, but the configured cloud is Global: set entra\.cloud/,
  );
});

test('IP literals, loopback, link-local and credentials: refused unless trusted explicitly (credentials never)', async () => {
  const signer = await makeSigner('k');
  const cases = [
    `https://169.254.169.254/${TENANT}/v2.0`,
    `https://127.0.0.1/${TENANT}/v2.0`,
    `https://127.1:8443/${TENANT}/v2.0`,
    `https://[::1]/${TENANT}/v2.0`,
    `https://[fe80::1]/${TENANT}/v2.0`,
    `https://localhost/${TENANT}/v2.0`,
    `https://10.0.0.5/${TENANT}/v2.0`,
    `https://user:pw@login.microsoftonline.com/${TENANT}/v2.0`,
  ];
  for (const iss of cases) {
    const attacker = attackerFetch(signer);
    const r = await verifyToken(await signer.sign(v2Delegated({ iss })), {
      fetchJson: attacker.fetchJson,
      cache: new KeyCache(),
      now: NOW,
    });
    assert.equal(r.status, 'cannot-verify', `${iss}: ${r.reason}`);
    assert.deepEqual(attacker.requests, [], iss);
  }
  assert.equal(hostKind(new URL('https://169.254.169.254/')), 'link-local');
  assert.equal(hostKind(new URL('https://0x7f000001/')), 'loopback');
  assert.equal(hostKind(new URL('https://[::ffff:127.0.0.1]/')), 'loopback');
  assert.equal(hostKind(new URL('https://[fe80::1]/')), 'link-local');
  // Trusted explicitly: an IP host may be fetched; credentials never are.
  const policy = trustPolicy({ trustedIssuers: ['https://127.0.0.1:8443'] });
  assert.deepEqual(fetchUrlCheck(policy, `https://127.0.0.1:8443/${TENANT}/v2.0/.well-known/openid-configuration`), {
    ok: true,
  });
  assert.equal(fetchUrlCheck(policy, `https://127.0.0.1:9999/x`).ok, false, 'another port is another host');
  assert.equal(fetchUrlCheck(policy, `https://u:p@127.0.0.1:8443/x`).ok, false);
  assert.equal(
    fetchUrlCheck(trustPolicy({ trustedIssuers: ['https://u:p@127.0.0.1:8443'] }), 'https://127.0.0.1:8443/x').ok,
    false,
    'an entry with credentials trusts nothing',
  );
  // v1 issuers' keys from an authority on a link-local address: refused unless trusted explicitly.
  const v1 = await signer.sign(v2Delegated({ iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0' }));
  const attacker = attackerFetch(signer);
  const meta = await verifyToken(v1, {
    fetchJson: attacker.fetchJson,
    cache: new KeyCache(),
    now: NOW,
    authorityHost: 'https://169.254.169.254',
  });
  assert.equal(meta.status, 'cannot-verify', meta.reason);
  assert.match(meta.reason, /link-local address that is not trusted explicitly/);
  assert.deepEqual(attacker.requests, []);
});

test('explicitly trusted issuers: an origin trusts all its issuers, an issuer only itself ({tenantid} for any tenant)', () => {
  const other = '99999999-9999-4999-8999-999999999999';
  const origin = trustPolicy({ trustedIssuers: ['https://idp.example:8443'] });
  assert.equal(issuerTrust(origin, `https://idp.example:8443/${TENANT}/v2.0`).trusted, true);
  assert.equal(issuerTrust(origin, `https://idp.example/${TENANT}/v2.0`).trusted, false, 'another port');
  const exact = trustPolicy({ trustedIssuers: [`https://idp.example/${TENANT}/v2.0`] });
  assert.equal(issuerTrust(exact, `https://idp.example/${TENANT}/v2.0`).trusted, true);
  assert.equal(issuerTrust(exact, `https://idp.example/${other}/v2.0`).trusted, false);
  assert.equal(issuerTrust(exact, `https://idp.example/${TENANT}/v2.0/extra`).trusted, false);
  const any = trustPolicy({ trustedIssuers: ['https://idp.example/{tenantid}/v2.0'] });
  assert.equal(issuerTrust(any, `https://idp.example/${other}/v2.0`).trusted, true);
  assert.equal(issuerTrust(any, `https://idp.example.attacker.example/${other}/v2.0`).trusted, false);
});

test('a jwks_uri on another host than the metadata is refused, and so is one with credentials', async () => {
  const signer = await makeSigner('k');
  const token = await signer.sign(v2Delegated());
  const elsewhere = attackerFetch(signer, 'attacker.example');
  const r = await verifyToken(token, { fetchJson: elsewhere.fetchJson, cache: new KeyCache(), now: NOW });
  assert.equal(r.status, 'cannot-verify', r.reason);
  assert.match(r.reason, /jwks_uri is on attacker\.example, not on login\.microsoftonline\.com/);
  assert.ok(
    !elsewhere.requests.some((u) => new URL(u).host !== 'login.microsoftonline.com'),
    'only the metadata was fetched',
  );
  const creds = attackerFetch(signer, 'user:pw@login.microsoftonline.com');
  const c = await verifyToken(token, { fetchJson: creds.fetchJson, cache: new KeyCache(), now: NOW });
  assert.equal(c.status, 'cannot-verify', c.reason);
  assert.match(c.reason, /credentials/);
  assert.equal(creds.requests.length, 1, 'only the metadata was fetched');
});

test('the default fetchers refuse untrusted addresses themselves', async () => {
  for (const fetchJson of [defaultFetchJson(2000), httpsFetchJson(2000)]) {
    for (const url of [
      'https://169.254.169.254/latest/meta-data',
      'https://127.0.0.1:1/x',
      'https://[::1]/x',
      'https://user:pw@login.microsoftonline.com/x',
      'https://attacker.example/x',
      'http://login.microsoftonline.com/x',
    ]) {
      await assert.rejects(fetchJson(url), /refused to fetch it/, url);
    }
  }
});

test('both fetchers stop reading a key set over 1 MB: the signature cannot be checked, and says why', async () => {
  const signer = await makeSigner('big-key');
  const server = await startKeyServer(() => [signer.publicJwk], { keysBytes: 64 * 1024 * 1024 });
  try {
    const token = await signer.sign(v2Delegated({ iss: `${server.origin}/${TENANT}/v2.0` }));
    const trust = { trustedIssuers: [server.origin] };
    for (const fetchJson of [defaultFetchJson(5000, trustPolicy(trust)), httpsFetchJson(5000, trustPolicy(trust))]) {
      const started = performance.now();
      const r = await verifyToken(token, { cache: new KeyCache(), now: NOW, ...trust, fetchJson });
      assert.equal(r.status, 'cannot-verify', r.reason);
      assert.match(r.reason, /the answer from 127\.0\.0\.1:\d+ is too large/);
      // Not the 64 MB: reading stopped at the cap, well within the 5 s timeout.
      assert.ok(performance.now() - started < 4000, `stopped early (${(performance.now() - started).toFixed(0)} ms)`);
    }
    // A key set just under the cap is read as usual.
    const fits = await startKeyServer(() => [signer.publicJwk], { keysBytes: 1024 * 1024 - 16 });
    try {
      const near = await signer.sign(v2Delegated({ iss: `${fits.origin}/${TENANT}/v2.0` }));
      const nearTrust = { trustedIssuers: [fits.origin] };
      for (const fetchJson of [
        defaultFetchJson(5000, trustPolicy(nearTrust)),
        httpsFetchJson(5000, trustPolicy(nearTrust)),
      ]) {
        const r = await verifyToken(near, { cache: new KeyCache(), now: NOW, ...nearTrust, fetchJson });
        assert.equal(r.status, 'valid', r.reason);
      }
    } finally {
      await fits.close();
    }
  } finally {
    await server.close();
  }
});

test('local https issuer: untrusted is never asked; trusted explicitly verifies; a redirect to another host is not followed (both fetchers)', async () => {
  const signer = await makeSigner('local-key');
  const server = await startKeyServer(() => [signer.publicJwk]);
  // Answers metadata with a redirect to the same server under another name (localhost), which would serve keys.
  const redirecting = await startKeyServer(() => [signer.publicJwk], {
    redirect: () => `https://localhost:${server.port}/elsewhere`,
  });
  try {
    const token = await signer.sign(v2Delegated({ iss: `${server.origin}/${TENANT}/v2.0` }));
    const untrusted = await verifyToken(token, { cache: new KeyCache(), now: NOW, fetchJson: defaultFetchJson(2000) });
    assert.equal(untrusted.status, 'cannot-verify', untrusted.reason);
    assert.match(
      untrusted.reason,
      /loopback address: keys are fetched from such a host only when you trust that issuer explicitly/,
    );
    assert.deepEqual(server.requests, [], 'nothing was asked');
    const trust = { trustedIssuers: [server.origin] };
    for (const fetchJson of [defaultFetchJson(5000, trustPolicy(trust)), httpsFetchJson(5000, trustPolicy(trust))]) {
      const ok = await verifyToken(token, { cache: new KeyCache(), now: NOW, ...trust, fetchJson });
      assert.equal(ok.status, 'valid', ok.reason);
    }
    const redirected = await signer.sign(v2Delegated({ iss: `${redirecting.origin}/${TENANT}/v2.0` }));
    const redirectTrust = { trustedIssuers: [redirecting.origin, server.origin] };
    for (const fetchJson of [
      defaultFetchJson(5000, trustPolicy(redirectTrust)),
      httpsFetchJson(5000, trustPolicy(redirectTrust)),
    ]) {
      const before: number = server.requests.length;
      const r = await verifyToken(redirected, { cache: new KeyCache(), now: NOW, ...redirectTrust, fetchJson });
      assert.equal(r.status, 'cannot-verify', r.reason);
      assert.match(r.reason, /redirects to localhost:\d+: redirects are not followed/);
      assert.equal(server.requests.length, before, 'the redirect target was never asked');
    }
  } finally {
    await server.close();
    await redirecting.close();
  }
});
