// Writes of the emulated Graph: create (Graph's defaults), delete to deleted items and restore,
// addPassword / removePassword, PATCH validation (disable first, duplicates, keyCredentials),
// and who may write (read-only clients, Application.ReadWrite.OwnedBy on owned apps only).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator/index';
import { decodePayload, graphFetch, requireTrustedCa, type Json } from './helpers';

const CRM_API = 'b1000000-0000-4000-8000-000000000001';
const SERVER_APP = 'b1000000-0000-4000-8000-000000000003';

describe('emulator Graph writes', () => {
  let emu: Emulator;
  let writer: string;
  before(async () => {
    requireTrustedCa();
    emu = await startEmulator({ scenario: 'sample' });
    writer = await emu.issueToken({ roles: ['Application.ReadWrite.All'] });
  });
  after(() => emu.close());
  afterEach(() => emu.faults.clear());

  it('POST /applications fills in id, appId, createdDateTime, publisherDomain, signInAudience and empty collections', async () => {
    const res = await graphFetch(emu, '/applications', {
      token: writer,
      method: 'POST',
      body: { displayName: 'Created by test', web: { redirectUris: ['https://created.example/cb'] } },
    });
    assert.equal(res.status, 201);
    const app: Json = res.body;
    assert.match(app['@odata.context'], /\$metadata#applications\/\$entity$/);
    assert.match(app.id, /^[0-9a-f-]{36}$/);
    assert.match(app.appId, /^[0-9a-f-]{36}$/);
    assert.notEqual(app.id, app.appId);
    assert.ok(Math.abs(Date.parse(app.createdDateTime) - Date.now()) < 60_000);
    assert.equal(app.publisherDomain, emu.tenant.domain);
    assert.equal(app.signInAudience, 'AzureADMyOrg');
    assert.deepEqual(app.passwordCredentials, []);
    assert.deepEqual(app.api.oauth2PermissionScopes, []);
    assert.deepEqual(app.web.redirectUris, ['https://created.example/cb']);
    assert.equal(app.web.implicitGrantSettings.enableIdTokenIssuance, false, 'nested defaults kept');
    const read = await graphFetch(emu, `/applications/${app.id}`);
    assert.equal(read.status, 200);
    const bad = await graphFetch(emu, '/applications', {
      token: writer,
      method: 'POST',
      body: { displayName: 'x', appId: 'c9999999-0000-4000-8000-000000000001' },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'Request_BadRequest');
  });

  it('DELETE moves the app to deleted items; restore brings it back', async () => {
    const created = (
      await graphFetch(emu, '/applications', { token: writer, method: 'POST', body: { displayName: 'To delete' } })
    ).body;
    const del = await graphFetch(emu, `/applications/${created.id}`, { token: writer, method: 'DELETE' });
    assert.equal(del.status, 204);
    assert.equal((await graphFetch(emu, `/applications/${created.id}`)).status, 404);
    const deleted = await graphFetch(emu, `/directory/deletedItems/${created.id}`);
    assert.equal(deleted.status, 200);
    assert.ok(deleted.body.deletedDateTime);
    const restored = await graphFetch(emu, `/directory/deletedItems/${created.id}/restore`, {
      token: writer,
      method: 'POST',
    });
    assert.equal(restored.status, 200);
    assert.equal(restored.body['@odata.type'], '#microsoft.graph.application');
    assert.equal(restored.body.deletedDateTime, null);
    assert.equal((await graphFetch(emu, `/applications/${created.id}`)).status, 200);
    assert.equal(
      (await graphFetch(emu, `/directory/deletedItems/${created.id}/restore`, { token: writer, method: 'POST' }))
        .status,
      404,
    );
  });

  it('addPassword returns secretText once (hint = first 3 characters); GET never shows it; the secret signs in; removePassword removes it', async () => {
    const created = (
      await graphFetch(emu, '/applications', { token: writer, method: 'POST', body: { displayName: 'Secret holder' } })
    ).body;
    const added = await graphFetch(emu, `/applications/${created.id}/addPassword`, {
      token: writer,
      method: 'POST',
      body: { passwordCredential: { displayName: 'ci' } },
    });
    assert.equal(added.status, 200);
    const cred = added.body;
    assert.equal(typeof cred.secretText, 'string');
    assert.ok(cred.secretText.length >= 16 && cred.secretText.length <= 64);
    assert.equal(cred.hint, cred.secretText.slice(0, 3));
    assert.match(cred.keyId, /^[0-9a-f-]{36}$/);
    const years = (Date.parse(cred.endDateTime) - Date.parse(cred.startDateTime)) / (365 * 86_400_000);
    assert.ok(years > 1.99 && years < 2.01, 'default lifetime two years');
    const read = await graphFetch(emu, `/applications/${created.id}`);
    assert.equal(read.text.includes(cred.secretText), false);
    assert.equal(read.body.passwordCredentials.length, 1);
    assert.equal('secretText' in read.body.passwordCredentials[0], false);
    const token = await fetch(`${emu.config.authorityHost}/${emu.config.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: created.appId,
        client_secret: cred.secretText,
        scope: 'https://graph.microsoft.com/.default',
      }).toString(),
    });
    assert.equal(token.status, 200, 'the new secret is accepted by the token endpoint');
    const removed = await graphFetch(emu, `/applications/${created.id}/removePassword`, {
      token: writer,
      method: 'POST',
      body: { keyId: cred.keyId },
    });
    assert.equal(removed.status, 204);
    assert.deepEqual((await graphFetch(emu, `/applications/${created.id}`)).body.passwordCredentials, []);
    assert.equal(
      (
        await graphFetch(emu, `/applications/${created.id}/removePassword`, {
          token: writer,
          method: 'POST',
          body: { keyId: cred.keyId },
        })
      ).status,
      400,
    );
  });

  it('PATCH rules: disable first, duplicate values, keyCredentials need their key and a valid type/usage, identifierUris taken', async () => {
    const app = (await graphFetch(emu, `/applications/${CRM_API}`)).body;
    const scopes = app.api.oauth2PermissionScopes as Json[];
    const removeEnabled = await graphFetch(emu, `/applications/${CRM_API}`, {
      token: writer,
      method: 'PATCH',
      body: { api: { oauth2PermissionScopes: scopes.slice(1) } },
    });
    assert.equal(removeEnabled.status, 400);
    assert.equal(removeEnabled.body.error.code, 'CannotDeleteOrUpdateEnabledEntitlement');
    const dup = await graphFetch(emu, `/applications/${CRM_API}`, {
      token: writer,
      method: 'PATCH',
      body: {
        api: { oauth2PermissionScopes: [...scopes, { ...scopes[0], id: 'f9999999-0000-4000-8000-000000000001' }] },
      },
    });
    assert.equal(dup.body.error.code, 'DuplicateValue');
    const cert = {
      keyId: 'a9999999-0000-4000-8000-000000000001',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      displayName: 'x'.repeat(100),
    };
    const noKey = await graphFetch(emu, `/applications/${CRM_API}`, {
      token: writer,
      method: 'PATCH',
      body: { keyCredentials: [cert] },
    });
    assert.equal(noKey.status, 400);
    assert.match(noKey.body.error.message, /'key'/);
    const badPair = await graphFetch(emu, `/applications/${CRM_API}`, {
      token: writer,
      method: 'PATCH',
      body: { keyCredentials: [{ ...cert, key: 'TUlJ', usage: 'Sign' }] },
    });
    assert.equal(badPair.status, 400);
    const tek = await graphFetch(emu, `/applications/${CRM_API}`, {
      token: writer,
      method: 'PATCH',
      body: { tokenEncryptionKeyId: 'a9999999-0000-4000-8000-000000000002' },
    });
    assert.equal(tek.status, 400);
    const ok = await graphFetch(emu, `/applications/${CRM_API}`, {
      token: writer,
      method: 'PATCH',
      body: { keyCredentials: [{ ...cert, key: 'TUlJ' }] },
    });
    assert.equal(ok.status, 204);
    const after = (await graphFetch(emu, `/applications/${CRM_API}?$select=keyCredentials`)).body;
    assert.equal(after.keyCredentials[0].displayName.length, 90, 'long displayName shortened');
    assert.equal(after.keyCredentials[0].key, 'TUlJ');
    const taken = await graphFetch(emu, `/applications/${SERVER_APP}`, {
      token: writer,
      method: 'PATCH',
      body: { identifierUris: [...app.identifierUris] },
    });
    assert.equal(taken.status, 400);
    assert.match(taken.body.error.message, /identifierUris/);
  });

  it('a read-only client gets 403 on every write; OwnedBy writes only apps it owns', async () => {
    const reader = await emu.issueToken({ roles: ['Application.Read.All'] });
    for (const [method, path, body] of [
      ['PATCH', `/applications/${CRM_API}`, { notes: 'x' }],
      ['POST', '/applications', { displayName: 'x' }],
      ['DELETE', `/applications/${CRM_API}`, undefined],
      ['POST', `/applications/${CRM_API}/addPassword`, {}],
      ['POST', `/directory/deletedItems/${CRM_API}/restore`, undefined],
    ] as const) {
      const res = await graphFetch(emu, path, { token: reader, method, ...(body ? { body } : {}) });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.code, 'Authorization_RequestDenied');
    }
    const ownedBy = await emu.issueToken({ roles: ['Application.ReadWrite.OwnedBy'] });
    const spId = String(decodePayload(ownedBy).oid);
    assert.equal(
      (await graphFetch(emu, `/applications/${CRM_API}`, { token: ownedBy, method: 'PATCH', body: { notes: 'x' } }))
        .status,
      403,
    );
    const mine = await graphFetch(emu, '/applications', {
      token: ownedBy,
      method: 'POST',
      body: { displayName: 'Owned by the daemon' },
    });
    assert.equal(mine.status, 201);
    assert.deepEqual(emu.tenant.owners.get(mine.body.id), [spId], 'the creator owns the new app');
    assert.equal(
      (
        await graphFetch(emu, `/applications/${mine.body.id}`, {
          token: ownedBy,
          method: 'PATCH',
          body: { notes: 'mine' },
        })
      ).status,
      204,
    );
    assert.equal(
      (await graphFetch(emu, `/applications/${mine.body.id}/addPassword`, { token: ownedBy, method: 'POST', body: {} }))
        .status,
      200,
    );
  });

  it('replication lag right after create: the notFound fault answers the first GETs 404', async () => {
    const created = (
      await graphFetch(emu, '/applications', { token: writer, method: 'POST', body: { displayName: 'Lagging' } })
    ).body;
    emu.faults.add({ method: 'GET', path: `/v1.0/applications/${created.id}`, times: 1, fault: { kind: 'notFound' } });
    assert.equal((await graphFetch(emu, `/applications/${created.id}`)).status, 404);
    assert.equal((await graphFetch(emu, `/applications/${created.id}`)).status, 200);
  });
});
