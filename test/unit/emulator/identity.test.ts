// The emulator's identity endpoints, exercised with the real client libraries (@azure/identity,
// jose) and with raw HTTP for the error shapes.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { DeviceCodeCredential } from '@azure/identity';
import { startEmulator, type Emulator } from '../../emulator/index';
import { credentialFor, decodeHeader, decodePayload, GRAPH_SCOPE, requireTrustedCa, type Json } from './helpers';

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
const jose = (): Promise<Jose> => import('jose');

const CRM_API = 'c1000000-0000-4000-8000-000000000001';
const SERVER_APP = 'c1000000-0000-4000-8000-000000000003';

describe('emulator identity endpoints', () => {
  let emu: Emulator;
  before(async () => {
    requireTrustedCa();
    emu = await startEmulator({ scenario: 'sample' });
  });
  after(() => emu.close());

  const tokenRequest = async (fields: Record<string, string>, headers: Record<string, string> = {}) => {
    const res = await fetch(`${emu.config.authorityHost}/${emu.config.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  it('Node https and global fetch both trust the emulator CA', async () => {
    const viaFetch = await fetch(`${emu.config.authorityHost}/${emu.config.tenantId}/discovery/v2.0/keys`);
    assert.equal(viaFetch.status, 200);
    const viaHttps = await new Promise<number>((resolve, reject) => {
      request(`${emu.config.authorityHost}/common/discovery/instance?api-version=1.1`, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    assert.equal(viaHttps, 200);
  });

  it('serves v2 and v1 discovery documents with the fields MSAL requires', async () => {
    for (const tenant of [emu.config.tenantId, emu.tenant.domain, 'organizations', 'common']) {
      const doc = (await (
        await fetch(`${emu.config.authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`)
      ).json()) as Json;
      for (const field of [
        'issuer',
        'authorization_endpoint',
        'token_endpoint',
        'end_session_endpoint',
        'device_authorization_endpoint',
        'jwks_uri',
      ]) {
        assert.equal(typeof doc[field], 'string', `${tenant}: ${field}`);
      }
      assert.ok(String(doc.token_endpoint).startsWith(emu.config.authorityHost));
    }
    const v2 = (await (
      await fetch(`${emu.config.authorityHost}/${emu.config.tenantId}/v2.0/.well-known/openid-configuration`)
    ).json()) as Json;
    assert.equal(v2.issuer, `${emu.config.authorityHost}/${emu.config.tenantId}/v2.0`);
    const common = (await (
      await fetch(`${emu.config.authorityHost}/common/v2.0/.well-known/openid-configuration`)
    ).json()) as Json;
    assert.equal(common.issuer, `${emu.config.authorityHost}/{tenantid}/v2.0`);
    const v1 = (await (
      await fetch(`${emu.config.authorityHost}/${emu.config.tenantId}/.well-known/openid-configuration`)
    ).json()) as Json;
    assert.equal(v1.issuer, `https://sts.windows.net/${emu.config.tenantId}/`);
    assert.match(String(v1.jwks_uri), /\/discovery\/keys$/);
    const unknown = await fetch(
      `${emu.config.authorityHost}/not-a-tenant.example/v2.0/.well-known/openid-configuration`,
    );
    assert.equal(unknown.status, 400);
    assert.deepEqual(((await unknown.json()) as Json).error_codes, [90002]);
  });

  it('publishes two keys with kty, use, kid, x5t, n, e, x5c and issuer; instance discovery has MSAL shape', async () => {
    const jwks = (await (
      await fetch(`${emu.config.authorityHost}/${emu.config.tenantId}/discovery/v2.0/keys`)
    ).json()) as Json;
    assert.equal(jwks.keys.length, 2);
    for (const key of jwks.keys) {
      assert.equal(key.kty, 'RSA');
      assert.equal(key.use, 'sig');
      assert.equal(key.x5t, key.kid);
      assert.ok(key.n && key.e && Array.isArray(key.x5c) && key.x5c.length === 1);
      assert.equal(key.issuer, `${emu.config.authorityHost}/${emu.config.tenantId}/v2.0`);
    }
    const instance = (await (
      await fetch(
        `${emu.config.authorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${emu.config.authorityHost}/${emu.config.tenantId}/oauth2/v2.0/authorize`)}`,
      )
    ).json()) as Json;
    assert.equal(
      instance.tenant_discovery_endpoint,
      `${emu.config.authorityHost}/${emu.config.tenantId}/v2.0/.well-known/openid-configuration`,
    );
    assert.deepEqual(instance.metadata[0].aliases, [new URL(emu.config.authorityHost).host]);
  });

  it('ClientSecretCredential gets an app-only Graph token (v1, roles, Graph nonce header)', async () => {
    const token = await credentialFor(emu).getToken(GRAPH_SCOPE);
    assert.ok(token.expiresOnTimestamp > Date.now() + 50 * 60_000);
    const header = decodeHeader(token.token);
    const claims = decodePayload(token.token);
    assert.equal(header.alg, 'RS256');
    assert.equal(typeof header.nonce, 'string');
    assert.equal(header.x5t, header.kid);
    assert.equal(claims.aud, 'https://graph.microsoft.com');
    assert.equal(claims.iss, `https://sts.windows.net/${emu.config.tenantId}/`);
    assert.equal(claims.ver, '1.0');
    assert.equal(claims.appid, emu.config.clientId);
    assert.equal(claims.appidacr, '1');
    assert.equal(claims.idtyp, 'app');
    assert.equal(claims.tid, emu.config.tenantId);
    assert.equal(claims.scp, undefined);
    assert.deepEqual([...claims.roles].sort(), ['Application.Read.All', 'Directory.Read.All']);
    for (const c of ['aio', 'uti', 'rh', 'oid', 'sub', 'iat', 'nbf', 'exp']) assert.ok(claims[c] !== undefined, c);
  });

  it('accepts HTTP Basic client authentication and issues v2 tokens for v2 resources', async () => {
    const basic = Buffer.from(
      `${encodeURIComponent(emu.config.clientId)}:${encodeURIComponent(emu.config.clientSecret)}`,
    ).toString('base64');
    const res = await tokenRequest(
      { grant_type: 'client_credentials', scope: `api://${CRM_API}/.default` },
      { authorization: `Basic ${basic}` },
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.expires_in, 3599);
    const claims = decodePayload(res.body.access_token);
    assert.equal(claims.ver, '2.0');
    assert.equal(claims.aud, CRM_API);
    assert.equal(claims.iss, `${emu.config.authorityHost}/${emu.config.tenantId}/v2.0`);
    assert.equal(claims.azp, emu.config.clientId);
    assert.equal(claims.azpacr, '1');
    assert.equal(decodeHeader(res.body.access_token).x5t, undefined, 'v2 headers carry no x5t');
    assert.equal(decodeHeader(res.body.access_token).nonce, undefined);
  });

  it('daemon app-only token for a v1 API carries its app role assignments', async () => {
    const token = await emu.issueToken({
      audience: `api://${CRM_API}`,
      clientId: 'c1000000-0000-4000-8000-000000000007',
    });
    assert.deepEqual(decodePayload(token).roles, ['Accounts.Read.All']);
    const v1 = decodePayload(await emu.issueToken({ audience: `api://${SERVER_APP}` }));
    assert.equal(v1.ver, '1.0');
    assert.equal(v1.aud, `api://${SERVER_APP}`);
  });

  it('token endpoint errors use the AADSTS shape', async () => {
    const cases: [Record<string, string>, number, string, number][] = [
      [
        {
          grant_type: 'client_credentials',
          client_id: emu.config.clientId,
          client_secret: 'wrong',
          scope: GRAPH_SCOPE,
        },
        401,
        'invalid_client',
        7000215,
      ],
      [
        {
          grant_type: 'client_credentials',
          client_id: emu.config.clientId,
          client_secret: emu.config.clientSecret,
          scope: 'https://graph.microsoft.com/User.Read',
        },
        400,
        'invalid_scope',
        70011,
      ],
      [
        {
          grant_type: 'client_credentials',
          client_id: '11111111-2222-3333-4444-555555555555',
          client_secret: 'x',
          scope: GRAPH_SCOPE,
        },
        400,
        'unauthorized_client',
        700016,
      ],
      [
        {
          grant_type: 'client_credentials',
          client_id: SERVER_APP,
          client_secret: 'ServerApp~Expired~Secret~0002',
          scope: GRAPH_SCOPE,
        },
        401,
        'invalid_client',
        7000222,
      ],
      [
        {
          grant_type: 'client_credentials',
          client_id: emu.config.clientId,
          client_secret: emu.config.clientSecret,
          scope: 'api://nothing-here/.default',
        },
        400,
        'invalid_resource',
        500011,
      ],
      [{ grant_type: 'authorization_code', client_id: emu.config.clientId }, 400, 'unsupported_grant_type', 70003],
    ];
    for (const [fields, status, error, code] of cases) {
      const res = await tokenRequest(fields);
      assert.equal(res.status, status, `${error} ${code}`);
      assert.equal(res.body.error, error);
      assert.deepEqual(res.body.error_codes, [code]);
      assert.match(
        res.body.error_description,
        new RegExp(`^AADSTS${code}: .*Trace ID: .*Correlation ID: .*Timestamp: `),
      );
      for (const f of ['timestamp', 'trace_id', 'correlation_id']) assert.equal(typeof res.body[f], 'string');
    }
  });

  it('DeviceCodeCredential signs in the scenario user, then refreshes for another resource', async () => {
    const prompts: string[] = [];
    const credential = new DeviceCodeCredential({
      tenantId: emu.config.tenantId,
      clientId: emu.tenant.publicClientAppId,
      authorityHost: emu.config.authorityHost,
      disableInstanceDiscovery: true,
      userPromptCallback: (info) => {
        prompts.push(info.userCode);
      },
    });
    const graph = await credential.getToken(GRAPH_SCOPE);
    assert.equal(prompts.length, 1);
    const claims = decodePayload(graph.token);
    const user = emu.tenant.users.find((u) => u.id === emu.tenant.signedInUserId);
    assert.equal(claims.oid, emu.tenant.signedInUserId);
    assert.equal(claims.idtyp, 'user');
    assert.equal(claims.upn, user?.userPrincipalName);
    assert.equal(claims.name, user?.displayName);
    assert.equal(claims.appidacr, '0');
    assert.ok(String(claims.scp).split(' ').includes('Application.ReadWrite.All'));
    assert.equal(claims.roles, undefined);
    const before = emu.requests.count({ path: '/devicecode' });
    const crm = await credential.getToken(`api://${CRM_API}/user_impersonation`);
    assert.equal(
      emu.requests.count({ path: '/devicecode' }),
      before,
      'second resource comes from the refresh token, no new prompt',
    );
    const crmClaims = decodePayload(crm.token);
    assert.equal(crmClaims.ver, '2.0');
    assert.equal(crmClaims.aud, CRM_API);
    assert.equal(crmClaims.scp, 'user_impersonation');
    assert.deepEqual([...crmClaims.roles].sort(), ['Accounts.Read.Team', 'Contacts.Write.Team']);
    assert.equal(crmClaims.preferred_username, user?.userPrincipalName);
  });

  it('device code polling answers authorization_pending until approved', async () => {
    const slow = await startEmulator({ scenario: 'sample', deviceCodePendingPolls: 1 });
    try {
      const credential = new DeviceCodeCredential({
        tenantId: slow.config.tenantId,
        clientId: slow.tenant.publicClientAppId,
        authorityHost: slow.config.authorityHost,
        disableInstanceDiscovery: true,
        userPromptCallback: () => undefined,
      });
      const token = await credential.getToken(GRAPH_SCOPE);
      assert.equal(decodePayload(token.token).oid, slow.tenant.signedInUserId);
      assert.equal(slow.requests.count({ path: '/oauth2/v2.0/token', status: 400 }), 1);
    } finally {
      await slow.close();
    }
  });

  it('ROPC signs in a scenario user with the public client; wrong password gives 50126', async () => {
    const ok = await tokenRequest({
      grant_type: 'password',
      client_id: emu.tenant.publicClientAppId,
      username: 'bob@contoso-emulator.onmicrosoft.com',
      password: 'Emulator-Password-2',
      scope: `api://${CRM_API}/.default openid profile offline_access`,
    });
    assert.equal(ok.status, 200);
    const claims = decodePayload(ok.body.access_token);
    assert.equal(claims.name, 'Bob Kelly');
    assert.deepEqual(claims.roles, ['Contacts.Read.My']);
    assert.equal(decodePayload(ok.body.id_token).aud, emu.tenant.publicClientAppId);
    const bad = await tokenRequest({
      grant_type: 'password',
      client_id: emu.tenant.publicClientAppId,
      username: 'bob@contoso-emulator.onmicrosoft.com',
      password: 'nope',
      scope: GRAPH_SCOPE,
    });
    assert.deepEqual(bad.body.error_codes, [50126]);
  });

  it('jose verifies issued tokens against the published JWKS, but not the Graph nonce token', async () => {
    const { createRemoteJWKSet, jwtVerify, errors } = await jose();
    const keys = createRemoteJWKSet(new URL(`${emu.config.authorityHost}/${emu.config.tenantId}/discovery/v2.0/keys`));
    const v2 = await emu.issueToken({ audience: `api://${CRM_API}` });
    const verified = await jwtVerify(v2, keys, {
      issuer: `${emu.config.authorityHost}/${emu.config.tenantId}/v2.0`,
      audience: CRM_API,
    });
    assert.equal(verified.payload.tid, emu.config.tenantId);
    const v1 = await emu.issueToken({ audience: `api://${SERVER_APP}` });
    await jwtVerify(v1, keys, {
      issuer: `https://sts.windows.net/${emu.config.tenantId}/`,
      audience: `api://${SERVER_APP}`,
    });
    const graph = await emu.issueToken();
    await assert.rejects(jwtVerify(graph, keys), errors.JWSSignatureVerificationFailed);
    const other = await emu.issueToken({ audience: `api://${CRM_API}`, key: 'other' });
    await assert.rejects(jwtVerify(other, keys), errors.JWKSNoMatchingKey);
    const expired = await emu.issueToken({ audience: `api://${CRM_API}`, expired: true });
    await assert.rejects(jwtVerify(expired, keys), errors.JWTExpired);
  });

  it('key rollover: rotateKeys() signs with the previously published next key and publishes a new one', async () => {
    const { createLocalJWKSet, jwtVerify } = await jose();
    const jwksUrl = `${emu.config.authorityHost}/${emu.config.tenantId}/discovery/v2.0/keys`;
    const before = (await (await fetch(jwksUrl)).json()) as Json;
    const oldToken = await emu.issueToken({ audience: `api://${CRM_API}` });
    const oldKid = decodeHeader(oldToken).kid;
    assert.equal(oldKid, before.keys[0].kid);
    emu.rotateKeys();
    const after1 = (await (await fetch(jwksUrl)).json()) as Json;
    const newToken = await emu.issueToken({ audience: `api://${CRM_API}` });
    const newKid = decodeHeader(newToken).kid;
    assert.notEqual(newKid, oldKid);
    assert.equal(newKid, before.keys[1].kid, 'the announced next key signs after rollover');
    assert.equal(after1.keys.length, 2);
    assert.ok(!after1.keys.some((k: Json) => k.kid === oldKid), 'the retired key leaves the JWKS');
    await jwtVerify(newToken, createLocalJWKSet(after1));
    await assert.rejects(jwtVerify(oldToken, createLocalJWKSet(after1)));
    // Over HTTP for other processes.
    const rotated = (await (
      await fetch(`${emu.config.authorityHost}/_emulator/rotate-keys`, { method: 'POST' })
    ).json()) as Json;
    assert.equal(rotated.kid, after1.keys[1].kid);
  });
});
