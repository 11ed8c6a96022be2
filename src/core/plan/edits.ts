// The edits the tenant explorer offers without a manifest (redirect URIs, enabling scopes and app
// roles, requesting a permission, removing a certificate), as partial manifests: only the property
// an edit touches, built from the tenant's value. They go through the same plan as a manifest edit.
import { isObject } from './properties';
import type { Json, JsonObject } from './types';

export type RedirectPlatform = 'web' | 'spa' | 'publicClient';

export const platformLabels: Readonly<Record<RedirectPlatform, string>> = {
  web: 'Web',
  spa: 'SPA',
  publicClient: 'public client',
};

const strings = (v: Json | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const objects = (v: Json | undefined): JsonObject[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Adds (or removes) a redirect URI of one platform: `{ web: { redirectUris: [...] } }`. */
export function redirectUriEdit(live: JsonObject, platform: RedirectPlatform, uri: string, add: boolean): JsonObject {
  const current = strings(isObject(live[platform]) ? (live[platform] as JsonObject).redirectUris : undefined);
  const next = add ? (current.includes(uri) ? current : [...current, uri]) : current.filter((u) => u !== uri);
  return { [platform]: { redirectUris: next } };
}

/** Enables or disables a scope (by id) of the exposed API. */
export function scopeEnabledEdit(live: JsonObject, scopeId: string, enabled: boolean): JsonObject {
  const api = isObject(live.api) ? live.api : {};
  const scopes = objects(api.oauth2PermissionScopes).map((s) =>
    String(s.id).toLowerCase() === scopeId.toLowerCase() ? { ...s, isEnabled: enabled } : s,
  );
  return { api: { oauth2PermissionScopes: scopes } };
}

/** Enables or disables an app role (by id). */
export function roleEnabledEdit(live: JsonObject, roleId: string, enabled: boolean): JsonObject {
  const roles = objects(live.appRoles).map((r) =>
    String(r.id).toLowerCase() === roleId.toLowerCase() ? { ...r, isEnabled: enabled } : r,
  );
  return { appRoles: roles };
}

/** Requests a permission of a resource (delegated `Scope` or application `Role`); nothing when already requested. */
export function requestPermissionEdit(
  live: JsonObject,
  resourceAppId: string,
  permissionId: string,
  type: 'Scope' | 'Role',
): JsonObject {
  const rra = objects(live.requiredResourceAccess);
  const i = rra.findIndex((r) => String(r.resourceAppId).toLowerCase() === resourceAppId.toLowerCase());
  const entry = { id: permissionId, type };
  if (i < 0) return { requiredResourceAccess: [...rra, { resourceAppId, resourceAccess: [entry] }] };
  const access = objects(rra[i]!.resourceAccess);
  if (access.some((a) => String(a.id).toLowerCase() === permissionId.toLowerCase() && a.type === type))
    return { requiredResourceAccess: rra };
  const next = rra.map((r, j) => (j === i ? { ...r, resourceAccess: [...access, entry] } : r));
  return { requiredResourceAccess: next };
}

/** Removes a certificate (by key id): keyCredentials PATCHed without it. */
export function removeCertificateEdit(live: JsonObject, keyId: string): JsonObject {
  return {
    keyCredentials: objects(live.keyCredentials).filter((k) => String(k.keyId).toLowerCase() !== keyId.toLowerCase()),
  };
}

/** The body of `POST /applications` from a manifest: its writable properties, without server-set ones. */
export function createBody(manifest: JsonObject, writable: ReadonlySet<string>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(manifest)) if (writable.has(k) && k !== 'keyCredentials') out[k] = v;
  return out;
}
