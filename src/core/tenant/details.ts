/**
 * Reading one app registration's details for the explorer: at most two `$batch` requests (one on
 * refresh). The first asks for the app, its owners and its service principal (and, on refresh,
 * the grants and assignments of the service principal known before); the second whatever needed
 * the service principal's id or the app's resource list, and the names not cached yet.
 */
import { GraphError, toGraphError, unreadable } from '../graph/errors';
import { computeConsent, type PermissionStatus } from './consent';
import type { NameCache } from './nameCache';
import {
  Interner,
  defined,
  toAppDetail,
  toGrant,
  toResource,
  toRoleAssignment,
  toServicePrincipal,
  values,
} from './narrow';
import type { ReadAnswer, ReadRequest, TenantGraph, TenantRead } from './ports';
import type { AppDetail, GrantInfo, RoleAssignmentInfo, ServicePrincipalInfo } from './types';

/** Values per `in (…)` filter clause; Graph caps the number of values per expression. */
const inChunk = 15;
/** Graph allows at most 20 reads per batch. */
const batchRoom = 20;

export interface AppDetails {
  readonly app: AppDetail;
  /** The app's service principal in this tenant ("enterprise application"); null when none. */
  readonly sp: ServicePrincipalInfo | null;
  /** Delegated grants where the app's SP is the client. */
  readonly grants: readonly GrantInfo[];
  /** Application permissions granted to the app's SP. */
  readonly assignments: readonly RoleAssignmentInfo[];
  /** Users, groups and apps assigned to this app's roles. */
  readonly assignedTo: readonly RoleAssignmentInfo[];
  /** Requested permissions with names and consent status. */
  readonly permissions: readonly PermissionStatus[];
  /** Parts that could not be read (e.g. grants without Directory.Read.All). */
  readonly errors: Readonly<
    Partial<Record<'servicePrincipal' | 'grants' | 'assignments' | 'assignedTo' | 'names', GraphError>>
  >;
  readonly fetchedAt: number;
}

interface NameReads {
  requests: ReadRequest[];
  lookedUp: string[];
  appLookups: string[];
}

export interface DetailReaderOptions {
  readonly graph: TenantGraph;
  readonly names: NameCache;
  readonly interner: Interner;
  readonly notFoundRetryDelaysMs: readonly number[];
  /** Name shown in "Granted for {tenant}". */
  tenantName(): string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function spReads(spId: string): ReadRequest[] {
  return [
    { id: 'grants', read: { kind: 'grantsOfClient', spId } },
    { id: 'assignments', read: { kind: 'assignmentsOf', spId } },
    { id: 'assignedTo', read: { kind: 'assignedTo', spId } },
  ];
}

const succeeded = (r: ReadAnswer | undefined): r is ReadAnswer => r !== undefined && r.status >= 200 && r.status < 300;

export class DetailReader {
  constructor(private readonly options: DetailReaderOptions) {}

  /** Consent states of the app's requested permissions, from what was read (names as cached now). */
  consent(d: Pick<AppDetails, 'app' | 'sp' | 'grants' | 'assignments' | 'errors'>): readonly PermissionStatus[] {
    return computeConsent({
      requiredResourceAccess: d.app.requiredResourceAccess,
      clientSpId: d.sp?.id,
      grants: d.grants,
      assignments: d.assignments,
      resources: this.options.names.allResources,
      tenantName: this.options.tenantName(),
      grantsUnknown: d.errors.grants !== undefined,
      assignmentsUnknown: d.errors.assignments !== undefined,
    });
  }

  /** Reads named resources and authorized clients not yet cached (≤ `room` reads). */
  private nameReads(detail: AppDetail | undefined, room: number): NameReads {
    const { names } = this.options;
    const resourceIds = new Set<string>();
    const clientIds = new Set<string>();
    for (const r of detail?.requiredResourceAccess ?? []) {
      if (names.needsResource(r.resourceAppId)) {
        resourceIds.add(r.resourceAppId);
      }
    }
    for (const p of detail?.preAuthorizedApplications ?? []) {
      if (names.needsAppName(p.appId) && !resourceIds.has(p.appId)) {
        clientIds.add(p.appId);
      }
    }
    const all = [...resourceIds, ...clientIds];
    const requests: ReadRequest[] = [];
    const lookedUp: string[] = [];
    for (let i = 0; i < all.length && requests.length < room - (clientIds.size ? 1 : 0); i += inChunk) {
      const chunk = all.slice(i, i + inChunk);
      lookedUp.push(...chunk);
      requests.push({ id: `names${requests.length}`, read: { kind: 'resources', appIds: chunk } });
    }
    // Authorized clients may be app registrations of this tenant without a service principal.
    const appLookups = [...clientIds].slice(0, inChunk);
    if (appLookups.length) {
      requests.push({ id: 'appNames', read: { kind: 'applicationNames', appIds: appLookups } });
    }
    return { requests, lookedUp, appLookups };
  }

