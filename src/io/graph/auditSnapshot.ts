/**
 * Reads what the tenant audit needs from Microsoft Graph with as few requests as Graph allows:
 * one `$select` listing of the applications (pages of 999), the service principals, the delegated
 * grants, the ownerless apps (`owners/$count eq 0`, an advanced query) and the application
 * permissions granted on each requested resource (`appRoleAssignedTo` of the resource, not one
 * request per app). Independent listings run side by side; each follows `@odata.nextLink`.
 */
import { AuditCancelled } from '../../core/audit/engine';
import { MICROSOFT_GRAPH_APP_ID } from '../../core/audit/highPrivilege';
import type {
  AuditApp,
  AuditAssignment,
  AuditGrant,
  AuditServicePrincipal,
  AuditSnapshot,
} from '../../core/audit/types';
import { toGraphError, type GraphError } from '../../core/graph/errors';
import { checkSignal, eventual, items, pages, pageSize, str, type Json, type Page } from './auditPages';
import { batchStep, type GraphAccess } from './client';
import * as queries from './queries';

/** Application properties the audit reads (tenant rules and the manifest rules that apply to live apps). */
export const auditAppSelect: readonly string[] = [
  ...queries.detailSelect,
  'description',
  'verifiedPublisher',
  'optionalClaims',
  'groupMembershipClaims',
  'tags',
  'tokenEncryptionKeyId',
  'samlMetadataUrl',
];
const spSelect = ['id', 'appId', 'displayName', 'appRoleAssignmentRequired'];
const assignmentSelect = ['id', 'appRoleId', 'principalId', 'principalType', 'resourceId'];
const grantSelect = ['id', 'clientId', 'consentType', 'principalId', 'resourceId', 'scope'];

export interface AuditReadProgress {
  /** Applications read so far. */
  readonly apps: number;
  /** All applications of the tenant when Graph said (`@odata.count`), else undefined. */
  readonly total: number | undefined;
}

export interface AuditReadOptions {
  readonly tenantId: string;
  readonly onProgress?: (progress: AuditReadProgress) => void;
  /** Called with each page of applications as it arrives (before owners are known). */
  readonly onApps?: (apps: readonly Omit<AuditApp, 'hasOwners'>[]) => void;
  readonly signal?: AbortSignal;
}

/** What could not be read; the matching rules are then skipped rather than guessed. */
export interface AuditReadResult {
  readonly snapshot: AuditSnapshot;
  readonly warnings: readonly { readonly part: 'owners' | 'grants' | 'assignments'; readonly error: GraphError }[];
}

function toApp(raw: Json): Omit<AuditApp, 'hasOwners'> | undefined {
  const id = str(raw.id);
  const appId = str(raw.appId);
  if (!id || !appId) return undefined;
  const json: Json = {};
  for (const [k, v] of Object.entries(raw)) if (!k.startsWith('@odata.')) json[k] = v;
  return { id, appId, displayName: str(raw.displayName) ?? appId, json };
}

/**
 * One application read again with the properties the audit reads (one request, to re-check it
 * after a fix); undefined when Graph's answer lacks its ids.
 */
export async function readAuditApp(
  graph: GraphAccess,
  objectId: string,
): Promise<Omit<AuditApp, 'hasOwners'> | undefined> {
  return toApp(await graph.get<Json>(queries.getApplication(graph, objectId, auditAppSelect)));
}

function toSp(raw: Json): AuditServicePrincipal | undefined {
  const id = str(raw.id);
  const appId = str(raw.appId);
  if (!id || !appId) return undefined;
  return {
    id,
    appId,
    displayName: str(raw.displayName) ?? appId,
    appRoleAssignmentRequired: raw.appRoleAssignmentRequired === true,
  };
}

function toGrant(raw: Json): AuditGrant | undefined {
  const id = str(raw.id);
  const clientId = str(raw.clientId);
  const resourceId = str(raw.resourceId);
  if (!id || !clientId || !resourceId) return undefined;
  return {
    id,
    clientId,
    resourceId,
    consentType: str(raw.consentType) ?? '',
    principalId: str(raw.principalId),
    scope: str(raw.scope) ?? '',
  };
}

function toAssignment(raw: Json): AuditAssignment | undefined {
  const id = str(raw.id);
  const appRoleId = str(raw.appRoleId);
  const principalId = str(raw.principalId);
  const resourceId = str(raw.resourceId);
  if (!id || !appRoleId || !principalId || !resourceId) return undefined;
  return { id, appRoleId, principalId, resourceId, principalType: str(raw.principalType) };
}

/**
 * Reads the audit snapshot. Throws (a GraphError, or {@link AuditCancelled}) when the apps or
 * service principals cannot be read; owners, grants and assignments that fail become warnings.
 */
