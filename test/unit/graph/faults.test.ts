// What the Graph access and the tenant model make of each fault the tenant emulator injects:
// the error kind and message users see, and that the next try recovers.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { isGraphError, type GraphError, type GraphErrorKind } from '../../../src/core/graph/errors';
import { startEmulator, type Emulator } from '../../emulator/index';
import { connect } from '../tenant/emulator';

const crmWeb = { id: 'b1000000-0000-4000-8000-000000000002', appId: 'c1000000-0000-4000-8000-000000000002' };
const list = '/v1.0/applications?';

function failsWith(kind: GraphErrorKind, message: RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(isGraphError(e), `a GraphError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    assert.match(e.message, message);
    return true;
  };
}

describe('Graph faults as users see them', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ scenario: 'sample' });
  });
  after(() => emu.close());
  afterEach(() => emu.faults.clear());

  it('persistent 503 and 504 are retried, then say Graph is unavailable (not throttling); the next load works', async () => {
    const c = await connect(emu, { maxRetries: 1, retryDelaySeconds: 0 });
    emu.faults.add({ method: 'GET', path: list, fault: { kind: 'status', status: 503 } });
    await assert.rejects(
      c.model.loadNextPage('all'),
      failsWith('unavailable', /^Microsoft Graph is unavailable \(503\) — retry later\.$/),
    );
    assert.deepEqual(
      c.retries.map((r) => r.status),
      [503],
      'the middleware retried first',
    );
    emu.faults.clear();
    emu.faults.add({ method: 'GET', path: list, fault: { kind: 'status', status: 504 } });
    await assert.rejects(
      c.model.loadNextPage('all'),
      failsWith('unavailable', /unavailable \(504 gateway timeout\) — retry later/),
    );
    emu.faults.clear();
    await c.model.loadNextPage('all');
    assert.ok(c.model.list('all').entries.length > 0);
  });

  it('persistent 429 still says throttling', async () => {
    const c = await connect(emu, { maxRetries: 1 });
    emu.faults.add({ method: 'GET', path: list, fault: { kind: 'throttle', retryAfterSeconds: 0.1 } });
    await assert.rejects(c.model.loadNextPage('all'), failsWith('throttled', /throttling requests \(429\)/));
  });

  for (const body of ['truncated', 'html', 'shape'] as const) {
    it(`a 200 with a ${body} body says the response could not be read; the next load works`, async () => {
      const c = await connect(emu);
      emu.faults.add({ method: 'GET', path: list, times: 1, fault: { kind: 'malformed', body } });
      await assert.rejects(
        c.model.loadNextPage('all'),
        failsWith('unreadable', /^The response from Microsoft Graph could not be read \(.+\) — retry/),
      );
      assert.equal(c.model.list('all').entries.length, 0, 'nothing taken from the bad page');
      await c.model.loadNextPage('all');
      assert.ok(c.model.list('all').entries.length > 0);
    });
  }

  it('a malformed $batch answer and a wrong-shaped manifest read are unreadable too', async () => {
    const c = await connect(emu);
    emu.faults.add({ method: 'POST', path: '/v1.0/$batch', times: 1, fault: { kind: 'malformed' } });
    await assert.rejects(c.model.expand(crmWeb), failsWith('unreadable', /could not be read/));
    emu.faults.add({
      method: 'GET',
      path: `/v1.0/applications/${crmWeb.id}`,
      times: 1,
      fault: { kind: 'malformed', body: 'shape' },
    });
    await assert.rejects(c.model.fetchManifest(crmWeb.id), failsWith('unreadable', /could not be read/));
    assert.equal((await c.model.expand(crmWeb)).app.displayName, 'CRM Web');
  });

  it('404 right after a write (replication lag): expanding a known app reads it again with backoff', async () => {
    const c = await connect(emu, { notFoundRetryDelaysMs: [50, 100] });
    // The app and its owners answer 404 twice each (two batches), then the object has replicated.
    emu.faults.add({ method: 'GET', path: `/applications/${crmWeb.id}`, times: 4, fault: { kind: 'notFound' } });
    const d = await c.model.expand(crmWeb);
    assert.equal(d.app.displayName, 'CRM Web');
    assert.ok(d.app.owners && d.app.owners.length > 0, 'owners read again too');
    assert.deepEqual(
      c.retries.map((r) => [r.status, r.attempt, r.delaySeconds]),
      [
        [404, 1, 0.05],
        [404, 2, 0.1],
      ],
    );
  });

  it('404 that outlasts the retries: one clear sentence, no double full stop', async () => {
    const c = await connect(emu, { notFoundRetryDelaysMs: [10, 10] });
    emu.faults.add({ method: 'GET', path: `/applications/${crmWeb.id}`, fault: { kind: 'notFound' } });
    await assert.rejects(c.model.expand(crmWeb), (e: unknown) => {
      const err = e as GraphError;
      assert.equal(err.kind, 'notFound');
      assert.equal(
        err.message,
        `Not found: Resource '${crmWeb.id}' does not exist or one of its queried reference-property objects are not present. Refresh the list.`,
      );
      return true;
    });
    assert.equal(c.retries.length, 2, 'bounded: two more tries');
    await assert.rejects(c.model.fetchManifest(crmWeb.id), failsWith('notFound', /not present\. Refresh the list\.$/));
    emu.faults.clear();
    emu.faults.add({ method: 'GET', path: `/applications/${crmWeb.id}`, times: 1, fault: { kind: 'notFound' } });
    assert.equal(
      (await c.model.fetchManifest(crmWeb.id)).displayName,
      'CRM Web',
      'the manifest read retries a 404 as well',
    );
  });

  it('a response slower than the request timeout fails as timeout (each attempt has its own); the next load works', async () => {
    const c = await connect(emu, { requestTimeoutSeconds: 0.5 });
    emu.faults.add({ method: 'GET', path: list, times: 1, fault: { kind: 'latency', ms: 3000 } });
    await assert.rejects(
      c.model.loadNextPage('all'),
      failsWith('timeout', /^Microsoft Graph did not answer within 0\.5 s \(request timed out\) — retry/),
    );
    await c.model.loadNextPage('all');
    assert.ok(c.model.list('all').entries.length > 0);
    // A retry after 429 gets a fresh timeout: 0.3 s wait + a fast answer pass.
    emu.faults.add({
      method: 'GET',
      path: `/v1.0/applications/${crmWeb.id}`,
      times: 1,
      fault: { kind: 'throttle', retryAfterSeconds: 0.3 },
    });
    assert.equal((await c.model.fetchManifest(crmWeb.id)).displayName, 'CRM Web');
  });

  // A pooled connection the emulator closes fails as UND_ERR_SOCKET, a new one as ECONNREFUSED: the code is named in words either way.
  it('connection refused (outage) says offline; after the outage the next load works', async () => {
    const c = await connect(emu);
    const { controlOrigin } = await emu.startOutage();
    assert.notEqual(controlOrigin, emu.origin);
    try {
      await assert.rejects(
        c.model.loadNextPage('all'),
        failsWith(
          'offline',
          /^Cannot reach 127\.0\.0\.1:\d+: you seem to be offline or the service is unreachable \((the connection was refused \(nothing listens there, or a firewall refuses it\), ECONNREFUSED|the connection closed unexpectedly, UND_ERR_SOCKET)\)\. Check the connection and retry\.$/,
        ),
      );
    } finally {
      await emu.endOutage();
    }
    await c.model.loadNextPage('all');
    assert.ok(c.model.list('all').entries.length > 0);
  });
});
