// Fault injection (in process and over HTTP) and the request log.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator/index';
import { graphClientFor, graphFetch, requireTrustedCa, type Json } from './helpers';

const CRM_API_OBJECT = 'b1000000-0000-4000-8000-000000000001';

describe('emulator faults and request log', () => {
  let emu: Emulator;
  before(async () => {
    requireTrustedCa();
    emu = await startEmulator({ scenario: 'sample' });
  });
  after(() => emu.close());
  afterEach(() => {
    emu.faults.clear();
    emu.requests.clear();
  });

  it('429 with a fractional Retry-After is retried by the Graph client RetryHandler', async () => {
    const client = graphClientFor(emu);
    await client.api('/organization').get(); // token acquired before timing
    emu.requests.clear();
    emu.faults.add({
      method: 'GET',
      path: '/v1.0/applications',
      times: 1,
      fault: { kind: 'throttle', retryAfterSeconds: 0.25 },
    });
    const started = Date.now();
    const page = (await client.api('/applications').top(2).get()) as Json;
    const elapsed = Date.now() - started;
    assert.equal(page.value.length, 2);
    const calls = emu.requests.list({ path: '/v1.0/applications' });
    assert.deepEqual(
      calls.map((c) => c.status),
      [429, 200],
    );
    assert.equal(calls[0]?.fault, 'throttle');
    assert.ok(elapsed >= 240, `waited ${elapsed} ms for Retry-After 0.25`);
  });

  it('429 body and headers follow Graph', async () => {
    emu.faults.add({ path: '/v1.0/organization', times: 1, fault: { kind: 'throttle', retryAfterSeconds: 2.128 } });
    const res = await graphFetch(emu, '/organization');
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '2.128');
    assert.equal(res.body.error.code, 'TooManyRequests');
    assert.equal((await graphFetch(emu, '/organization')).status, 200, 'times: 1 fires once');
  });

  it('503, 504, 401 expired, 403 and latency faults', async () => {
    emu.faults.add({ path: /\/organization$/, times: 1, fault: { kind: 'status', status: 503 } });
    emu.faults.add({ path: /\/organization$/, times: 1, fault: { kind: 'status', status: 504 } });
    emu.faults.add({ path: /\/organization$/, times: 1, fault: { kind: 'expiredToken' } });
    emu.faults.add({ path: /\/organization$/, times: 1, fault: { kind: 'forbidden' } });
    emu.faults.add({ path: /\/organization$/, times: 1, fault: { kind: 'latency', ms: 200 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await graphFetch(emu, '/organization')).status);
    assert.deepEqual(statuses, [503, 504, 401, 403]);
    const started = Date.now();
    const slow = await graphFetch(emu, '/organization');
    assert.equal(slow.status, 200);
    assert.ok(Date.now() - started >= 190);
  });

  it('connection reset and malformed body', async () => {
    emu.faults.add({ path: '/v1.0/organization', times: 1, fault: { kind: 'reset' } });
    await assert.rejects(graphFetch(emu, '/organization'));
    emu.faults.add({ path: '/v1.0/organization', times: 1, fault: { kind: 'malformed' } });
    const malformed = await graphFetch(emu, '/organization');
    assert.equal(malformed.status, 200);
    assert.equal(malformed.body, undefined);
    assert.throws(() => JSON.parse(malformed.text) as unknown);
  });

  it('replication lag: the first N gets of an object answer 404', async () => {
    emu.faults.add({ method: 'GET', path: `/applications/${CRM_API_OBJECT}`, times: 2, fault: { kind: 'notFound' } });
    const first = await graphFetch(emu, `/applications/${CRM_API_OBJECT}`);
    assert.equal(first.status, 404);
    assert.equal(first.body.error.code, 'Request_ResourceNotFound');
    assert.match(first.body.error.message, new RegExp(CRM_API_OBJECT));
    assert.equal((await graphFetch(emu, `/applications/${CRM_API_OBJECT}`)).status, 404);
    assert.equal((await graphFetch(emu, `/applications/${CRM_API_OBJECT}`)).status, 200);
  });

  it('faults apply to $batch sub-requests one by one', async () => {
    emu.faults.add({ path: '/v1.0/organization', times: 1, fault: { kind: 'throttle', retryAfterSeconds: 1 } });
    const res = await graphFetch(emu, '/$batch', {
      method: 'POST',
      body: {
        requests: [
          { id: 'a', method: 'GET', url: '/organization' },
          { id: 'b', method: 'GET', url: '/organization' },
        ],
      },
    });
    assert.equal(res.status, 200);
    const statuses = Object.fromEntries(res.body.responses.map((r: Json) => [r.id, r.status]));
    assert.deepEqual(statuses, { a: 429, b: 200 });
    assert.equal(res.body.responses.find((r: Json) => r.id === 'a').headers['Retry-After'], '1');
  });

  it('global latencyMs delays every Graph request but not identity endpoints', async () => {
    const slow = await startEmulator({ scenario: 'sample', latencyMs: 150 });
    try {
      const token = await slow.issueToken();
      let started = Date.now();
      assert.equal((await graphFetch(slow, '/organization', { token })).status, 200);
      const graphMs = Date.now() - started;
      assert.ok(graphMs >= 140, `the Graph request waited the latency (${graphMs} ms)`);
      started = Date.now();
      await fetch(`${slow.config.authorityHost}/${slow.config.tenantId}/discovery/v2.0/keys`);
      const identityMs = Date.now() - started;
      // Compared with the delayed request of the same run rather than with a fixed bound.
      assert.ok(identityMs < graphMs, `the identity request was not delayed (${identityMs} ms vs ${graphMs} ms)`);
    } finally {
      await slow.close();
    }
  });

  it('control API over HTTP: add/clear faults, read/clear the request log (no secrets)', async () => {
    const origin = emu.origin;
    const add = await fetch(`${origin}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: { regex: 'organization$' }, times: 1, fault: { kind: 'forbidden' } }),
    });
    assert.equal(add.status, 201);
    assert.equal((await graphFetch(emu, '/organization')).status, 403);
    await fetch(`${origin}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/organization', fault: { kind: 'forbidden' } }),
    });
    assert.equal((await fetch(`${origin}/_emulator/faults`, { method: 'DELETE' })).status, 204);
    assert.equal((await graphFetch(emu, '/organization')).status, 200);
    await fetch(`${emu.config.authorityHost}/${emu.config.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emu.config.clientId,
        client_secret: emu.config.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }).toString(),
    });
    const log = (await (await fetch(`${origin}/_emulator/requests`)).json()) as Json;
    const entries: Json[] = log.value;
    assert.deepEqual(
      entries.map((e) => e.status),
      [403, 200, 200],
    );
    for (const e of entries) {
      assert.deepEqual(
        Object.keys(e).filter((k) => !['method', 'path', 'status', 'time', 'durationMs', 'kind', 'fault'].includes(k)),
        [],
      );
      assert.ok(!JSON.stringify(e).includes(emu.config.clientSecret));
    }
    const bad = await fetch(`${origin}/_emulator/faults`, { method: 'POST', body: '{not json' });
    assert.equal(bad.status, 400, 'a malformed control request is answered, not fatal');
    assert.equal((await fetch(`${origin}/_emulator/faults`, { method: 'POST', body: '{}' })).status, 400);
    assert.equal((await fetch(`${origin}/_emulator/requests`, { method: 'DELETE' })).status, 204);
    assert.equal(emu.requests.count(), 0);
  });
});