export async function readAuditSnapshot(graph: GraphAccess, options: AuditReadOptions): Promise<AuditReadResult> {
  const { signal } = options;
  checkSignal(signal);
  const warnings: { part: 'owners' | 'grants' | 'assignments'; error: GraphError }[] = [];
  const apps: Omit<AuditApp, 'hasOwners'>[] = [];
  const sps: AuditServicePrincipal[] = [];
  const ownerless = new Set<string>();
  let ownersKnown = true;
  let grants: AuditGrant[] | undefined = [];
  const assignments: AuditAssignment[] = [];
  const readFor: string[] = [];
  let total: number | undefined;
  const seenAssignments = new Set<string>();
  const addAssignments = (page: Page) => {
    for (const raw of items(page)) {
      const a = toAssignment(raw);
      if (a && a.principalType !== 'User' && a.principalType !== 'Group' && !seenAssignments.has(a.id)) {
        seenAssignments.add(a.id);
        assignments.push(a);
      }
    }
  };

  const readApps = pages(
    graph,
    queries.auditApplications(graph, auditAppSelect, pageSize),
    eventual,
    signal,
    (page) => {
      const count = page['@odata.count'];
      if (typeof count === 'number') total = count;
      const before = apps.length;
      for (const raw of items(page)) {
        const app = toApp(raw);
        if (app) apps.push(app);
      }
      options.onApps?.(apps.slice(before));
      options.onProgress?.({ apps: apps.length, total });
    },
  );
  const readSps = pages(graph, queries.allServicePrincipals(graph, spSelect, pageSize), {}, signal, (page) => {
    for (const raw of items(page)) {
      const sp = toSp(raw);
      if (sp) sps.push(sp);
    }
  });
  const soft = async (
    part: 'owners' | 'grants' | 'assignments',
    run: () => Promise<void>,
    onFail: () => void,
  ): Promise<void> => {
    try {
      await run();
    } catch (err) {
      if (err instanceof AuditCancelled) throw err;
      warnings.push({ part, error: toGraphError(err) });
      onFail();
    }
  };
  const readOwnerless = soft(
    'owners',
    () =>
      pages(graph, queries.ownerlessApplications(graph, pageSize), eventual, signal, (page) => {
        for (const raw of items(page)) {
          const id = str(raw.id);
          if (id) ownerless.add(id);
        }
      }),
    () => {
      ownersKnown = false;
    },
  );
  const readGrants = soft(
    'grants',
    () =>
      pages(graph, queries.allGrants(graph, grantSelect, pageSize), {}, signal, (page) => {
        for (const raw of items(page)) {
          const g = toGrant(raw);
          if (g) grants!.push(g);
        }
      }),
    () => {
      grants = undefined;
    },
  );
  // Microsoft Graph's assignments by its alternate key: no need to wait for the SP listing.
  let graphRead = false;
  const readGraphAssignments = soft(
    'assignments',
    async () => {
      await pages(
        graph,
        queries.roleAssignedToByAppId(graph, MICROSOFT_GRAPH_APP_ID, assignmentSelect, pageSize),
        {},
        signal,
        addAssignments,
      );
      graphRead = true;
    },
    () => undefined,
  );
  await Promise.all([readApps, readSps, readOwnerless, readGrants, readGraphAssignments]);

  // Other resources whose application permissions are requested: first pages in batches of 20.
  const spByAppId = new Map(sps.map((s) => [s.appId.toLowerCase(), s]));
  const graphSp = spByAppId.get(MICROSOFT_GRAPH_APP_ID);
  if (graphSp && graphRead) readFor.push(graphSp.id);
  const roleResources = new Set<string>();
  for (const app of apps) {
    const rra = app.json.requiredResourceAccess;
    if (!Array.isArray(rra)) continue;
    for (const r of rra as Json[]) {
      const resourceAppId = str(r?.resourceAppId)?.toLowerCase();
      if (!resourceAppId || resourceAppId === MICROSOFT_GRAPH_APP_ID) continue;
      if (Array.isArray(r.resourceAccess) && (r.resourceAccess as Json[]).some((a) => a?.type === 'Role')) {
        const sp = spByAppId.get(resourceAppId);
        if (sp) roleResources.add(sp.id);
      }
    }
  }
  const ids = [...roleResources];
  for (let i = 0; i < ids.length; i += 20) {
    checkSignal(signal);
    const chunk = ids.slice(i, i + 20);
    const requests = chunk.map((id, n) =>
      batchStep(String(n), queries.roleAssignedTo(graph, id, assignmentSelect, pageSize)),
    );
    try {
      const responses = await graph.batchWithRetries(requests, undefined, signal);
      await Promise.all(
        chunk.map(async (spId, n) => {
          const r = responses.get(String(n));
          if (!r || r.status < 200 || r.status >= 300) {
            if (r) warnings.push({ part: 'assignments', error: graph.subError(r, requests[n]!.url) });
            return;
          }
          await pages(graph, (r.body ?? {}) as Page, {}, signal, addAssignments);
          readFor.push(spId);
        }),
      );
    } catch (err) {
      if (err instanceof AuditCancelled || signal?.aborted) throw new AuditCancelled();
      warnings.push({ part: 'assignments', error: toGraphError(err) });
    }
  }
  checkSignal(signal);
  const applications: AuditApp[] = apps.map((a) => ({
    ...a,
    hasOwners: ownersKnown ? !ownerless.has(a.id) : undefined,
  }));
  return {
    snapshot: {
      tenantId: options.tenantId,
      applications,
      servicePrincipals: sps,
      grants,
      assignments,
      assignmentsReadFor: readFor,
    },
    warnings,
  };
}
