// The audit's Graph reading against the in-process emulator: few requests, every part read,
// owners from the owners/$count filter, cancellation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuditCancelled, runAudit } from '../../../src/core/audit/engine';
import { auditTenant, readAuditSnapshot } from '../../../src/io/graph/audit';
import { startEmulator, type Emulator } from '../../emulator/index';
import { connect, type Connected } from '../tenant/emulator';

describe('readAuditSnapshot (sample tenant)', () => {
  let emu: Emulator;
  let c: Connected;
  before(async () => {
    emu = await startEmulator({ scenario: 'sample', port: 0, latencyMs: 0 });
    c = await connect(emu);
  });
  after(() => emu.close());

  it('reads apps, service principals, grants, ownerless apps and assignments in a handful of requests', async () => {
    c.reset();
    const progress: number[] = [];
    const { snapshot, warnings } = await readAuditSnapshot(c.graph, {
      tenantId: emu.config.tenantId,
      onProgress: (p) => progress.push(p.apps),
    });
    assert.deepEqual(warnings, []);
    assert.equal(snapshot.applications.length, emu.tenant.applications.length);
    assert.equal(progress.at(-1), emu.tenant.applications.length);
    assert.equal(snapshot.servicePrincipals.length, emu.tenant.servicePrincipals.length);
    assert.equal(snapshot.grants?.length, emu.tenant.oauth2PermissionGrants.length);
    const ownerless = emu.tenant.applications
      .filter((a) => (emu.tenant.owners.get(a.id) ?? []).length === 0)
      .map((a) => a.id)
      .sort();
    assert.deepEqual(
      snapshot.applications
        .filter((a) => a.hasOwners === false)
        .map((a) => a.id)
        .sort(),
      ownerless,
    );
    const graphSp = emu.tenant.servicePrincipals.find((s) => s.appId === '00000003-0000-0000-c000-000000000000')!;
    assert.ok(snapshot.assignmentsReadFor.includes(graphSp.id));
    assert.ok(snapshot.assignments.some((a) => a.resourceId === graphSp.id));
    // apps, SPs, ownerless, grants, Graph assignments, one batch for the other resources.
    assert.ok(c.graphRequests() <= 6, `${c.graphRequests()} requests`);
    const findings = await runAudit(snapshot);
    const byRule = (id: string) =>
      findings
        .filter((f) => f.ruleId === id)
        .map((f) => f.displayName)
        .sort();
    assert.deepEqual(byRule('audit-redirect-uri-tunnel'), ['ClientApp (multi-tenant)']);
    assert.deepEqual(byRule('audit-redirect-uri-azurewebsites'), ['ClientApp (multi-tenant)']);
    assert.ok(byRule('audit-high-privilege-granted').includes('Inventory Sync Daemon'));
    assert.ok(byRule('audit-no-owners').includes('Entra Workbench Test Client'));
    assert.ok(byRule('audit-credential-expired').length > 0);
  });

  it('the owners filter is an advanced query, as in Graph', async () => {
    await assert.rejects(c.graph.get('/applications?$filter=owners/$count eq 0&$select=id'), /count/i);
  });

  it('cancelling aborts the request in flight', async () => {
    // The grants listing hangs: the read can only end before its answer if that request is aborted.
    emu.faults.add({
      method: 'GET',
      path: '/oauth2PermissionGrants',
      times: 1,
      fault: { kind: 'latency', ms: 20_000 },
    });
    const controller = new AbortController();
    const logged = emu.requests.entries.length;
    const reading = readAuditSnapshot(c.graph, {
      tenantId: emu.config.tenantId,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await assert.rejects(reading, AuditCancelled);
    // The emulator logs a request when it has answered it: the grants listing has not been answered.
    assert.ok(
      !emu.requests.entries.slice(logged).some((e) => e.path.includes('/oauth2PermissionGrants')),
      'the read ended before the hanging request was answered',
    );
    emu.faults.clear();
  });

  it('auditTenant (manifest rules while reading) finds what reading then auditing finds', async () => {
    const now = new Date('2025-06-01T00:00:00Z');
    const { snapshot } = await readAuditSnapshot(c.graph, { tenantId: emu.config.tenantId });
    const sequential = await runAudit(snapshot, { now });
    const checked: number[] = [];
    let readDone = false;
    const piped = await auditTenant(c.graph, {
      tenantId: emu.config.tenantId,
      now,
      onCheckProgress: (done) => checked.push(done),
      onReadDone: () => (readDone = true),
    });
    assert.ok(readDone);
    assert.deepEqual(piped.findings, sequential);
    assert.equal(checked.at(-1), snapshot.applications.length);
    const controller = new AbortController();
    await assert.rejects(
      auditTenant(c.graph, {
        tenantId: emu.config.tenantId,
        signal: controller.signal,
        onReadProgress: () => controller.abort(),
      }),
      AuditCancelled,
    );
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(readAuditSnapshot(c.graph, { tenantId: 't', signal: controller.signal }), AuditCancelled);
  });
});
