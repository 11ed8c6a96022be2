// Rules about the permissions the app requests (`requiredResourceAccess`).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../../text/localizer';
import type { Rule } from '../types';
import {
  AAD_GRAPH_GUID,
  ALL_FORMATS,
  GRAPH_GUID,
  audienceOf,
  child,
  defineRule,
  hasPlaceholder,
  isGuid,
  keyNode,
  report,
  rootObject,
  short,
  type Segment,
  findings,
} from './util';
import { removeFix } from './edits';
import { PermissionKeys, isGraph, resolve, resources } from './requiredResources';
import {
  REQUIRED_PERMISSION_LIMIT,
  REQUIRED_PERMISSION_LIMIT_PERSONAL,
  REQUIRED_RESOURCE_LIMIT,
} from '../../entra/limits';

const RRA_DOCS = 'https://learn.microsoft.com/graph/api/resources/requiredresourceaccess';
const APP_DOCS = 'https://learn.microsoft.com/graph/api/resources/application';
const PERMS_DOCS = 'https://learn.microsoft.com/graph/permissions-overview';
const AADGRAPH_DOCS = 'https://learn.microsoft.com/graph/migrate-azure-ad-graph-overview';

export const rraIdInvalid = defineRule({
  id: 'rra-id-invalid',
  severity: 'error',
  title: (l10n) => l10n.t('Requested permissions with an invalid id or type'),
  description: (l10n) => l10n.t('resourceAppId and resourceAccess ids are GUIDs and type is Scope or Role.'),
  docs: RRA_DOCS,
  formats: ['graph', 'legacy', 'partial'],
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    for (const res of resources(ctx)) {
      if (res.appId !== undefined && !isGuid(res.appId) && !hasPlaceholder(res.appId) && res.appIdNode) {
        out.add(res.appIdNode, (subject) =>
          report(
            self,
            subject,
            [...res.path, 'resourceAppId'],
            l10n.t(
              "'{0}' is not an appId. Use the resource application's appId GUID (Microsoft Graph is {1}).",
              short(res.appId!),
              GRAPH_GUID,
            ),
          ),
        );
      }
      // tally first: past the finding limit, an entry's finding is only counted (no builder made).
      for (const a of res.access) {
        const id = a.idText;
        // (A string id or type has its node: made here only for the entries reported.)
        if (id !== undefined && !isGuid(id) && !hasPlaceholder(id) && !out.tally(a.id!))
          out.add(a.id!, (subject) =>
            report(
              self,
              subject,
              [...a.path, 'id'],
              l10n.t("'{0}' is not a permission id. Use the GUID of the scope or app role.", short(id)),
            ),
          );
        const t = a.typeText;
        if (t !== undefined && t !== 'Scope' && t !== 'Role' && !hasPlaceholder(t) && !out.tally(a.type!))
          out.add(a.type!, (subject) =>
            report(
              self,
              subject,
              [...a.path, 'type'],
              l10n.t('\'{0}\' is not a permission type. Use "Scope" (delegated) or "Role" (application).', t),
            ),
          );
      }
    }
    return out.list;
  },
});

export const rraUnknownPermission = defineRule({
  id: 'rra-unknown-permission',
  severity: 'error',
  title: (l10n) => l10n.t('Requested permissions the resource does not have'),
  description: (l10n) =>
    l10n.t('Requested permissions exist on the resource (checked when the catalogue knows the resource completely).'),
  docs: RRA_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    for (const res of resources(ctx)) {
      if (!res.info?.complete) continue;
      for (const a of res.access) {
        const id = a.idText;
        if (id === undefined || id === '' || hasPlaceholder(id)) continue;
        const r = resolve(res, a);
        if (!r.asScope && !r.asRole && !out.tallyAfter(a.node.offset) && !out.tally(a.id!)) {
          out.add(a.id!, (subject) =>
            report(
              self,
              subject,
              [...a.path, 'id'],
              l10n.t(
                "{0} has no permission '{1}'. Check the id (or name) against the resource's published permissions.",
                res.info!.displayName,
                short(id),
              ),
            ),
          );
        }
      }
    }
    return out.list;
  },
});

