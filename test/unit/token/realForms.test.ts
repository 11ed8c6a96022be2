// Token forms people really have: Azure AD B2C and External ID issuers, padded and wrapped tokens,
// first-party audiences, and the claims those tokens carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeToken, parseIssuer } from '../../../src/core/token/analyze';
import { explainPayloadClaim } from '../../../src/core/token/claims';
import { decodeToken } from '../../../src/core/token/decode';
import { extractToken } from '../../../src/core/token/extract';
import { metadataUrlFor } from '../../../src/core/token/verify';
import { API, CLIENT, NOW, nowS, TENANT, unsigned } from './helpers';

const analyze = (token: string) => {
  const d = decodeToken(token);
  assert.ok(d.ok, d.ok ? '' : d.error.message);
  return analyzeToken(d.token, { now: NOW });
};
const B2C_ISS = `https://contosob2c.b2clogin.com/${TENANT}/v2.0/`;
const b2cId = (extra: Record<string, unknown> = {}) => ({
  iss: B2C_ISS,
  exp: nowS + 3000,
  nbf: nowS - 60,
  iat: nowS - 60,
  aud: CLIENT,
  sub: 'f00d',
  ver: '1.0',
  tid: TENANT,
  nonce: 'n',
  auth_time: nowS - 60,
  idp: 'google.com',
  emails: ['ada@example.com'],
  tfp: 'B2C_1_signupsignin',
  extension_loyaltyLevel: 'gold',
  ...extra,
});

test('Azure AD B2C: the v2 issuer with a trailing slash is v2, its tenant and kind are right, a social sign-in is no guest', () => {
  assert.deepEqual(parseIssuer(B2C_ISS), {
    form: 'v2',
    tenant: TENANT,
    host: 'contosob2c.b2clogin.com',
    base: 'https://contosob2c.b2clogin.com',
  });
  const a = analyze(unsigned({ alg: 'RS256', kid: 'k', typ: 'JWT' }, b2cId()));
  assert.equal(a.summary.issuerForm, 'v2');
  assert.equal(a.summary.tenantId, TENANT);
  assert.equal(a.summary.kind, 'id');
  assert.equal(a.summary.flow, 'delegated');
  assert.equal(a.summary.tenant.guest, false);
  assert.equal(a.summary.tenant.identityProvider, 'google.com');
  const codes = a.problems.map((p) => p.code);
  assert.ok(
    !codes.includes('guest') && !codes.includes('issuer-untrusted') && !codes.includes('v1-token'),
    codes.join(),
  );
  assert.match(
    a.problems.find((p) => p.code === 'customer-tenant')!.message,
    /Azure AD B2C token from the user flow or custom policy B2C_1_signupsignin; the user signed in with google\.com/,
  );
  // A B2C access token: ver 1.0 by design, no v1 advice; the policy may be in acr (older policies).
  const access = analyze(
    unsigned(
      { alg: 'RS256', kid: 'k' },
      { ...b2cId({ nonce: undefined, tfp: undefined, acr: 'b2c_1a_signin' }), aud: API, azp: CLIENT, scp: 'read' },
    ),
  );
  assert.equal(access.summary.kind, 'access');
  assert.ok(!access.problems.some((p) => p.code === 'v1-token'));
  assert.match(access.problems.find((p) => p.code === 'customer-tenant')!.message, /b2c_1a_signin/);
});

test('External ID (ciamlogin.com): v2 issuer, tenant from the token, no guest for a local account', () => {
  const iss = `https://${TENANT}.ciamlogin.com/${TENANT}/v2.0`;
  const a = analyze(
    unsigned(
      { alg: 'RS256', kid: 'k' },
      {
        iss,
        aud: CLIENT,
        exp: nowS + 60,
        iat: nowS,
        nbf: nowS,
        tid: TENANT,
        ver: '2.0',
        sub: 's',
        oid: 'o',
        idp: 'mail',
        nonce: 'n',
      },
    ),
  );
  assert.equal(a.summary.issuerForm, 'v2');
  assert.equal(a.summary.kind, 'id');
  assert.equal(a.summary.tenant.guest, false);
  assert.match(a.problems.find((p) => p.code === 'customer-tenant')!.message, /External ID/);
});

test('B2C keys: the metadata URL names the policy; without tfp or acr there is none', () => {
  assert.deepEqual(metadataUrlFor(B2C_ISS, '1.0', TENANT, undefined, 'B2C_1_SignUpSignIn'), {
    url: `https://contosob2c.b2clogin.com/${TENANT}/b2c_1_signupsignin/v2.0/.well-known/openid-configuration`,
  });
  const none = metadataUrlFor(B2C_ISS, '1.0', TENANT);
  assert.ok('reason' in none && /per policy/.test(none.reason));
  assert.ok('reason' in metadataUrlFor(B2C_ISS, '1.0', TENANT, undefined, '../../evil'));
});

