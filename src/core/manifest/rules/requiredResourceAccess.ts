// Rules about the permissions the app requests (`requiredResourceAccess`).
import type { Node as JsonNode } from 'jsonc-parser';
import type { PermissionInfo, Problem, ResourceInfo, Rule, RuleContext } from '../types';
import {
  AAD_GRAPH_GUID,
  ALL_FORMATS,
  GRAPH_GUID,
  audienceOf,
  child,
  defineRule,
  perRun,
  elements,
  hasPlaceholder,
  isGuid,
  keyNode,
  removeFix,
  report,
  rootObject,
  str,
  short,
  type Segment,
} from './util';

const RRA_DOCS = 'https://learn.microsoft.com/graph/api/resources/requiredresourceaccess';
const APP_DOCS = 'https://learn.microsoft.com/graph/api/resources/application';
const PERMS_DOCS = 'https://learn.microsoft.com/graph/permissions-overview';
const AADGRAPH_DOCS = 'https://learn.microsoft.com/graph/migrate-azure-ad-graph-overview';

interface Access {
  node: JsonNode;
  path: Segment[];
  id: JsonNode | undefined;
  type: JsonNode | undefined;
}

interface Resource {
  node: JsonNode;
  path: Segment[];
  appIdNode: JsonNode | undefined;
  appId: string | undefined;
  info: (ResourceInfo & { readonly complete: boolean }) | undefined;
  access: Access[];
  accessNode: JsonNode | undefined;
}

const cache = new WeakMap<object, Resource[]>();

function resources(ctx: RuleContext): Resource[] {
  return perRun(ctx, 'requiredResources', cache, () => {
    const out: Resource[] = [];
    elements(child(rootObject(ctx), 'requiredResourceAccess')).forEach((n, i) => {
      if (n.type !== 'object') return;
      const path: Segment[] = ['requiredResourceAccess', i];
      const appIdNode = child(n, 'resourceAppId');
      const appId = str(appIdNode);
      let info: Resource['info'];
      if (appId !== undefined && appId !== '' && !hasPlaceholder(appId) && ctx.catalog) {
        try {
          info = ctx.catalog.getResource(appId);
        } catch {
          info = undefined;
        }
      }
      const accessNode = child(n, 'resourceAccess');
      const access: Access[] = [];
      elements(accessNode).forEach((a, j) => {
        if (a.type === 'object')
          access.push({ node: a, path: [...path, 'resourceAccess', j], id: child(a, 'id'), type: child(a, 'type') });
      });
      out.push({ node: n, path, appIdNode, appId, info, access, accessNode });
    });
    return out;
  });
}

/**
 * Lower-cased id and value lookups of a catalogue's permission list, built on first use. Keyed on
 * the catalogue's own list object (not on any document), so every lint reuses it as it reuses
 * the compiled schema.
 */
const lookups = new WeakMap<
  readonly PermissionInfo[],
  { byId: Map<string, PermissionInfo>; byValue: Map<string, PermissionInfo> }
>();

function lookupOf(list: readonly PermissionInfo[]): {
  byId: Map<string, PermissionInfo>;
  byValue: Map<string, PermissionInfo>;
} {
  let hit = lookups.get(list);
  if (!hit) {
    hit = { byId: new Map(), byValue: new Map() };
    for (const p of list) {
      // The first entry wins, as with a linear search.
      const id = p.id.toLowerCase();
      if (!hit.byId.has(id)) hit.byId.set(id, p);
      const value = p.value.toLowerCase();
      if (!hit.byValue.has(value)) hit.byValue.set(value, p);
    }
    lookups.set(list, hit);
  }
  return hit;
}

function find(list: readonly PermissionInfo[], key: string): PermissionInfo | undefined {
  const k = key.toLowerCase();
  const l = lookupOf(list);
  return isGuid(key) ? l.byId.get(k) : l.byValue.get(k);
}

/** The permission a `resourceAccess` entry names, by GUID or (Teams templates) by value. */
function resolve(res: Resource, a: Access): { asScope?: PermissionInfo; asRole?: PermissionInfo } {
  const id = str(a.id);
  if (!res.info || id === undefined || id === '' || hasPlaceholder(id)) return {};
  return { asScope: find(res.info.scopes, id), asRole: find(res.info.roles, id) };
}

function isGraph(res: Resource): boolean {
  return (
    res.appId?.toLowerCase() === GRAPH_GUID ||
    res.info?.appId.toLowerCase() === GRAPH_GUID ||
    res.appId?.toLowerCase() === 'microsoft graph'
  );
}

