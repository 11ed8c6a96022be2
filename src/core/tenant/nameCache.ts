/**
 * Names of resources, permissions and apps, cached per tenant in memory and persisted (as plain
 * JSON, never tokens or secrets) so the tree can name permissions offline after one sign-in.
 */
import type { PermissionInfo, PermissionKind, ResourceInfo } from './types';
import { builtInGraphResource, microsoftGraphAppId, wellKnownApps } from './wellKnown';

/** Where snapshots are kept between sessions (extension storage in VS Code, a Map in tests). */
export interface NameStore {
  read(tenantId: string): unknown;
  write(tenantId: string, snapshot: NameSnapshot): void | Promise<void>;
}

type PermissionTuple = [id: string, value: string, kind: 'S' | 'R', admin: 0 | 1];

export interface NameSnapshot {
  readonly version: 1;
  readonly resources: ReadonlyArray<{
    appId: string;
    displayName: string;
    spId: string | null;
    complete: boolean;
    permissions: PermissionTuple[];
  }>;
  readonly apps: ReadonlyArray<[appId: string, displayName: string]>;
  /** appIds known to have no service principal in the tenant (not worth asking again this session). */
}

export class NameCache {
  private readonly resources = new Map<string, ResourceInfo>();
  private readonly apps = new Map<string, string>();
  /** appIds looked up and not found in the tenant. */
  private readonly missing = new Set<string>();
  private dirty = false;
  private changes = 0;
  /** Values derived from the names (the tenant's permission catalogue), with the revision they were built at. */
  private readonly derivedValues = new Map<object, { revision: number; value: unknown }>();

  constructor(
    private readonly tenantId: string,
    private readonly store?: NameStore,
  ) {
    this.resources.set(microsoftGraphAppId, builtInGraphResource());
    this.restore(store?.read(tenantId));
  }

  /** Grows whenever a resource or app name is added or changed (consumers rebuild what they derive). */
  get revision(): number {
    return this.changes;
  }

  /** A value derived from the names: built once per revision (`key` names what is derived). */
  derived<T>(key: object, build: () => T): T {
    const hit = this.derivedValues.get(key);
    if (hit && hit.revision === this.changes) return hit.value as T;
    const value = build();
    this.derivedValues.set(key, { revision: this.changes, value });
    return value;
  }

  /** Resource by appId (service principal + permissions). */
  resource(appId: string): ResourceInfo | undefined {
    return this.resources.get(appId);
  }

  get allResources(): ReadonlyMap<string, ResourceInfo> {
    return this.resources;
  }

  /** Whether asking the tenant about this resource would add something. */
  needsResource(appId: string): boolean {
    if (this.missing.has(appId)) {
      return false;
    }
    const r = this.resources.get(appId);
    return !r || !r.complete || r.spId === undefined;
  }

  needsAppName(appId: string): boolean {
    return !this.missing.has(appId) && this.appName(appId) === undefined;
  }

  appName(appId: string): string | undefined {
    return this.apps.get(appId) ?? this.resources.get(appId)?.displayName ?? wellKnownApps.get(appId);
  }

  permission(resourceAppId: string, kind: PermissionKind, id: string): PermissionInfo | undefined {
    return this.resources.get(resourceAppId)?.permissions.get(`${kind}:${id}`);
  }

  setResource(resource: ResourceInfo): void {
    this.resources.set(resource.appId, resource);
    this.missing.delete(resource.appId);
    this.dirty = true;
    this.changes++;
  }

  setAppName(appId: string, displayName: string): void {
    if (this.apps.get(appId) !== displayName) {
      this.apps.set(appId, displayName);
      this.dirty = true;
      this.changes++;
    }
  }

  markMissing(appId: string): void {
    this.missing.add(appId);
  }

  snapshot(): NameSnapshot {
    return {
      version: 1,
      resources: [...this.resources.values()]
        .filter((r) => r.complete)
        .map((r) => ({
          appId: r.appId,
          displayName: r.displayName,
          spId: r.spId ?? null,
          complete: r.complete,
          permissions: [...r.permissions.values()].map((p): PermissionTuple => [
            p.id,
            p.value,
            p.kind === 'Scope' ? 'S' : 'R',
            p.adminConsentRequired ? 1 : 0,
          ]),
        })),
      apps: [...this.apps.entries()],
    };
  }

  /** Writes the snapshot when something changed since the last save. */
  async save(): Promise<void> {
    if (!this.dirty || !this.store) {
      return;
    }
    this.dirty = false;
    await this.store.write(this.tenantId, this.snapshot());
  }

  private restore(raw: unknown): void {
    if (!raw || typeof raw !== 'object' || (raw as { version?: unknown }).version !== 1) {
      return;
    }
    const snap = raw as Partial<NameSnapshot>;
    for (const r of Array.isArray(snap.resources) ? snap.resources : []) {
      if (!r || typeof r.appId !== 'string' || typeof r.displayName !== 'string' || !Array.isArray(r.permissions)) {
        continue;
      }
      const permissions = new Map<string, PermissionInfo>();
      for (const t of r.permissions) {
        if (Array.isArray(t) && typeof t[0] === 'string' && typeof t[1] === 'string') {
          const kind: PermissionKind = t[2] === 'R' ? 'Role' : 'Scope';
          permissions.set(`${kind}:${t[0]}`, { id: t[0], value: t[1], kind, adminConsentRequired: t[3] === 1 });
        }
      }
      this.resources.set(r.appId, {
        appId: r.appId,
        displayName: r.displayName,
        spId: typeof r.spId === 'string' ? r.spId : undefined,
        complete: r.complete === true,
        permissions,
      });
    }
    for (const a of Array.isArray(snap.apps) ? snap.apps : []) {
      if (Array.isArray(a) && typeof a[0] === 'string' && typeof a[1] === 'string') {
        this.apps.set(a[0], a[1]);
      }
    }
  }
}
