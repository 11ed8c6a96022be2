import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeToken, type TokenAnalysis } from '../../../src/core/token/analyze';
import { createCatalog, MSA_TENANT_ID } from '../../../src/core/token/catalog';
import { knownHeaderParams, knownPayloadClaims } from '../../../src/core/token/claims';
import { decodeToken } from '../../../src/core/token/decode';
import { describeAge, describeExpiry, describeNotBefore, formatDuration } from '../../../src/core/token/time';
import { API, CLIENT, NOW, nowS, TENANT, unsigned, USER_OID, v2Delegated } from './helpers';

function analyze(
  payload: Record<string, unknown>,
  header: Record<string, unknown> = { typ: 'JWT', alg: 'RS256', kid: 'k1' },
  options = {},
): TokenAnalysis {
  const d = decodeToken(unsigned(header, payload));
  assert.ok(d.ok);
  return analyzeToken(d.token, { now: NOW, ...options });
}
const codes = (a: TokenAnalysis): string[] => a.problems.map((p) => p.code);
const claim = (a: TokenAnalysis, name: string) => a.claims.find((c) => c.name === name)!;

test('v2 delegated access token: summary', () => {
  const a = analyze(v2Delegated({ roles: ['Accounts.Read.Team'] }));
  const s = a.summary;
  assert.equal(s.kind, 'access');
  assert.equal(s.version, '2.0');
  assert.equal(s.flow, 'delegated');
  assert.equal(s.issuerForm, 'v2');
  assert.equal(s.audience, API);
  assert.equal(s.tenantId, TENANT);
  assert.deepEqual(s.scopes, ['Crm.Read.Team', 'Sales.ReadWrite.Team']);
  assert.deepEqual(s.roles, ['Accounts.Read.Team']);
  assert.equal(s.expiresAt, new Date((nowS + 3000) * 1000).toISOString().replace('.000Z', 'Z'));
  assert.equal(s.expiry, 'expires in 50 min');
  assert.deepEqual(s.client, { appId: CLIENT, name: null, authentication: 'public client: no secret or certificate' });
  assert.deepEqual(s.user, {
    objectId: USER_OID,
    subject: 'pairwise-subject-value',
    username: 'ada@contoso.example',
    name: 'Ada',
  });
  assert.equal(s.tenant.guest, false);
  assert.deepEqual(codes(a), []);
  assert.equal(a.signature.status, 'unchecked');
});

test('v1 app-only token with roles: app-only, v1 issuer explained', () => {
  const a = analyze({
    aud: 'api://crm',
    iss: `https://sts.windows.net/${TENANT}/`,
    exp: nowS + 100,
    appid: CLIENT,
    appidacr: '2',
    oid: 'sp',
    sub: 'sp',
    roles: ['Accounts.Read.All'],
    tid: TENANT,
    ver: '1.0',
  });
  assert.equal(a.summary.kind, 'access');
  assert.equal(a.summary.flow, 'app-only');
  assert.equal(a.summary.issuerForm, 'v1');
  assert.equal(a.summary.user, null);
  assert.equal(a.summary.client.authentication, 'client certificate or signed assertion');
  const v1 = a.problems.find((p) => p.code === 'v1-token');
  assert.ok(v1);
  assert.match(v1.message, /requestedAccessTokenVersion null or 1/);
});

test('idtyp app decides app-only; app-only without roles warns why', () => {
  const a = analyze({
    aud: API,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    exp: nowS + 100,
    azp: CLIENT,
    azpacr: '1',
    idtyp: 'app',
    tid: TENANT,
    ver: '2.0',
  });
  assert.equal(a.summary.flow, 'app-only');
  const p = a.problems.find((x) => x.code === 'no-roles');
  assert.equal(p?.severity, 'warning');
  assert.match(p!.message, /defines no app roles.*none is assigned/);
});

test('no-roles only where it helps: app-only tokens without roles, not ordinary delegated tokens', () => {
  // A delegated token without roles is ordinary (the scopes are what it grants): nothing to say.
  assert.ok(!codes(analyze(v2Delegated())).includes('no-roles'));
  assert.ok(
    !codes(
      analyze({
        ...v2Delegated(),
        ver: '1.0',
        iss: `https://sts.windows.net/${TENANT}/`,
        appid: CLIENT,
        azp: undefined,
      }),
    ).includes('no-roles'),
  );
  // An app calling as itself without roles holds no application permission at all.
  const app = analyze({
    aud: API,
    iss: `https://sts.windows.net/${TENANT}/`,
    exp: nowS + 100,
    appid: CLIENT,
    appidacr: '1',
    oid: 'sp',
    sub: 'sp',
    tid: TENANT,
    ver: '1.0',
  });
  assert.equal(app.summary.flow, 'app-only');
  assert.equal(app.problems.find((x) => x.code === 'no-roles')?.severity, 'warning');
});