export const rraIdInvalid = defineRule({
  id: 'rra-id-invalid',
  severity: 'error',
  description: 'resourceAppId and resourceAccess ids are GUIDs and type is Scope or Role.',
  docs: RRA_DOCS,
  formats: ['graph', 'legacy', 'partial'],
  check(ctx, self) {
    const out: Problem[] = [];
    for (const res of resources(ctx)) {
      if (res.appIdNode && res.appId !== undefined && !isGuid(res.appId) && !hasPlaceholder(res.appId)) {
        out.push(
          report(
            self,
            res.appIdNode,
            [...res.path, 'resourceAppId'],
            `'${short(res.appId)}' is not an appId. Use the resource application's appId GUID (Microsoft Graph is ${GRAPH_GUID}).`,
          ),
        );
      }
      for (const a of res.access) {
        const id = str(a.id);
        if (a.id && id !== undefined && !isGuid(id) && !hasPlaceholder(id)) {
          out.push(
            report(
              self,
              a.id,
              [...a.path, 'id'],
              `'${short(id)}' is not a permission id. Use the GUID of the scope or app role.`,
            ),
          );
        }
        const t = str(a.type);
        if (a.type && t !== undefined && t !== 'Scope' && t !== 'Role' && !hasPlaceholder(t)) {
          out.push(
            report(
              self,
              a.type,
              [...a.path, 'type'],
              `'${t}' is not a permission type. Use "Scope" (delegated) or "Role" (application).`,
            ),
          );
        }
      }
    }
    return out;
  },
});

export const rraUnknownPermission = defineRule({
  id: 'rra-unknown-permission',
  severity: 'error',
  description:
    'Requested permissions exist on the resource (checked when the catalogue knows the resource completely).',
  docs: RRA_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    for (const res of resources(ctx)) {
      if (!res.info?.complete) continue;
      for (const a of res.access) {
        const id = str(a.id);
        if (!a.id || id === undefined || id === '' || hasPlaceholder(id)) continue;
        const r = resolve(res, a);
        if (!r.asScope && !r.asRole) {
          out.push(
            report(
              self,
              a.id,
              [...a.path, 'id'],
              `${res.info.displayName} has no permission '${short(id)}'. Check the id (or name) against the resource's published permissions.`,
            ),
          );
        }
      }
    }
    return out;
  },
});

export const rraTypeMismatch = defineRule({
  id: 'rra-type-mismatch',
  severity: 'error',
  description: 'type matches the permission: Scope for delegated permissions, Role for application permissions.',
  docs: PERMS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    for (const res of resources(ctx)) {
      if (!res.info) continue;
      for (const a of res.access) {
        const t = str(a.type);
        if (!a.type || (t !== 'Scope' && t !== 'Role')) continue;
        const r = resolve(res, a);
        const label = (r.asScope ?? r.asRole)?.value ?? str(a.id) ?? '';
        if (t === 'Scope' && !r.asScope && r.asRole) {
          out.push(
            report(
              self,
              a.type,
              [...a.path, 'type'],
              `${label} is an application permission (app role) of ${res.info.displayName}, not a delegated scope. Set type to "Role" or request the delegated permission's id.`,
            ),
          );
        } else if (t === 'Role' && !r.asRole && r.asScope) {
          out.push(
            report(
              self,
              a.type,
              [...a.path, 'type'],
              `${label} is a delegated permission (scope) of ${res.info.displayName}, not an app role. Set type to "Scope" or request the application permission's id.`,
            ),
          );
        }
      }
    }
    return out;
  },
});

export const rraDuplicate = defineRule({
  id: 'rra-duplicate',
  severity: 'warning',
  description: 'Each resource appears once in requiredResourceAccess, each permission once per resource.',
  docs: RRA_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    const seenRes = new Map<string, Segment[]>();
    for (const res of resources(ctx)) {
      if (res.appIdNode && res.appId && !hasPlaceholder(res.appId)) {
        const key = (res.info?.appId ?? res.appId).toLowerCase();
        const first = seenRes.get(key);
        if (first)
          out.push(
            report(
              self,
              res.appIdNode,
              [...res.path, 'resourceAppId'],
              `${short(res.appId)} is already listed at /${first.join('/')}. Merge the two entries' resourceAccess lists.`,
            ),
          );
        else seenRes.set(key, res.path);
      }
      const seen = new Set<string>();
      for (const a of res.access) {
        const id = str(a.id);
        if (!a.id || id === undefined || hasPlaceholder(id)) continue;
        const key = `${str(a.type) ?? ''}:${id.toLowerCase()}`;
        if (seen.has(key))
          out.push(
            report(
              self,
              a.id,
              [...a.path, 'id'],
              `The permission ${short(id)} (${str(a.type) ?? 'no type'}) is requested twice for this resource. Remove the duplicate.`,
              { fixes: [removeFix(ctx, a.path, 'Remove the duplicate permission')] },
            ),
          );
        else seen.add(key);
      }
    }
    return out;
  },
});

