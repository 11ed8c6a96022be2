// Plain-word summaries of changes: "adds SPA redirect URI https://…", "disables scope Crm.Read",
// "requests Microsoft Graph Mail.Send (application)". Permission names come from the catalogue.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { findPermission } from '../manifest/catalog';
import type { PermissionCatalog } from '../manifest/types';
import { english, type Localizer } from '../text/localizer';
import { collectionPath } from './paths';
import { isObject } from './properties';
import type { Json, PathSegment } from './types';

type L10n = Localizer<l10n.L10nReplacement>;
type Op = 'add' | 'remove' | 'replace';

/** Values added to or removed from a set of strings: "adds SPA redirect URI https://…". */
const SET_TEXTS: Record<string, (l10n: L10n, add: boolean, v: string) => string> = {
  'web.redirectUris': (l10n, add, v) =>
    add ? l10n.t('adds Web redirect URI {0}', v) : l10n.t('removes Web redirect URI {0}', v),
  'spa.redirectUris': (l10n, add, v) =>
    add ? l10n.t('adds SPA redirect URI {0}', v) : l10n.t('removes SPA redirect URI {0}', v),
  'publicClient.redirectUris': (l10n, add, v) =>
    add ? l10n.t('adds public client redirect URI {0}', v) : l10n.t('removes public client redirect URI {0}', v),
  identifierUris: (l10n, add, v) => (add ? l10n.t('adds App ID URI {0}', v) : l10n.t('removes App ID URI {0}', v)),
  tags: (l10n, add, v) => (add ? l10n.t('adds tag {0}', v) : l10n.t('removes tag {0}', v)),
  'api.knownClientApplications': (l10n, add, v) =>
    add ? l10n.t('adds known client application {0}', v) : l10n.t('removes known client application {0}', v),
  managerApplications: (l10n, add, v) =>
    add ? l10n.t('adds manager application {0}', v) : l10n.t('removes manager application {0}', v),
};

/** Items of collections with an identity: added, removed or changed ("removes scope Crm.Read"). */
const ITEM_TEXTS: Record<string, (l10n: L10n, op: Op, name: string) => string> = {
  'api.oauth2PermissionScopes': (l10n, op, n) =>
    op === 'add'
      ? l10n.t('adds scope {0}', n)
      : op === 'remove'
        ? l10n.t('removes scope {0}', n)
        : l10n.t('changes scope {0}', n),
  appRoles: (l10n, op, n) =>
    op === 'add'
      ? l10n.t('adds app role {0}', n)
      : op === 'remove'
        ? l10n.t('removes app role {0}', n)
        : l10n.t('changes app role {0}', n),
  keyCredentials: (l10n, op, n) =>
    op === 'add'
      ? l10n.t('adds certificate {0}', n)
      : op === 'remove'
        ? l10n.t('removes certificate {0}', n)
        : l10n.t('changes certificate {0}', n),
  addIns: (l10n, op, n) =>
    op === 'add'
      ? l10n.t('adds add-in {0}', n)
      : op === 'remove'
        ? l10n.t('removes add-in {0}', n)
        : l10n.t('changes add-in {0}', n),
  'api.preAuthorizedApplications': (l10n, op, n) =>
    op === 'add'
      ? l10n.t('adds pre-authorization of client {0}', n)
      : op === 'remove'
        ? l10n.t('removes pre-authorization of client {0}', n)
        : l10n.t('changes pre-authorization of client {0}', n),
  'optionalClaims.idToken': (l10n, op, n) =>
    op === 'add'
      ? l10n.t('adds optional claim in ID tokens: {0}', n)
      : op === 'remove'
        ? l10n.t('removes optional claim in ID tokens: {0}', n)
        : l10n.t('changes optional claim in ID tokens: {0}', n),
  'optionalClaims.accessToken': (l10n, op, n) =>
    op === 'add'
      ? l10n.t('adds optional claim in access tokens: {0}', n)
      : op === 'remove'
        ? l10n.t('removes optional claim in access tokens: {0}', n)
        : l10n.t('changes optional claim in access tokens: {0}', n),
  'optionalClaims.saml2Token': (l10n, op, n) =>
    op === 'add'
      ? l10n.t('adds optional claim in SAML tokens: {0}', n)
      : op === 'remove'
        ? l10n.t('removes optional claim in SAML tokens: {0}', n)
        : l10n.t('changes optional claim in SAML tokens: {0}', n),
};

const show = (v: Json | undefined, l10n: L10n): string =>
  v === undefined ? l10n.t('nothing') : typeof v === 'string' ? v : JSON.stringify(v);

function itemName(collection: string, item: Json | undefined, identity: string): string {
  if (!isObject(item)) return identity;
  if (collection === 'keyCredentials')
    return `${typeof item.displayName === 'string' && item.displayName ? `${item.displayName} ` : ''}(${identity})`;
  for (const k of ['value', 'name', 'appId', 'displayName'])
    if (typeof item[k] === 'string' && item[k] !== '') return String(item[k]);
  return identity;
}

function resourceName(appId: string, catalog: PermissionCatalog | undefined): string {
  return catalog?.getResource(appId)?.displayName ?? appId;
}