  async read(ref: { id: string; appId: string }, previous: AppDetails | undefined): Promise<AppDetails> {
    const { graph } = this.options;
    try {
      const first: ReadRequest[] = [
        { id: 'app', read: { kind: 'application', id: ref.id } },
        { id: 'sp', read: { kind: 'servicePrincipalOf', appId: ref.appId } },
        { id: 'owners', read: { kind: 'owners', id: ref.id } },
      ];
      const knownSpId = previous?.sp?.id;
      if (knownSpId) {
        first.push(...spReads(knownSpId));
      }
      let names = previous
        ? this.nameReads(previous.app, batchRoom - first.length)
        : { requests: [], lookedUp: [], appLookups: [] };
      first.push(...names.requests);
      const responses = await graph.readMany(first);
      // The app came from a list (or an earlier read): a 404 now is most likely replication lag
      // right after a write. Read the app (and its owners) again, a bounded number of times.
      for (const [attempt, delayMs] of this.options.notFoundRetryDelaysMs.entries()) {
        if (responses.get('app')?.status !== 404) {
          break;
        }
        graph.reportNotFoundRetry(first[0]!.read, attempt + 1, delayMs);
        await sleep(delayMs);
        const again = first.filter(
          (r) => r.id === 'app' || (r.id === 'owners' && responses.get('owners')?.status === 404),
        );
        for (const [id, response] of await graph.readMany(again)) {
          responses.set(id, response);
        }
      }
      const reads = new Map<string, TenantRead>(first.map((r) => [r.id, r.read]));
      const errors: Record<string, GraphError> = {};
      const failed = (id: string, r: ReadAnswer): void => {
        const read = reads.get(id);
        errors[id] = read ? graph.errorOf(r, read) : toGraphError(new Error(`status ${r.status}`));
      };
      const ok = (id: string): ReadAnswer | undefined => {
        const r = responses.get(id);
        if (!r) {
          return undefined;
        }
        if (succeeded(r)) {
          return r;
        }
        failed(id, r);
        return undefined;
      };
      const appResponse = ok('app');
      const ownersResponse = ok('owners');
      const app = appResponse
        ? toAppDetail(
            ownersResponse
              ? { ...(appResponse.body as object), owners: values(ownersResponse.body) }
              : appResponse.body,
          )
        : undefined;
      if (!app) {
        throw errors.app ?? unreadable('no app registration in it');
      }
      const spResponse = ok('sp');
      const sp = spResponse
        ? (defined(values(spResponse.body).map(toServicePrincipal))[0] ?? null)
        : (previous?.sp ?? null);
      this.absorbNames(names, ok);

      // Second round: whatever needed the SP id or the app's resource list.
      const second: ReadRequest[] = [];
      if (sp && sp.id !== knownSpId) {
        second.push(...spReads(sp.id));
      }
      names = this.nameReads(app, batchRoom - second.length);
      second.push(...names.requests);
      let all = responses;
      if (second.length) {
        const more = await graph.readMany(second);
        for (const r of second) {
          reads.set(r.id, r.read);
        }
        all = new Map([...responses, ...more]);
        this.absorbNames(names, (id) => {
          const r = more.get(id);
          if (succeeded(r)) {
            return r;
          }
          if (r) {
            failed(id, r);
          }
          return undefined;
        });
      }
      const list = <T>(id: string, narrow: (x: unknown) => T | undefined, fallback: readonly T[]): readonly T[] => {
        const r = all.get(id);
        if (!r) {
          return sp ? fallback : [];
        }
        if (succeeded(r)) {
          return defined(values(r.body).map(narrow));
        }
        if (!errors[id]) {
          failed(id, r);
        }
        return fallback;
      };
      const grants = list('grants', toGrant, previous?.grants ?? []);
      const assignments = list('assignments', toRoleAssignment, previous?.assignments ?? []);
      const assignedTo = list('assignedTo', toRoleAssignment, previous?.assignedTo ?? []);
      const nameError = Object.entries(errors).find(([id]) => id.startsWith('names') || id === 'appNames')?.[1];
      return {
        app,
        sp,
        grants,
        assignments,
        assignedTo,
        permissions: this.consent({ app, sp, grants, assignments, errors }),
        errors: {
          ...(errors.sp ? { servicePrincipal: errors.sp } : {}),
          ...(errors.grants ? { grants: errors.grants } : {}),
          ...(errors.assignments ? { assignments: errors.assignments } : {}),
          ...(errors.assignedTo ? { assignedTo: errors.assignedTo } : {}),
          ...(nameError ? { names: nameError } : {}),
        },
        fetchedAt: Date.now(),
      };
    } catch (err) {
      throw toGraphError(err);
    }
  }

  private absorbNames(names: NameReads, ok: (id: string) => ReadAnswer | undefined): void {
    const { names: cache, interner } = this.options;
    const found = new Set<string>();
    let allAnswered = true;
    for (const r of names.requests) {
      const response = ok(r.id);
      if (!response) {
        allAnswered = false;
        continue;
      }
      for (const raw of values(response.body)) {
        if (r.id === 'appNames') {
          const a = raw as { appId?: unknown; displayName?: unknown };
          if (typeof a.appId === 'string' && typeof a.displayName === 'string') {
            cache.setAppName(a.appId, a.displayName);
            found.add(a.appId);
          }
          continue;
        }
        const resource = toResource(raw, interner);
        if (resource) {
          cache.setResource(resource);
          found.add(resource.appId);
        }
      }
    }
    if (allAnswered) {
      for (const appId of names.lookedUp) {
        if (!found.has(appId)) {
          cache.markMissing(appId);
        }
      }
    }
  }
}