export const rraCount = defineRule({
  id: 'rra-count',
  severity: 'error',
  description: 'At most 50 resources and 400 permissions (30 for apps that allow personal accounts) are requested.',
  docs: APP_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const list = resources(ctx);
    const arr = child(rootObject(ctx), 'requiredResourceAccess');
    const key = keyNode(rootObject(ctx), 'requiredResourceAccess') ?? arr;
    if (!key) return [];
    const out: Problem[] = [];
    if (list.length > 50)
      out.push(
        report(
          self,
          key,
          ['requiredResourceAccess'],
          `${list.length} resources requested; the limit is 50. Remove the APIs the app does not call.`,
        ),
      );
    const total = list.reduce((n, r) => n + r.access.length, 0);
    const personal = audienceOf(ctx) === 'personal';
    const max = personal ? 30 : 400;
    if (total > max) {
      const why = personal ? ' for apps that allow personal accounts' : '';
      out.push(
        report(
          self,
          key,
          ['requiredResourceAccess'],
          `${total} permissions requested; the limit is ${max}${why}. Request only what the app uses.`,
        ),
      );
    }
    return out;
  },
});

const GRANTS: Record<string, string> = {
  'directory.readwrite.all': 'read and change every user, group and app in the directory',
  'rolemanagement.readwrite.directory': 'assign any directory role, Global Administrator included',
  'approleassignment.readwrite.all': 'grant any app (itself included) any application permission',
  'application.readwrite.all': 'add credentials to any app registration and act as that app',
};

export const rraHighPrivilege = defineRule({
  id: 'rra-high-privilege',
  severity: 'warning',
  description:
    'Flags high-privilege Microsoft Graph application permissions (e.g. *.ReadWrite.All, RoleManagement.ReadWrite.Directory).',
  docs: PERMS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    for (const res of resources(ctx)) {
      if (!isGraph(res)) continue;
      for (const a of res.access) {
        if (str(a.type) !== 'Role' || !a.id) continue;
        const id = str(a.id);
        if (id === undefined || hasPlaceholder(id)) continue;
        const value = isGuid(id) ? resolve(res, a).asRole?.value : id;
        if (!value) continue;
        const lower = value.toLowerCase();
        let grants = Object.hasOwn(GRANTS, lower) ? GRANTS[lower] : undefined;
        if (!grants && lower.endsWith('.readwrite.all'))
          grants = `create, change and delete all ${value.slice(0, -'.ReadWrite.All'.length)} data in the tenant`;
        if (!grants) continue;
        out.push(
          report(
            self,
            a.id,
            [...a.path, 'id'],
            `${value} is an application permission: without a signed-in user the app can ${grants}. Prefer a delegated or narrower permission (e.g. .Read.All, .Selected, .OwnedBy).`,
          ),
        );
      }
    }
    return out;
  },
});

export const rraAzureAdGraph = defineRule({
  id: 'rra-azure-ad-graph',
  severity: 'warning',
  description: 'Azure AD Graph (00000002-0000-0000-c000-000000000000) is retired; request Microsoft Graph permissions.',
  docs: AADGRAPH_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    for (const res of resources(ctx)) {
      if (!res.appIdNode) continue;
      if (res.appId?.toLowerCase() !== AAD_GRAPH_GUID && res.info?.appId.toLowerCase() !== AAD_GRAPH_GUID) continue;
      out.push(
        report(
          self,
          res.appIdNode,
          [...res.path, 'resourceAppId'],
          `Azure AD Graph is retired. Request the equivalent Microsoft Graph permissions (resourceAppId ${GRAPH_GUID}) and remove this entry.`,
          {
            tags: ['deprecated'],
          },
        ),
      );
    }
    return out;
  },
});

export const requiredResourceAccessRules: readonly Rule[] = [
  rraIdInvalid,
  rraUnknownPermission,
  rraTypeMismatch,
  rraDuplicate,
  rraCount,
  rraHighPrivilege,
  rraAzureAdGraph,
];