export const rraTypeMismatch = defineRule({
  id: 'rra-type-mismatch',
  severity: 'error',
  title: (l10n) => l10n.t('Requested permissions with the wrong type'),
  description: (l10n) =>
    l10n.t('type matches the permission: Scope for delegated permissions, Role for application permissions.'),
  docs: PERMS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    for (const res of resources(ctx)) {
      if (!res.info) continue;
      for (const a of res.access) {
        const t = a.typeText;
        if (t !== 'Scope' && t !== 'Role') continue;
        const r = resolve(res, a);
        if (!(t === 'Scope' ? !r.asScope && r.asRole : !r.asRole && r.asScope)) continue;
        if (out.tallyAfter(a.node.offset) || out.tally(a.type!)) continue;
        const label = (r.asScope ?? r.asRole)?.value ?? a.idText ?? '';
        if (t === 'Scope') {
          out.add(a.type!, (subject) =>
            report(
              self,
              subject,
              [...a.path, 'type'],
              l10n.t(
                '{0} is an application permission (app role) of {1}, not a delegated scope. Set type to "Role" or request the delegated permission\'s id.',
                label,
                res.info!.displayName,
              ),
            ),
          );
        } else {
          out.add(a.type!, (subject) =>
            report(
              self,
              subject,
              [...a.path, 'type'],
              l10n.t(
                '{0} is a delegated permission (scope) of {1}, not an app role. Set type to "Scope" or request the application permission\'s id.',
                label,
                res.info!.displayName,
              ),
            ),
          );
        }
      }
    }
    return out.list;
  },
});

export const rraDuplicate = defineRule({
  id: 'rra-duplicate',
  severity: 'warning',
  title: (l10n) => l10n.t('Resources or permissions requested twice'),
  description: (l10n) =>
    l10n.t('Each resource appears once in requiredResourceAccess, each permission once per resource.'),
  docs: RRA_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const seenRes = new Map<string, readonly Segment[]>();
    for (const res of resources(ctx)) {
      if (res.appId && !hasPlaceholder(res.appId) && res.appIdNode) {
        const key = (res.info?.appId ?? res.appId).toLowerCase();
        const first = seenRes.get(key);
        if (first)
          out.add(res.appIdNode, (subject) =>
            report(
              self,
              subject,
              [...res.path, 'resourceAppId'],
              l10n.t(
                "{0} is already listed at /{1}. Merge the two entries' resourceAccess lists.",
                short(res.appId!),
                first.join('/'),
              ),
            ),
          );
        else seenRes.set(key, res.path);
      }
      const seen = new PermissionKeys();
      for (const a of res.access) {
        const id = a.idText;
        if (id === undefined || hasPlaceholder(id)) continue;
        if (seen.add(a.typeText ?? '', id.toLowerCase())) continue;
        if (!out.tallyAfter(a.node.offset) && !out.tally(a.id!))
          out.add(a.id!, (subject) =>
            report(
              self,
              subject,
              [...a.path, 'id'],
              a.typeText === undefined
                ? l10n.t(
                    'The permission {0} (no type) is requested twice for this resource. Remove the duplicate.',
                    short(id),
                  )
                : l10n.t(
                    'The permission {0} ({1}) is requested twice for this resource. Remove the duplicate.',
                    short(id),
                    a.typeText,
                  ),
              { fixes: [removeFix(ctx, a.path, l10n.t('Remove the duplicate permission'))] },
            ),
          );
      }
    }
    return out.list;
  },
});