/** "Microsoft Graph Mail.Send (application)" for one requiredResourceAccess entry. */
export function permissionLabel(
  resourceAppId: string,
  access: Json | undefined,
  catalog: PermissionCatalog | undefined,
  l10n: L10n = english,
): string {
  const id = isObject(access) && typeof access.id === 'string' ? access.id : '?';
  const type = isObject(access) && (access.type === 'Role' || access.type === 'Scope') ? access.type : undefined;
  const resource = catalog?.getResource(resourceAppId);
  const known = resource ? findPermission(resource, id, type) : undefined;
  const name = resource?.displayName ?? resourceAppId;
  const value = known?.value ?? id;
  return type === 'Role'
    ? l10n.t('{0} {1} (application)', name, value)
    : type === 'Scope'
      ? l10n.t('{0} {1} (delegated)', name, value)
      : l10n.t('{0} {1} (unknown type)', name, value);
}

/** A scope or app role whose fields changed: "disables scope Crm.Read", "changes app role X (description)". */
function entitlementSummary(
  scope: boolean,
  before: Json | undefined,
  after: Json | undefined,
  name: string,
  l10n: L10n,
): string {
  if (isObject(before) && isObject(after)) {
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null),
    );
    const disables = after.isEnabled === false;
    if (fields.length === 1 && fields[0] === 'isEnabled') {
      if (scope) return disables ? l10n.t('disables scope {0}', name) : l10n.t('enables scope {0}', name);
      return disables ? l10n.t('disables app role {0}', name) : l10n.t('enables app role {0}', name);
    }
    const rest = fields.filter((f) => f !== 'isEnabled').join(', ');
    if (!fields.includes('isEnabled'))
      return scope ? l10n.t('changes scope {0} ({1})', name, rest) : l10n.t('changes app role {0} ({1})', name, rest);
    if (scope)
      return disables
        ? l10n.t('changes scope {0} ({1}) and disables it', name, rest)
        : l10n.t('changes scope {0} ({1}) and enables it', name, rest);
    return disables
      ? l10n.t('changes app role {0} ({1}) and disables it', name, rest)
      : l10n.t('changes app role {0} ({1}) and enables it', name, rest);
  }
  return scope ? l10n.t('changes scope {0}', name) : l10n.t('changes app role {0}', name);
}

/** The summary of one change. */
export function summarize(
  segments: readonly PathSegment[],
  op: Op,
  before: Json | undefined,
  after: Json | undefined,
  catalog: PermissionCatalog | undefined,
  l10n: L10n = english,
): string {
  const coll = collectionPath(segments);
  const last = segments[segments.length - 1];
  const setText = SET_TEXTS[coll];
  if (setText && op !== 'replace') return setText(l10n, op === 'add', show(op === 'add' ? after : before, l10n));
  if (coll === 'requiredResourceAccess.resourceAccess' && typeof last === 'object') {
    const resourceSeg = segments.find((s) => typeof s === 'object' && s.key === 'resourceAppId');
    const resourceAppId = typeof resourceSeg === 'object' ? resourceSeg.value : '';
    const label = permissionLabel(resourceAppId, op === 'remove' ? before : after, catalog, l10n);
    if (op === 'add') return l10n.t('requests {0}', label);
    if (op === 'remove') return l10n.t('no longer requests {0}', label);
    return l10n.t(
      'changes the request for {0} (was {1})',
      label,
      permissionLabel(resourceAppId, before, catalog, l10n),
    );
  }
  if (coll === 'requiredResourceAccess' && typeof last === 'object') {
    const resource = resourceName(last.value, catalog);
    return op === 'add'
      ? l10n.t('requests permissions of {0}', resource)
      : op === 'remove'
        ? l10n.t('no longer requests permissions of {0}', resource)
        : l10n.t('changes the permissions requested from {0}', resource);
  }
  const itemText = ITEM_TEXTS[coll];
  if (itemText && typeof last === 'object') {
    const name = itemName(coll, op === 'add' ? after : before, last.value);
    if (op === 'replace' && (coll === 'api.oauth2PermissionScopes' || coll === 'appRoles'))
      return entitlementSummary(coll === 'api.oauth2PermissionScopes', before, after, name, l10n);
    return itemText(l10n, op, name);
  }
  const label = segments.filter((s): s is string => typeof s === 'string').join('.');
  if (coll === 'displayName') return l10n.t('renames the app to {0} (was {1})', show(after, l10n), show(before, l10n));
  if (typeof after === 'boolean' && (before === undefined || before === null || typeof before === 'boolean'))
    return after ? l10n.t('turns on {0}', label) : l10n.t('turns off {0}', label);
  if (after === undefined || after === null) return l10n.t('clears {0} (was {1})', label, show(before, l10n));
  if (before === undefined || before === null) return l10n.t('sets {0} to {1}', label, show(after, l10n));
  if (Array.isArray(after) || isObject(after)) return l10n.t('changes {0}', label);
  return l10n.t('sets {0} to {1} (was {2})', label, show(after, l10n), show(before, l10n));
}
