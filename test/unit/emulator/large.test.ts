// The generated `large:N` tenant: size, determinism, generation time, and paging with $top=999.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { startEmulator, type Emulator } from '../../emulator/index';
import { buildLargeTenant } from '../../emulator/scenario';
import { graphClientFor, requireTrustedCa, type Json } from './helpers';

describe('large:10000 scenario', () => {
  let emu: Emulator;
  before(async () => {
    requireTrustedCa();
    emu = await startEmulator({ scenario: 'large:10000' });
  });
  after(() => emu.close());

  it('generates exactly N applications, each with a service principal, deterministically', (t) => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const started = performance.now();
    const a = buildLargeTenant(10_000, now);
    const ms = performance.now() - started;
    t.diagnostic(`large:10000 generated in ${ms.toFixed(0)} ms`);
    assert.equal(a.applications.length, 10_000);
    assert.equal(new Set(a.applications.map((x) => x.id)).size, 10_000);
    const appIds = new Set(a.servicePrincipals.map((s) => s.appId));
    assert.ok(a.applications.every((x) => appIds.has(x.appId)));
    const b = buildLargeTenant(10_000, now);
    assert.deepEqual(b.applications.slice(-3), a.applications.slice(-3));
    const sorted = a.applications.filter((x) => x.displayName.startsWith('App ')).map((x) => x.displayName);
    assert.deepEqual([...sorted].sort(), sorted, 'names sort in generation order');
    const kinds = {
      web: a.applications.filter((x) => (x.web?.redirectUris ?? []).length > 0).length,
      spa: a.applications.filter((x) => (x.spa?.redirectUris ?? []).length > 0).length,
      publicClient: a.applications.filter((x) => (x.publicClient?.redirectUris ?? []).length > 0).length,
      scopes: a.applications.filter((x) => (x.api?.oauth2PermissionScopes ?? []).length > 0).length,
      roles: a.applications.filter((x) => (x.appRoles ?? []).length > 0).length,
      expiredSecrets: a.applications.filter((x) =>
        (x.passwordCredentials ?? []).some((c) => Date.parse(String(c.endDateTime)) < now),
      ).length,
    };
    for (const [k, v] of Object.entries(kinds)) assert.ok(v > 100, `${k}: ${v}`);
  });

  it('paging with $top=999 reaches all 10,000 applications through the Graph SDK', async (t) => {
    const client = graphClientFor(emu);
    emu.requests.clear();
    const started = performance.now();
    const first = (await client.api('/applications').top(999).select(['id', 'displayName']).get()) as PageCollection;
    const ids = new Set<string>();
    await new PageIterator(client, first, (item: Json) => {
      ids.add(item.id);
      return true;
    }).iterate();
    t.diagnostic(
      `10,000 applications in ${emu.requests.count({ kind: 'graph' })} pages, ${(performance.now() - started).toFixed(0)} ms`,
    );
    assert.equal(ids.size, 10_000);
    assert.equal(emu.requests.count({ kind: 'graph', path: '/v1.0/applications' }), 11);
  });
});
