/** Single reads of one app registration: its object id by appId, and its manifest. */
import { appNotFound, GraphError, unreadable } from '../graph/errors';
import { str, values } from './narrow';
import type { TenantGraph } from './ports';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Object id of an app registration by appId: one `$filter` request; not found says to refresh. */
export async function objectIdByAppId(graph: TenantGraph, appId: string, tenantName: string): Promise<string> {
  const body = await graph.applicationIdsByAppId(appId);
  const id = str((values(body)[0] as { id?: unknown } | undefined)?.id);
  if (!id) {
    throw appNotFound(appId, tenantName);
  }
  return id;
}

/**
 * The full application object in Graph format (what the manifest editor shows): 1 request, read
 * again after each delay while Graph answers 404 (replication lag: the model knew this app a
 * moment ago).
 */
export async function readManifest(
  graph: TenantGraph,
  id: string,
  notFoundRetryDelaysMs: readonly number[],
): Promise<Record<string, unknown>> {
  let body: Record<string, unknown>;
  for (let attempt = 0; ; attempt++) {
    try {
      body = await graph.getApplication(id);
      break;
    } catch (err) {
      const delayMs = notFoundRetryDelaysMs[attempt];
      if (!(err instanceof GraphError && err.status === 404) || delayMs === undefined) {
        throw err;
      }
      graph.reportNotFoundRetry({ kind: 'manifest', id }, attempt + 1, delayMs);
      await sleep(delayMs);
    }
  }
  if (typeof body.id !== 'string') {
    throw unreadable('no app registration in it');
  }
  const copy: Record<string, unknown> = { ...body };
  delete copy['@odata.context'];
  return copy;
}