test('B2C and Entra claims get real explanations', () => {
  for (const name of ['tfp', 'emails', 'xms_mirid', 'e_exp', 'platf', 'xms_ftd']) {
    assert.doesNotMatch(explainPayloadClaim(name), /not described|not defined/, name);
  }
  assert.match(explainPayloadClaim('extension_loyaltyLevel'), /Azure AD B2C or External ID/);
  assert.match(explainPayloadClaim('extension_0123456789abcdef0123456789abcdef_dept'), /Directory extension attribute/);
});

test('a token wrapped at 64 or 76 columns is joined with a notice; padding decodes with a warning', () => {
  const token = unsigned(
    { alg: 'RS256', kid: 'k' },
    {
      iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      aud: API,
      azp: CLIENT,
      scp: 'x',
      ver: '2.0',
      tid: TENANT,
      exp: nowS + 60,
    },
  );
  for (const width of [64, 76]) {
    const wrapped = token.match(new RegExp(`.{1,${width}}`, 'g'))!.join('\r\n');
    const ex = extractToken(wrapped);
    assert.ok(ex.ok);
    assert.equal(ex.token, token);
    assert.match(ex.notice!, new RegExp(`over \\d+ lines of ${width} characters`));
  }
  assert.equal((extractToken(`Authorization: Bearer ${token}`) as { notice?: string }).notice, undefined);
  // Free text with a token in it is not "wrapped".
  const inText = extractToken(`curl -H "x: 1"\n${token}`);
  assert.ok(inText.ok && inText.token === token && inText.notice === undefined);
  const padded = `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k' }))
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')}.${Buffer.from(
    JSON.stringify({
      iss: `https://sts.windows.net/${TENANT}/`,
      aud: API,
      appid: CLIENT,
      ver: '1.0',
      tid: TENANT,
      exp: nowS + 60,
      a: 1,
    }),
  )
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')}.sig`;
  assert.ok(/=/.test(padded));
  const a = analyze(padded);
  assert.equal(a.problems.find((p) => p.code === 'base64-padding')?.severity, 'warning');
});

test("the v1-token advice is for the user's own APIs, not first-party resources", () => {
  const v1 = (aud: string) =>
    analyze(
      unsigned(
        { alg: 'RS256', kid: 'k' },
        {
          iss: `https://sts.windows.net/${TENANT}/`,
          aud,
          appid: CLIENT,
          scp: 'user_impersonation',
          ver: '1.0',
          tid: TENANT,
          exp: nowS + 60,
          upn: 'a@b',
        },
      ),
    );
  assert.ok(v1(API).problems.some((p) => p.code === 'v1-token'));
  for (const firstParty of [
    'https://management.core.windows.net/',
    '00000003-0000-0ff1-ce00-000000000000',
    '00000002-0000-0ff1-ce00-000000000000',
    'https://vault.azure.net',
    // First-party resources named by App ID URI, fixed or on the customer's own host.
    'https://analysis.windows.net/powerbi/api',
    'https://database.windows.net/',
    'https://fabrikam.sharepoint.com',
    'https://fabrikam-my.sharepoint.com/',
    'https://fabrikam.crm4.dynamics.com',
    'https://help.westeurope.kusto.windows.net',
  ]) {
    const r = v1(firstParty);
    assert.ok(!r.problems.some((p) => p.code === 'v1-token'), firstParty);
    assert.notEqual(r.summary.audienceName, null, firstParty);
  }
  // An own API on a look-alike host is still the user's own.
  for (const own of ['api://fabrikam.sharepoint.com', 'https://sharepoint.com.fabrikam.example/api']) {
    assert.ok(
      v1(own).problems.some((p) => p.code === 'v1-token'),
      own,
    );
  }
});

test('B2C: an access token the app asked for itself (its client id as the scope) has no scp and gets no warning for it', () => {
  const header = { alg: 'RS256', kid: 'b2c-key', typ: 'JWT' };
  const forItself = (aud: string) =>
    analyze(
      unsigned(header, {
        ...b2cId({ aud, azp: CLIENT, idp: 'LocalAccount', tfp: 'B2C_1_ropc' }),
        nonce: undefined,
        oid: 'f00d',
      }),
    );
  const self = forItself(CLIENT);
  assert.equal(self.summary.kind, 'access');
  assert.equal(self.summary.flow, 'delegated');
  assert.ok(!self.problems.some((p) => p.code === 'no-scp'), self.problems.map((p) => p.code).join());
  // For another API the client does need a delegated permission.
  const other = forItself(API);
  assert.ok(
    other.problems.some((p) => p.code === 'no-scp'),
    other.problems.map((p) => p.code).join(),
  );
});

