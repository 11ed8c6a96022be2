// Benchmark of the write path on the emulator's large:10000 tenant at 50 ms per Graph request:
// Graph requests of a plan, of an apply (simple edit; with disable first), of refreshing one app
// in the tenant model, and the time of a plan. Last line: one JSON object.
// The parent starts the emulator; a child process (which trusts the emulator's CA from its start)
// measures through the real clients.
import { applyEdit, planForTenant, readApplication } from '../src/io/graph/writes';
import { toManifest, type JsonObject } from '../src/core/plan';
import { TenantModel } from '../src/core/tenant/model';
import { tenantGraph } from '../src/io/graph/tenantGraph';
import type { EmulatorConfig } from '../test/emulator/index';
import { benchMain, runChild, signedInGraph } from './emulatorChild';

const apps = 10_000;
const latencyMs = 50;
const ADMIN = { id: 'c1000000-0000-4000-8000-000000000010', secret: 'Emulator~Admin~Client~Secret~0006' };
/** `App 00004 …` of large:N: an API with two scopes. */
const API_APP = { id: '00000004-b000-4000-8000-000000000004', appId: '00000004-c000-4000-8000-000000000004' };

async function parent(): Promise<void> {
  const { last } = await runChild('bench/write.ts', { apps, latencyMs });
  {
    const r = JSON.parse(last) as Record<string, number>;
    console.log(`emulator: ${apps} apps, ${latencyMs} ms latency per Graph request`);
    console.log(
      `plan: ${r.planRequests} request(s) in ${r.planMs} ms; apply: ${r.applyRequests}; apply with disable first: ${r.applyDisableFirstRequests}; refresh one app in the tree: ${r.treeRefreshRequests}`,
    );
    console.log(JSON.stringify({ bench: 'write', ...r }));
  }
}

async function child(config: EmulatorConfig): Promise<void> {
  let requests = 0;
  const graph = await signedInGraph(config, { client: ADMIN, onRequest: () => requests++ });
  const counted = async <T>(fn: () => Promise<T>): Promise<{ value: T; n: number; ms: number }> => {
    requests = 0;
    const t = performance.now();
    const value = await fn();
    return { value, n: requests, ms: Math.round(performance.now() - t) };
  };
  const ref = { id: API_APP.id };
  const pulled = toManifest(await readApplication(graph, ref));
  const withUri = structuredClone(pulled) as JsonObject & { spa: { redirectUris: string[] } };
  withUri.spa.redirectUris = [...(withUri.spa.redirectUris ?? []), 'https://bench.example/spa'];

  const plan = await counted(() => planForTenant(graph, ref, { desired: withUri, base: pulled }));
  if (plan.value.plan.requests.length !== 1)
    throw new Error(`expected one PATCH in the plan, got ${plan.value.plan.requests.length}`);
  const apply = await counted(() => applyEdit(graph, ref, { desired: withUri, base: pulled }));
  if (apply.value.status !== 'applied') throw new Error(`apply: ${apply.value.status}`);

  const current = toManifest(await readApplication(graph, ref)) as JsonObject & {
    api: { oauth2PermissionScopes: unknown[] };
  };
  const withoutScope = structuredClone(current);
  withoutScope.api.oauth2PermissionScopes = withoutScope.api.oauth2PermissionScopes.slice(0, 1);
  const disableFirst = await counted(() => applyEdit(graph, ref, { desired: withoutScope, base: current }));
  if (disableFirst.value.status !== 'applied')
    throw new Error(`apply with disable first: ${disableFirst.value.status}`);

  const model = new TenantModel({ graph: tenantGraph(graph), tenantId: config.tenantId });
  await model.expand(API_APP);
  const refresh = await counted(() => model.refreshApp(API_APP));
  console.log(
    JSON.stringify({
      planRequests: plan.n,
      applyRequests: apply.n,
      applyDisableFirstRequests: disableFirst.n,
      treeRefreshRequests: refresh.n,
      planMs: plan.ms,
    }),
  );
}

benchMain(parent, child);
