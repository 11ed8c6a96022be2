// The Graph write layer against the emulator: writes are not retried by the middleware, the GET
// after a create is repeated on replication lag, 400s name the Graph code and property.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { GraphAccess } from '../../../src/io/graph/client';
import { getCloud } from '../../../src/core/entra/clouds';
import {
  applyEdit,
  createApplication,
  deleteApplication,
  restoreApplication,
  WriteError,
} from '../../../src/io/graph/writes';
import { startEmulator, type Emulator } from '../../emulator/index';
import { credentialFor, requireTrustedCa, type Json } from '../emulator/helpers';

const ADMIN = { id: 'c1000000-0000-4000-8000-000000000010', secret: 'Emulator~Admin~Client~Secret~0006' };
const CRM_API = 'b1000000-0000-4000-8000-000000000001';

describe('Graph write layer', () => {
  let emu: Emulator;
  let graph: GraphAccess;
  before(async () => {
    requireTrustedCa();
    emu = await startEmulator({ scenario: 'sample' });
    const cloud = getCloud('Custom', {
      authorityHost: emu.config.authorityHost,
      graphBaseUrl: emu.config.graphBaseUrl,
    });
    graph = new GraphAccess({
      credential: credentialFor(emu, ADMIN.id, ADMIN.secret),
      cloud,
      scopes: [`${cloud.graphBaseUrl}/.default`],
      permissionType: 'application',
      retryDelaySeconds: 0,
    });
  });
  after(() => emu.close());
  afterEach(() => emu.faults.clear());

  it('a PATCH answered 503 is not retried: the apply stops and reports it', async () => {
    const app = emu.tenant.applications.find((a) => a.id === CRM_API)!;
    const desired = { ...structuredClone(app), notes: 'after 503' } as Json;
    emu.faults.add({
      method: 'PATCH',
      path: `/v1.0/applications/${CRM_API}`,
      times: 1,
      fault: { kind: 'status', status: 503 },
    });
    emu.requests.clear();
    const outcome = await applyEdit(graph, { id: CRM_API }, { desired });
    assert.equal(outcome.status, 'failed');
    assert.equal(emu.requests.list().filter((r) => r.method === 'PATCH').length, 1);
    assert.notEqual(app.notes, 'after 503');
  });

  it('a 400 names the Graph code and the property', async () => {
    const app = emu.tenant.applications.find((a) => a.id === CRM_API)!;
    const desired = { ...structuredClone(app), tokenEncryptionKeyId: 'a9999999-0000-4000-8000-000000000002' } as Json;
    const outcome = await applyEdit(graph, { id: CRM_API }, { desired });
    assert.equal(outcome.status, 'failed');
    if (outcome.status !== 'failed') return;
    assert.equal(outcome.failure.code, 'Request_BadRequest');
    assert.equal(outcome.failure.property, 'tokenEncryptionKeyId');
    assert.match(outcome.failure.message, /Request_BadRequest, property tokenEncryptionKeyId/);
  });

  it('create repeats only the GET on replication lag; delete and restore', async () => {
    emu.faults.add({
      method: 'GET',
      path: /^\/v1\.0\/applications\/[0-9a-f-]{36}$/,
      times: 2,
      fault: { kind: 'notFound' },
    });
    emu.requests.clear();
    const created = await createApplication(graph, { displayName: 'Made by the write layer' }, { lagDelayMs: 5 });
    assert.equal(created.displayName, 'Made by the write layer');
    const graphCalls = emu.requests
      .list()
      .filter((r) => r.kind === 'graph')
      .map((r) => `${r.method} ${r.status}`);
    assert.deepEqual(graphCalls, ['POST 201', 'GET 404', 'GET 404', 'GET 200']);
    await deleteApplication(graph, String(created.id));
    assert.equal(
      emu.tenant.deletedApplications.some((a) => a.id === created.id),
      true,
    );
    const restored = await restoreApplication(graph, String(created.id));
    assert.equal(restored.id, created.id);
    await assert.rejects(
      restoreApplication(graph, String(created.id)),
      (err: unknown) => err instanceof WriteError && err.failure.status === 404,
    );
  });
});
