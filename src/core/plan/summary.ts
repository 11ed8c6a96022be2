// Plain-word summaries of changes: "adds SPA redirect URI https://…", "disables scope Crm.Read",
// "requests Microsoft Graph Mail.Send (application)". Permission names come from the catalogue.
import { findPermission } from '../manifest/catalog';
import type { PermissionCatalog } from '../manifest/types';
import { collectionPath } from './paths';
import { isObject } from './properties';
import type { Json, PathSegment } from './types';

const SET_NOUNS: Record<string, string> = {
  'web.redirectUris': 'Web redirect URI',
  'spa.redirectUris': 'SPA redirect URI',
  'publicClient.redirectUris': 'public client redirect URI',
  identifierUris: 'App ID URI',
  tags: 'tag',
  'api.knownClientApplications': 'known client application',
  managerApplications: 'manager application',
};

const ITEM_NOUNS: Record<string, string> = {
  'api.oauth2PermissionScopes': 'scope',
  appRoles: 'app role',
  keyCredentials: 'certificate',
  addIns: 'add-in',
  'api.preAuthorizedApplications': 'pre-authorization of client',
  'optionalClaims.idToken': 'optional claim in ID tokens:',
  'optionalClaims.accessToken': 'optional claim in access tokens:',
  'optionalClaims.saml2Token': 'optional claim in SAML tokens:',
};

const show = (v: Json | undefined): string =>
  v === undefined ? 'nothing' : typeof v === 'string' ? v : JSON.stringify(v);

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
): string {
  const id = isObject(access) && typeof access.id === 'string' ? access.id : '?';
  const type = isObject(access) && (access.type === 'Role' || access.type === 'Scope') ? access.type : undefined;
  const resource = catalog?.getResource(resourceAppId);
  const known = resource ? findPermission(resource, id, type) : undefined;
  const kind = type === 'Role' ? 'application' : type === 'Scope' ? 'delegated' : 'unknown type';
  return `${resource?.displayName ?? resourceAppId} ${known?.value ?? id} (${kind})`;
}

function entitlementSummary(noun: string, before: Json | undefined, after: Json | undefined, name: string): string {
  if (isObject(before) && isObject(after)) {
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null),
    );
    if (fields.length === 1 && fields[0] === 'isEnabled')
      return `${after.isEnabled === false ? 'disables' : 'enables'} ${noun} ${name}`;
    const rest = fields.filter((f) => f !== 'isEnabled');
    const enabled = fields.includes('isEnabled')
      ? after.isEnabled === false
        ? ' and disables it'
        : ' and enables it'
      : '';
    return `changes ${noun} ${name} (${rest.join(', ')})${enabled}`;
  }
  return `changes ${noun} ${name}`;
}

/** The summary of one change. */
export function summarize(
  segments: readonly PathSegment[],
  op: 'add' | 'remove' | 'replace',
  before: Json | undefined,
  after: Json | undefined,
  catalog: PermissionCatalog | undefined,
): string {
  const coll = collectionPath(segments);
  const last = segments[segments.length - 1];
  if (SET_NOUNS[coll] && op !== 'replace')
    return `${op === 'add' ? 'adds' : 'removes'} ${SET_NOUNS[coll]} ${show(op === 'add' ? after : before)}`;
  if (coll === 'requiredResourceAccess.resourceAccess' && typeof last === 'object') {
    const resourceSeg = segments.find((s) => typeof s === 'object' && s.key === 'resourceAppId');
    const resourceAppId = typeof resourceSeg === 'object' ? resourceSeg.value : '';
    const label = permissionLabel(resourceAppId, op === 'remove' ? before : after, catalog);
    if (op === 'add') return `requests ${label}`;
    if (op === 'remove') return `no longer requests ${label}`;
    return `changes the request for ${label} (was ${permissionLabel(resourceAppId, before, catalog)})`;
  }
  if (coll === 'requiredResourceAccess' && typeof last === 'object') {
    return `${op === 'add' ? 'requests permissions of' : op === 'remove' ? 'no longer requests permissions of' : 'changes the permissions requested from'} ${resourceName(last.value, catalog)}`;
  }
  const noun = ITEM_NOUNS[coll];
  if (noun && typeof last === 'object') {
    const name = itemName(coll, op === 'add' ? after : before, last.value);
    if (op === 'add') return `adds ${noun} ${name}`;
    if (op === 'remove') return `removes ${noun} ${name}`;
    if (coll === 'api.oauth2PermissionScopes' || coll === 'appRoles')
      return entitlementSummary(noun, before, after, name);
    return `changes ${noun} ${name}`;
  }
  const label = segments.filter((s): s is string => typeof s === 'string').join('.');
  if (coll === 'displayName') return `renames the app to ${show(after)} (was ${show(before)})`;
  if (typeof after === 'boolean' && (before === undefined || before === null || typeof before === 'boolean'))
    return `turns ${after ? 'on' : 'off'} ${label}`;
  if (after === undefined || after === null) return `clears ${label} (was ${show(before)})`;
  if (before === undefined || before === null) return `sets ${label} to ${show(after)}`;
  if (Array.isArray(after) || isObject(after)) return `changes ${label}`;
  return `sets ${label} to ${show(after)} (was ${show(before)})`;
}
