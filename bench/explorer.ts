// Explorer benchmark: the tenant model (the same core code the Tenants view uses) against the
// local tenant emulator with 10,000 app registrations and 50 ms latency per Graph request.
//
//   npm run bench:explorer
//
// The emulator runs in this process; the client runs in a child started with --expose-gc (and the
// emulator's CA trusted), so the heap it reports holds only the client and the loaded model.
// Last line: {"bench":"explorer","apps":10000,"reachable":…,"firstPageRequests":…,…}
import { TenantModel } from '../src/core/tenant/model';
import { tenantGraph } from '../src/io/graph/tenantGraph';
import type { EmulatorConfig } from '../test/emulator/index';
import { benchMain, runChild, signedInGraph } from './emulatorChild';

const apps = 10_000;
const latencyMs = 50;

interface ChildResult {
  reachable: number;
  firstPageRequests: number;
  pagesRequests: number;
  searchRequests: number;
  searchHits: number;
  expandRequests: number;
  refreshOneRequests: number;
  firstPageMs: number;
  loadAllMs: number;
  hostMemoryMb: number;
  pageSize: number;
}

async function parent(): Promise<void> {
  const { lines, last } = await runChild('bench/explorer.ts', { apps, latencyMs, exposeGc: true });
  for (const line of lines) {
    console.log(line);
  }
  {
    const r = JSON.parse(last) as ChildResult;
    console.log(
      `emulator: ${apps} apps, ${latencyMs} ms latency per Graph request; page size ${r.pageSize}, all pages in ${r.loadAllMs} ms (${r.pagesRequests + r.firstPageRequests} requests)`,
    );
    console.log(
      JSON.stringify({
        bench: 'explorer',
        apps,
        reachable: r.reachable,
        firstPageRequests: r.firstPageRequests,
        searchRequests: r.searchRequests,
        expandRequests: r.expandRequests,
        refreshOneRequests: r.refreshOneRequests,
        firstPageMs: r.firstPageMs,
        hostMemoryMb: r.hostMemoryMb,
      }),
    );
  }
}

async function count(config: EmulatorConfig): Promise<number> {
  const res = await fetch(`${config.authorityHost}/_emulator/requests`);
  const body = (await res.json()) as { value: Array<{ kind: string }> };
  return body.value.filter((e) => e.kind === 'graph' || e.kind === 'batch').length;
}

async function clear(config: EmulatorConfig): Promise<void> {
  await fetch(`${config.authorityHost}/_emulator/requests`, { method: 'DELETE' });
}

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    throw new Error('run with --expose-gc');
  }
  gc();
  gc();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

async function child(config: EmulatorConfig): Promise<void> {
  const graph = await signedInGraph(config);
  const model = new TenantModel({ graph: tenantGraph(graph), tenantId: config.tenantId });
  const before = heapMb();
  await clear(config);

  let t = performance.now();
  await model.loadNextPage('all');
  const firstPageMs = Math.round(performance.now() - t);
  const firstPageRequests = await count(config);
  console.log(
    `first page: ${model.list('all').entries.length} apps, ${firstPageRequests} request(s), ${firstPageMs} ms`,
  );

  await clear(config);
  t = performance.now();
  await model.loadAll('all');
  const loadAllMs = Math.round(performance.now() - t);
  const pagesRequests = await count(config);
  const list = model.list('all');
  const reachable = new Set(list.entries.map((e) => e.id)).size;
  const after = heapMb();
  const hostMemoryMb = Math.round((after - before) * 10) / 10;
  console.log(
    `all pages: ${reachable} apps reachable, ${pagesRequests} more request(s) of ${model.pageSize}, ${loadAllMs} ms; model heap ${hostMemoryMb} MB`,
  );

  await clear(config);
  const found = await model.search('App 04242');
  const searchRequests = await count(config);
  console.log(`search "App 04242": ${found.entries.length} hit(s), ${searchRequests} request(s)`);

  const target =
    list.entries.find((e) => e.displayName.startsWith('App 00035')) ?? list.entries[list.entries.length - 1]!;
  await clear(config);
  const details = await model.expand(target);
  const expandRequests = await count(config);
  console.log(
    `expand "${target.displayName}": ${expandRequests} request(s), ${details.permissions.length} permission(s) named: ${details.permissions.map((p) => `${p.value} ${p.statusText}`).join('; ')}`,
  );

  await clear(config);
  await model.refreshApp(target);
  const refreshOneRequests = await count(config);
  console.log(`refresh one app: ${refreshOneRequests} request(s)`);

  const result: ChildResult = {
    reachable,
    firstPageRequests,
    pagesRequests,
    searchRequests,
    searchHits: found.entries.length,
    expandRequests,
    refreshOneRequests,
    firstPageMs,
    loadAllMs,
    hostMemoryMb,
    pageSize: model.pageSize,
  };
  console.log(JSON.stringify(result));
}

benchMain(parent, child);