export const rraCount = defineRule({
  id: 'rra-count',
  severity: 'error',
  title: (l10n) => l10n.t('Too many requested resources or permissions'),
  description: (l10n) =>
    l10n.t('At most 50 resources and 400 permissions (30 for apps that allow personal accounts) are requested.'),
  docs: APP_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const list = resources(ctx);
    const arr = child(rootObject(ctx), 'requiredResourceAccess');
    const key = keyNode(rootObject(ctx), 'requiredResourceAccess') ?? arr;
    if (!key) return [];
    const out = findings(ctx, self);
    if (list.length > REQUIRED_RESOURCE_LIMIT)
      out.add(key, (subject) =>
        report(
          self,
          subject,
          ['requiredResourceAccess'],
          l10n.t('{0} resources requested; the limit is 50. Remove the APIs the app does not call.', list.length),
        ),
      );
    const total = list.reduce((n, r) => n + r.access.length, 0);
    const personal = audienceOf(ctx) === 'personal';
    const max = personal ? REQUIRED_PERMISSION_LIMIT_PERSONAL : REQUIRED_PERMISSION_LIMIT;
    if (total > max) {
      out.add(key, (subject) =>
        report(
          self,
          subject,
          ['requiredResourceAccess'],
          personal
            ? l10n.t(
                '{0} permissions requested; the limit is {1} for apps that allow personal accounts. Request only what the app uses.',
                total,
                max,
              )
            : l10n.t('{0} permissions requested; the limit is {1}. Request only what the app uses.', total, max),
        ),
      );
    }
    return out.list;
  },
});

/**
 * What a high-privilege Microsoft Graph application permission lets the app do (`lower`: its value in
 * lower case), or undefined for the others.
 */
function grantsOf(lower: string, value: string, l10n: Localizer<l10n.L10nReplacement>): string | undefined {
  switch (lower) {
    case 'directory.readwrite.all':
      return l10n.t('read and change every user, group and app in the directory');
    case 'rolemanagement.readwrite.directory':
      return l10n.t('assign any directory role, Global Administrator included');
    case 'approleassignment.readwrite.all':
      return l10n.t('grant any app (itself included) any application permission');
    case 'application.readwrite.all':
      return l10n.t('add credentials to any app registration and act as that app');
    default:
      return lower.endsWith('.readwrite.all')
        ? l10n.t('create, change and delete all {0} data in the tenant', value.slice(0, -'.ReadWrite.All'.length))
        : undefined;
  }
}

export const rraHighPrivilege = defineRule({
  id: 'rra-high-privilege',
  severity: 'warning',
  title: (l10n) => l10n.t('High-privilege Microsoft Graph application permissions requested'),
  description: (l10n) =>
    l10n.t(
      'Flags high-privilege Microsoft Graph application permissions (e.g. *.ReadWrite.All, RoleManagement.ReadWrite.Directory).',
    ),
  docs: PERMS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    for (const res of resources(ctx)) {
      if (!isGraph(res)) continue;
      for (const a of res.access) {
        if (a.typeText !== 'Role') continue;
        const id = a.idText;
        if (id === undefined || hasPlaceholder(id)) continue;
        const value = isGuid(id) ? resolve(res, a).asRole?.value : id;
        if (!value) continue;
        const lower = value.toLowerCase();
        if (grantsOf(lower, value, english) === undefined || out.tallyAfter(a.node.offset) || out.tally(a.id!))
          continue;
        out.add(a.id!, (subject) =>
          report(
            self,
            subject,
            [...a.path, 'id'],
            l10n.t(
              '{0} is an application permission: without a signed-in user the app can {1}. Prefer a delegated or narrower permission (e.g. .Read.All, .Selected, .OwnedBy).',
              value,
              grantsOf(lower, value, l10n)!,
            ),
          ),
        );
      }
    }
    return out.list;
  },
});

export const rraAzureAdGraph = defineRule({
  id: 'rra-azure-ad-graph',
  severity: 'warning',
  title: (l10n) => l10n.t('Permissions of the retired Azure AD Graph'),
  description: (l10n) =>
    l10n.t('Azure AD Graph (00000002-0000-0000-c000-000000000000) is retired; request Microsoft Graph permissions.'),
  docs: AADGRAPH_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    for (const res of resources(ctx)) {
      if (res.appId?.toLowerCase() !== AAD_GRAPH_GUID && res.info?.appId.toLowerCase() !== AAD_GRAPH_GUID) continue;
      if (!res.appIdNode) continue;
      out.add(res.appIdNode, (subject) =>
        report(
          self,
          subject,
          [...res.path, 'resourceAppId'],
          l10n.t(
            'Azure AD Graph is retired. Request the equivalent Microsoft Graph permissions (resourceAppId {0}) and remove this entry.',
            GRAPH_GUID,
          ),
          {
            tags: ['deprecated'],
          },
        ),
      );
    }
    return out.list;
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