test('ID token: nonce, no scp; aud is the client; warned as bearer', () => {
  const a = analyze({
    aud: CLIENT,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    exp: nowS + 100,
    nonce: 'n-1',
    oid: USER_OID,
    sub: 'pw',
    preferred_username: 'ada@x',
    tid: TENANT,
    ver: '2.0',
  });
  assert.equal(a.summary.kind, 'id');
  assert.equal(a.summary.flow, 'delegated');
  assert.equal(a.summary.client.appId, CLIENT);
  assert.match(a.problems.find((p) => p.code === 'id-token')!.message, /bearer/);
});

test('an Entra token with neither client claims nor nonce is an ID token; foreign JWTs are unknown', () => {
  assert.equal(
    analyze({
      aud: CLIENT,
      iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      exp: nowS + 1,
      oid: 'o',
      sub: 's',
      tid: TENANT,
      ver: '2.0',
    }).summary.kind,
    'id',
  );
  const other = analyze({ iss: 'https://accounts.google.com', aud: 'x', sub: 'y', exp: nowS + 1 });
  assert.equal(other.summary.kind, 'unknown');
  assert.equal(other.summary.issuerForm, 'other');
  assert.ok(codes(other).includes('issuer-unknown'));
});

test('Microsoft Graph token with a header nonce: audience named, cannot-verify without verification', () => {
  const a = analyze(
    {
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${TENANT}/`,
      exp: nowS + 100,
      appid: CLIENT,
      appidacr: '1',
      idtyp: 'app',
      roles: ['User.Read.All'],
      tid: TENANT,
      ver: '1.0',
    },
    { typ: 'JWT', nonce: 'abc', alg: 'RS256', kid: 'k' },
  );
  assert.equal(a.summary.audienceName, 'Microsoft Graph');
  assert.equal(a.signature.status, 'cannot-verify');
  assert.match(a.signature.reason, /Microsoft Graph/);
  assert.ok(codes(a).includes('graph-token'));
  assert.ok(!codes(a).includes('v1-token'), 'Graph decides its own token version');
});

test('expired, within skew, not yet valid', () => {
  assert.match(
    analyze(v2Delegated({ exp: nowS - 3 * 3600 })).problems.find((p) => p.code === 'expired')!.message,
    /expired 3 h ago/,
  );
  assert.ok(codes(analyze(v2Delegated({ exp: nowS - 120 }))).includes('expired-within-skew'));
  assert.ok(codes(analyze(v2Delegated({ exp: nowS - 120 }), undefined, { clockSkewSeconds: 60 })).includes('expired'));
  assert.ok(codes(analyze(v2Delegated({ nbf: nowS + 3600 }))).includes('not-yet-valid'));
  assert.ok(codes(analyze(v2Delegated({ nbf: nowS + 60 }))).includes('not-yet-valid-within-skew'));
});

test('string-typed exp is reported, not thrown', () => {
  const a = analyze(v2Delegated({ exp: String(nowS + 100) }));
  assert.ok(codes(a).includes('exp-type'));
  assert.equal(a.summary.expiresAt, null);
  assert.match(claim(a, 'exp').explanation, /Expected a number/);
});

test('alg none and HS256', () => {
  const none = analyze(v2Delegated(), { alg: 'none' });
  assert.equal(none.problems.find((p) => p.code === 'alg-none')?.severity, 'error');
  assert.match(none.problems.find((p) => p.code === 'alg-none')!.message, /Never trust/);
  const hs = analyze(v2Delegated(), { alg: 'HS256', typ: 'JWT' });
  assert.match(hs.problems.find((p) => p.code === 'alg-symmetric')!.message, /public keys/);
});

test('groups overage via _claim_names (Azure AD Graph endpoint) and hasgroups', () => {
  const a = analyze(
    v2Delegated({
      _claim_names: { groups: 'src1' },
      _claim_sources: { src1: { endpoint: 'https://graph.windows.net/t/users/u/getMemberObjects' } },
    }),
  );
  const p = a.problems.find((x) => x.code === 'groups-overage')!;
  assert.match(p.message, /retired Azure AD Graph/);
  assert.ok(codes(analyze(v2Delegated({ hasgroups: true }))).includes('groups-overage'));
});

test('guests: idp of another tenant or live.com; personal accounts', () => {
  const g = analyze(v2Delegated({ idp: 'https://sts.windows.net/99999999-2222-3333-4444-555555555555/' }));
  assert.equal(g.summary.tenant.guest, true);
  assert.ok(codes(g).includes('guest'));
  assert.equal(analyze(v2Delegated({ idp: 'live.com' })).summary.tenant.guest, true);
  assert.equal(analyze(v2Delegated({ idp: `https://sts.windows.net/${TENANT}/` })).summary.tenant.guest, false);
  const msa = analyze(
    v2Delegated({
      tid: MSA_TENANT_ID,
      iss: `https://login.microsoftonline.com/${MSA_TENANT_ID}/v2.0`,
      idp: 'live.com',
    }),
  );
  assert.equal(msa.summary.tenant.personalAccount, true);
  assert.equal(msa.summary.tenant.guest, false);
  assert.match(claim(msa, 'tid').explanation, /personal Microsoft account/);
});

test('issuer tenant differing from tid is flagged', () => {
  assert.ok(
    codes(
      analyze(v2Delegated({ iss: 'https://login.microsoftonline.com/99999999-2222-3333-4444-555555555555/v2.0' })),
    ).includes('issuer-tenant-mismatch'),
  );
});

test('explanations: every documented claim has its own text; amr methods and client auth spelled out', () => {
  const documented = [
    'aud',
    'iss',
    'idp',
    'iat',
    'nbf',
    'exp',
    'aio',
    'acr',
    'amr',
    'appid',
    'azp',
    'appidacr',
    'azpacr',
    'preferred_username',
    'name',
    'scp',
    'roles',
    'wids',
    'groups',
    'hasgroups',
    '_claim_names',
    '_claim_sources',
    'sub',
    'oid',
    'tid',
    'unique_name',
    'upn',
    'uti',
    'rh',
    'ver',
    'xms_cc',
    'acrs',
    'idtyp',
    'email',
    'family_name',
    'given_name',
    'ipaddr',
    'onprem_sid',
    'pwd_exp',
    'pwd_url',
    'in_corp',
    'nickname',
    'nonce',
    'c_hash',
    'at_hash',
    'sid',
    'login_hint',
    'ctry',
    'tenant_ctry',
    'tenant_region_scope',
    'xms_pl',
    'xms_tpl',
    'xms_pdl',
    'xms_edov',
    'fwd',
    'vnet',
    'acct',
    'auth_time',
    'deviceid',
  ];
  for (const c of documented) assert.ok(knownPayloadClaims.includes(c), `no explanation for ${c}`);
  for (const h of ['typ', 'alg', 'kid', 'x5t', 'nonce'])
    assert.ok(knownHeaderParams.includes(h), `no explanation for header ${h}`);
  const texts = new Set(documented.map((c) => claim(analyze({ [c]: 'v' }), c).explanation));
  assert.equal(texts.size, documented.length, 'explanations are distinct');
  const a = analyze(v2Delegated({ amr: ['pwd', 'mfa'], xms_zzz: 1, custom_claim: 'x', azpacr: '1' }));
  assert.match(claim(a, 'amr').explanation, /pwd: password; mfa: multifactor authentication/);
  assert.match(claim(a, 'azpacr').explanation, /Here: client secret/);
  assert.match(claim(a, 'xms_zzz').explanation, /xms_/);
  assert.match(claim(a, 'custom_claim').explanation, /not defined by the Microsoft identity platform/);
  assert.match(claim(a, 'exp').explanation, /UTC \(expires in 50 min\)/);
  assert.deepEqual(
    a.headerClaims.map((c) => c.name),
    ['typ', 'alg', 'kid'],
  );
});

test('a catalogue names audiences', () => {
  const a = analyze(v2Delegated(), undefined, { catalog: createCatalog([[API, 'CRM API']]) });
  assert.equal(a.summary.audienceName, 'CRM API');
  assert.match(claim(a, 'aud').explanation, /Here: CRM API/);
});

test('time phrasing: one rounding rule for every size (the largest unit held at least twice, rounded down)', () => {
  const DAY = 86400;
  assert.equal(formatDuration(42), '42 s');
  assert.equal(formatDuration(119), '119 s');
  assert.equal(formatDuration(120), '2 min');
  assert.equal(formatDuration(12 * 60 + 5), '12 min');
  assert.equal(formatDuration(89 * 60), '89 min');
  assert.equal(formatDuration(2 * 3600), '2 h');
  assert.equal(formatDuration(3 * 3600 + 100), '3 h');
  assert.equal(formatDuration(47 * 3600), '47 h');
  assert.equal(formatDuration(5 * DAY), '5 days');
  assert.equal(formatDuration(59 * DAY), '59 days');
  assert.equal(formatDuration(325 * DAY), '10 months');
  // 639 days: months, like every other span between 2 months and 2 years; never a count of days next to years.
  assert.equal(formatDuration(639 * DAY), '20 months');
  assert.equal(formatDuration(730 * DAY), '23 months');
  assert.equal(formatDuration(731 * DAY), '2 years');
  assert.equal(formatDuration(5.6 * 365.25 * DAY), '5 years');
  assert.equal(formatDuration(-3 * 3600), '3 h');
  assert.equal(describeExpiry(1000 + 720, 1000), 'expires in 12 min');
  assert.equal(describeExpiry(1000, 1000 + 3 * 3600), 'expired 3 h ago');
  assert.equal(describeNotBefore(1000, 1000 + 5 * 365.25 * DAY), 'became valid 5 years ago');
  assert.equal(describeNotBefore(1000 + 600, 1000), 'becomes valid in 10 min');
  assert.equal(describeAge(1000, 1000 + 7200), '2 h ago');
  assert.equal(describeAge(1000 + 7200, 1000), 'in 2 h');
});

test('explanations read as plain sentences, without repeating themselves', () => {
  const a = analyze(
    v2Delegated({ iat: nowS - 5 * 366 * 86400, nbf: nowS - 5 * 366 * 86400, exp: nowS - 5 * 366 * 86400 + 3600 }),
  );
  assert.equal(
    a.summary.kindReason,
    'It is an access token: it carries scp, azp and azpacr, and only access tokens name the client app and what it was granted.',
  );
  assert.equal(
    a.summary.flowReason,
    'A user signed in: scp lists the delegated permissions the client holds on their behalf.',
  );
  for (const r of [a.summary.kindReason, a.summary.flowReason]) assert.match(r, /^[A-Z].*\.$/, r);
  const expired = a.problems.find((p) => p.code === 'expired')!;
  assert.equal(expired.message, 'The token expired 5 years ago, beyond the 300 s clock skew validators allow.');
  assert.doesNotMatch(expired.message, /expired.*expired/i);
  assert.match(claim(a, 'nbf').explanation, /\(became valid 5 years ago\)\.$/);
  assert.match(claim(a, 'iat').explanation, /\(5 years ago\)\.$/);
  const app = analyze({
    aud: API,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    exp: nowS + 100,
    azp: CLIENT,
    idtyp: 'app',
    roles: ['R'],
    tid: TENANT,
    ver: '2.0',
  });
  assert.equal(app.summary.flowReason, 'No user is involved: idtyp is "app".');
  const id = analyze({
    aud: CLIENT,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    exp: nowS + 100,
    nonce: 'n',
    at_hash: 'h',
    oid: USER_OID,
    sub: 'pw',
    tid: TENANT,
    ver: '2.0',
  });
  assert.match(
    id.summary.kindReason,
    /^It is an ID token: it carries nonce and at_hash, which tie a token to a sign-in request/,
  );
  const soon = analyze(v2Delegated({ nbf: nowS + 2 * 3600 }));
  assert.equal(
    soon.problems.find((p) => p.code === 'not-yet-valid')?.message,
    'The token is not valid yet: it becomes valid in 2 h, beyond the 300 s clock skew validators allow. Check the clocks.',
  );
});

test('problems are listed errors first, then warnings, then notes', () => {
  // Expired (error), v1 issuer (info) and more: whatever the order they are found in.
  const a = analyze({
    ...v2Delegated(),
    exp: nowS - 3600,
    iss: `https://sts.windows.net/${TENANT}/`,
    ver: '1.0',
    scp: undefined,
    roles: undefined,
  });
  const ranks = a.problems.map((p) => ({ error: 0, warning: 1, info: 2 })[p.severity]);
  assert.ok(a.problems.length >= 2, codes(a).join(', '));
  assert.ok(
    new Set(a.problems.map((p) => p.severity)).size >= 2,
    `several severities: ${a.problems.map((p) => p.severity).join(', ')}`,
  );
  assert.deepEqual(
    ranks,
    [...ranks].sort((x, y) => x - y),
    a.problems.map((p) => `${p.severity} ${p.code}`).join(', '),
  );
});
