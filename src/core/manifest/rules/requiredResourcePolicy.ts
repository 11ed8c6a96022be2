// Rules about how much and what the app requests (`requiredResourceAccess`): the limits,
// high-privilege Microsoft Graph application permissions and the retired Azure AD Graph.
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../../text/localizer';
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
  findings,
} from './util';
import type { AccessList } from './accessList';
import { isGraph, requestingResources, resources, resourcesWhere, type Resource } from './requiredResources';
import {
  REQUIRED_PERMISSION_LIMIT,
  REQUIRED_PERMISSION_LIMIT_PERSONAL,
  REQUIRED_RESOURCE_LIMIT,
} from '../../entra/limits';
import { formatCount } from '../../text/count';

const APP_DOCS = 'https://learn.microsoft.com/graph/api/resources/application';
const PERMS_DOCS = 'https://learn.microsoft.com/graph/permissions-overview';
const AADGRAPH_DOCS = 'https://learn.microsoft.com/graph/migrate-azure-ad-graph-overview';

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
          l10n.t(
            '{0} resources requested; the limit is 50. Remove the APIs the app does not call.',
            formatCount(list.length),
          ),
        ),
      );
    // (A resource without resourceAccess entries adds none.)
    const total = requestingResources(ctx).reduce((n, r) => n + r.access.entries, 0);
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
                formatCount(total),
                max,
              )
            : l10n.t(
                '{0} permissions requested; the limit is {1}. Request only what the app uses.',
                formatCount(total),
                max,
              ),
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

/** The value of the application permission entries of kind `k` request (their id, or what its GUID names). */
function roleValueOf(access: AccessList, k: number): string | undefined {
  const { id, type } = access.kinds[k]!;
  if (type !== 'Role' || id === undefined || hasPlaceholder(id)) return undefined;
  return isGuid(id) ? access.resolve(k).asRole?.value : id;
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
    const isHigh = (_: unknown, __: unknown, k: number, list: AccessList): number => {
      const value = roleValueOf(list, k);
      return value && grantsOf(value.toLowerCase(), value, english) !== undefined ? 1 : 0;
    };
    const listed = resourcesWhere(ctx, isGraph, 'and');
    for (let at = 0; at < listed.length; at++) {
      const res = listed[at]!;
      const access = res.access;
      const high = access.classify(isHigh);
      for (let j = 0; high !== undefined && j < access.length; j++) {
        const k = access.kindOf[j]!;
        if (high.flags[k] === 0) continue;
        if (high.tallyFrom(out, j)) break;
        const value = roleValueOf(access, k)!;
        const lower = value.toLowerCase();
        const node = access.idNode(j)!;
        if (out.tally(node)) continue;
        out.add(node, (subject) =>
          report(
            self,
            subject,
            [...access.path(j), 'id'],
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
    const aadGraph = (r: Resource): boolean =>
      r.appId?.toLowerCase() === AAD_GRAPH_GUID || r.info?.appId.toLowerCase() === AAD_GRAPH_GUID;
    const listed = resourcesWhere(ctx, aadGraph);
    for (let at = 0; at < listed.length; at++) {
      const res = listed[at]!;
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