test('a token copied with what stood around it in code (brackets, quote, comma, colon) is decoded with a notice', () => {
  const token = unsigned({ alg: 'RS256', kid: 'k', typ: 'JWT' }, { iss: B2C_ISS, aud: CLIENT, exp: nowS + 60 });
  for (const pasted of [`${token}",`, `[${token}]`, `${token};`, `Bearer ${token}:`]) {
    const r = extractToken(pasted);
    assert.ok(r.ok);
    assert.equal(r.token, token, pasted.slice(-4));
    assert.match(r.notice ?? '', /left out/);
  }
  // Wrapped in an indented text block and ended by a stray colon: joined, then trimmed.
  const wrapped =
    token
      .match(/.{1,100}/g)!
      .map((l) => `        ${l}`)
      .join('\n') + ':';
  const w = extractToken(wrapped);
  assert.ok(w.ok);
  assert.equal(w.token, token);
  assert.match(w.notice ?? '', /joined.*left out/);
  // A clean token has no notice.
  const clean = extractToken(token);
  assert.ok(clean.ok);
  assert.equal(clean.notice, undefined);
});

test('B2C: the tfp issuer form (…/tfp/{tenant}/{policy}/v2.0/) gives the tenant, not the policy, and the policy metadata', () => {
  const iss = `https://contosob2c.b2clogin.com/tfp/${TENANT}/b2c_1_signupsignin/v2.0/`;
  assert.deepEqual(parseIssuer(iss), {
    form: 'v2',
    tenant: TENANT,
    host: 'contosob2c.b2clogin.com',
    base: 'https://contosob2c.b2clogin.com/tfp',
  });
  const r = analyze(unsigned({ alg: 'RS256', kid: 'b2c-key', typ: 'JWT' }, b2cId({ iss })));
  assert.equal(r.summary.kind, 'id');
  assert.equal(r.summary.issuerForm, 'v2');
  assert.equal(r.summary.tenantId, TENANT);
  assert.ok(!r.problems.some((p) => p.code.startsWith('issuer-tenant')), r.problems.map((p) => p.code).join());
  assert.deepEqual(metadataUrlFor(iss, '1.0', TENANT, undefined, 'B2C_1_signupsignin'), {
    url: `https://contosob2c.b2clogin.com/tfp/${TENANT}/b2c_1_signupsignin/v2.0/.well-known/openid-configuration`,
  });
});

test('B2C on a custom domain: the tfp claim makes it a B2C token (tenant from the issuer, no v1 advice, social sign-in no guest)', () => {
  const iss = `https://login.contoso.example/${TENANT}/v2.0/`;
  const r = analyze(
    unsigned(
      { alg: 'RS256', kid: 'b2c-key', typ: 'JWT' },
      { ...b2cId({ iss, aud: API, azp: CLIENT, scp: 'Orders.Read' }), nonce: undefined, tid: undefined },
    ),
  );
  assert.equal(r.summary.kind, 'access');
  assert.equal(r.summary.issuerForm, 'v2');
  assert.equal(r.summary.tenantId, TENANT);
  assert.equal(r.summary.tenant.guest, false);
  const codes = r.problems.map((p) => p.code);
  assert.ok(codes.includes('customer-tenant') && !codes.includes('v1-token'), codes.join());
  // Without B2C claims the same issuer is just an unknown host.
  const plain = analyze(
    unsigned({ alg: 'RS256', kid: 'k' }, { iss, aud: API, azp: CLIENT, scp: 'x', ver: '1.0', exp: nowS + 60 }),
  );
  assert.ok(!plain.problems.some((p) => p.code === 'customer-tenant'));
});

const RS256 = { typ: 'JWT', alg: 'RS256', kid: 'k1' };

test('a client assertion (an app authenticating with its certificate) is its own kind: client from iss, tenant from the token endpoint', () => {
  const v2 = analyze(
    unsigned(RS256, {
      iss: CLIENT,
      sub: CLIENT,
      aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
      jti: 'a1',
      nbf: nowS - 60,
      exp: nowS + 540,
    }),
  );
  assert.equal(v2.summary.kind, 'assertion');
  assert.equal(v2.summary.flow, 'unknown');
  assert.match(v2.summary.kindReason, /client assertion/);
  assert.equal(v2.summary.client.appId, CLIENT);
  assert.equal(v2.summary.tenantId, TENANT);
  assert.deepEqual(
    v2.problems.map((p) => p.code),
    ['client-assertion'],
    'no missing-version note and no unknown-issuer note',
  );
  // The v1 endpoint with a domain; "common" names no tenant.
  const v1 = analyze(
    unsigned(RS256, {
      iss: CLIENT,
      sub: CLIENT,
      aud: 'https://login.windows.net/contoso.com/oauth2/token',
      exp: nowS + 60,
    }),
  );
  assert.equal(v1.summary.kind, 'assertion');
  assert.equal(v1.summary.tenantId, 'contoso.com');
  const common = analyze(
    unsigned(RS256, {
      iss: CLIENT,
      sub: CLIENT,
      aud: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
      exp: nowS + 60,
    }),
  );
  assert.equal(common.summary.kind, 'assertion');
  assert.equal(common.summary.tenantId, null);
  // Not an assertion: sub differs from iss, or aud is not a token endpoint.
  for (const payload of [
    { iss: CLIENT, sub: 'someone', aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token` },
    { iss: CLIENT, sub: CLIENT, aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize` },
  ]) {
    assert.equal(analyze(unsigned(RS256, { ...payload, exp: nowS + 60 })).summary.kind, 'unknown');
  }
});
