/**
 * The tenant model's port to Microsoft Graph: its named reads, sent through the query layer
 * (`queries.ts`) and the Graph client (`client.ts`: retries, batches, typed errors).
 */
import type { GraphError } from '../../core/graph/errors';
import type {
  AppListQuery,
  ReadAnswer,
  ReadRequest,
  RetriedRead,
  TenantGraph,
  TenantRead,
} from '../../core/tenant/ports';
import { batchStep, relativeUrl, type GraphAccess } from './client';
import * as queries from './queries';

class GraphTenantPort implements TenantGraph {
  constructor(private readonly graph: GraphAccess) {}

  get permissionType() {
    return this.graph.permissionType;
  }

  listApplicationsPage(query: AppListQuery, pageSize: number, nextLink: string | undefined): Promise<unknown> {
    const request =
      nextLink === undefined
        ? queries.listApplicationsPage(this.graph, query, pageSize)
        : queries.nextPage(this.graph, nextLink, query);
    return this.graph.get(request);
  }

  getOrganization(): Promise<unknown> {
    return this.graph.get(queries.getOrganization(this.graph));
  }

  getSignedInUser(): Promise<unknown> {
    return this.graph.get(queries.getSignedInUser(this.graph));
  }

  applicationIdsByAppId(appId: string): Promise<unknown> {
    return this.graph.get(queries.applicationsByAppId(this.graph, appId, ['id', 'appId']));
  }

  applicationsByAppId(appId: string): Promise<unknown> {
    return this.graph.get(queries.applicationsByAppId(this.graph, appId));
  }

  getApplication(id: string): Promise<Record<string, unknown>> {
    return this.graph.get<Record<string, unknown>>(queries.getApplication(this.graph, id));
  }

  readMany(requests: readonly ReadRequest[]): Promise<Map<string, ReadAnswer>> {
    return this.graph.batchWithRetries(requests.map((r) => batchStep(r.id, queries.tenantRead(this.graph, r.read))));
  }

  errorOf(answer: ReadAnswer, read: TenantRead): GraphError {
    return this.graph.subError(answer, this.pathOf(read));
  }

  reportNotFoundRetry(read: RetriedRead, attempt: number, delayMs: number): void {
    this.graph.reportRetry({ status: 404, attempt, delaySeconds: delayMs / 1000, url: this.pathOf(read) });
  }

  private pathOf(read: RetriedRead): string {
    const request =
      read.kind === 'manifest' ? queries.getApplication(this.graph, read.id) : queries.tenantRead(this.graph, read);
    return relativeUrl(request);
  }
}

/** The tenant model's Graph port over a Graph client. */
export function tenantGraph(graph: GraphAccess): TenantGraph {
  return new GraphTenantPort(graph);
}
