// Connects the core Graph access and tenant model to the in-process tenant emulator, as the
// extension does for the Custom cloud with the clientSecret sign-in method.
import { ClientSecretCredential } from '@azure/identity';
import { GraphAccess, type RetryEvent } from '../../../src/io/graph/client';
import { getCloud, graphDefaultScope } from '../../../src/core/entra/clouds';
import { TenantModel } from '../../../src/core/tenant/model';
import { tenantGraph } from '../../../src/io/graph/tenantGraph';
import type { NameStore } from '../../../src/core/tenant/nameCache';
import type { Emulator } from '../../emulator/index';

export interface Connected {
  graph: GraphAccess;
  model: TenantModel;
  retries: RetryEvent[];
  /** HTTP requests Graph received (a $batch counts once) since the last `reset()`. */
  graphRequests(): number;
  reset(): void;
}

export interface ConnectOptions {
  pageSize?: number;
  store?: NameStore;
  maxRetries?: number;
  /** Fallback retry delay when no Retry-After comes (seconds). */
  retryDelaySeconds?: number;
  requestTimeoutSeconds?: number;
  notFoundRetryDelaysMs?: readonly number[];
}

export async function connect(emu: Emulator, options: ConnectOptions = {}): Promise<Connected> {
  const cloud = getCloud('Custom', { authorityHost: emu.config.authorityHost, graphBaseUrl: emu.config.graphBaseUrl });
  const credential = new ClientSecretCredential(emu.config.tenantId, emu.config.clientId, emu.config.clientSecret, {
    authorityHost: cloud.authorityHost,
    disableInstanceDiscovery: true,
  });
  const scopes = [graphDefaultScope(cloud)];
  const retries: RetryEvent[] = [];
  const graph = new GraphAccess({
    credential,
    cloud,
    scopes,
    permissionType: 'application',
    maxRetries: options.maxRetries ?? 3,
    retryDelaySeconds: options.retryDelaySeconds,
    requestTimeoutSeconds: options.requestTimeoutSeconds,
    onRetry: (e) => retries.push(e),
  });
  // Sign in first, so counts below are Graph requests only.
  await credential.getToken(scopes);
  const model = new TenantModel({
    graph: tenantGraph(graph),
    tenantId: emu.config.tenantId,
    pageSize: options.pageSize,
    store: options.store,
    notFoundRetryDelaysMs: options.notFoundRetryDelaysMs,
  });
  const graphKinds = (e: { kind: string }) => e.kind === 'graph' || e.kind === 'batch';
  emu.requests.clear();
  return {
    graph,
    model,
    retries,
    graphRequests: () => emu.requests.count(graphKinds),
    reset: () => emu.requests.clear(),
  };
}
