// PATCH /applications/{id} in the emulator: what Graph refuses (read-only and unknown properties,
// duplicates, changing an enabled scope or role) and how complex properties merge; the service
// principal's copies follow the application.
import { GraphFailure } from './graphFailure.js';
import type { EmuResponse } from './http.js';
import type { Application, ServicePrincipal, TenantStore } from './types.js';
import { APP_READ_ONLY, requireWriteOn, validateApplication, type WriteCaller } from './writes.js';

const APP_COMPLEX = new Set([
  'api',
  'web',
  'spa',
  'publicClient',
  'info',
  'parentalControlSettings',
  'optionalClaims',
  'servicePrincipalLockConfiguration',
  'requestSignatureVerification',
  'authenticationBehaviors',
]);

export function patchApplication(
  tenant: TenantStore,
  app: Application,
  rawBody: unknown,
  caller: WriteCaller,
  known: ReadonlySet<string>,
): EmuResponse {
  requireWriteOn(tenant, app, caller);
  let body: unknown;
  try {
    body = Buffer.isBuffer(rawBody) ? JSON.parse(rawBody.toString('utf8')) : rawBody;
  } catch {
    body = undefined;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new GraphFailure(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
  const patch = body as Record<string, unknown>;
  for (const k of Object.keys(patch)) {
    if (k.startsWith('@odata.')) continue;
    if (k === 'passwordCredentials')
      throw new GraphFailure(
        400,
        'Request_BadRequest',
        "Property 'passwordCredentials' cannot be updated with PATCH; use addPassword and removePassword.",
      );
    if (k === 'uniqueName' && (app as unknown as Record<string, unknown>).uniqueName != null)
      throw new GraphFailure(
        400,
        'Request_BadRequest',
        "Property 'uniqueName' is read-only and cannot be set once it has a value.",
      );
    if (APP_READ_ONLY.has(k))
      throw new GraphFailure(400, 'Request_BadRequest', `Property '${k}' is read-only and cannot be set.`);
    if (!known.has(k)) throw new GraphFailure(400, 'Request_BadRequest', `Invalid property '${k}'.`);
  }
  const next: Record<string, unknown> = { ...app };
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('@odata.')) continue;
    next[k] =
      APP_COMPLEX.has(k) && v && typeof v === 'object' && !Array.isArray(v)
        ? { ...((app as unknown as Record<string, unknown>)[k] as object | null), ...structuredClone(v) }
        : structuredClone(v);
  }
  const nextApp = next as unknown as Application;
  const oldScopes = app.api?.oauth2PermissionScopes ?? [];
  const newScopes = nextApp.api?.oauth2PermissionScopes ?? [];
  const oldRoles = app.appRoles ?? [];
  const newRoles = nextApp.appRoles ?? [];
  const dup = (values: (string | null | undefined)[]) => {
    const seen = new Set<string>();
    return values.some((v) => {
      if (v == null || v === '') return false;
      if (seen.has(v)) return true;
      seen.add(v);
      return false;
    });
  };
  if (
    dup(newScopes.map((s) => s.id)) ||
    dup(newRoles.map((r) => r.id)) ||
    dup(newScopes.map((s) => s.value)) ||
    dup(newRoles.map((r) => r.value)) ||
    dup([...new Set(newScopes.map((s) => s.value))].concat([...new Set(newRoles.map((r) => r.value))]))
  ) {
    throw new GraphFailure(400, 'DuplicateValue', 'Request contains a property with duplicate values.');
  }
  const changedEnabled = <T extends { id?: string | null; isEnabled?: boolean | null }>(
    before: T[],
    after: T[],
    fields: (keyof T)[],
  ) =>
    before.some((old) => {
      if (old.isEnabled === false) return false;
      const now = after.find((n) => n.id === old.id);
      if (!now) return true;
      return fields.some((f) => JSON.stringify(old[f] ?? null) !== JSON.stringify(now[f] ?? null));
    });
  if (
    changedEnabled(oldScopes, newScopes, ['value', 'type']) ||
    changedEnabled(oldRoles, newRoles, ['value', 'allowedMemberTypes'])
  ) {
    throw new GraphFailure(
      400,
      'CannotDeleteOrUpdateEnabledEntitlement',
      'Permission (scope or role) cannot be deleted or updated unless disabled first.',
    );
  }
  validateApplication(tenant, nextApp, app, new Set(Object.keys(patch)));
  Object.assign(app, next);
  const sp = tenant.servicePrincipals.find((s) => s.appId === app.appId);
  if (sp) syncServicePrincipal(sp, app);
  return { status: 204, headers: {} };
}

/** Keeps a service principal's copies of its application's properties in step after a PATCH. */
export function syncServicePrincipal(sp: ServicePrincipal, app: Application): void {
  sp.displayName = app.displayName;
  sp.appDisplayName = app.displayName;
  sp.appRoles = structuredClone(app.appRoles ?? []);
  sp.oauth2PermissionScopes = structuredClone(app.api?.oauth2PermissionScopes ?? []);
  sp.servicePrincipalNames = [...(app.identifierUris ?? []), app.appId];
  sp.replyUrls = [
    ...(app.web?.redirectUris ?? []),
    ...(app.spa?.redirectUris ?? []),
    ...(app.publicClient?.redirectUris ?? []),
  ];
  sp.tags = [...(app.tags ?? [])];
}
