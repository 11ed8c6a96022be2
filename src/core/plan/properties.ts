// What the plan knows about the application resource (facts §1, §7.1): which properties it
// writes, which are read-only or written through actions, which are complex types (sent whole in
// a PATCH, built from the tenant's value plus the edit), how collection items are identified, and
// the order the admin center's manifest editor shows the keys in.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../text/localizer';
import type { Json, JsonObject } from './types';

type L10n = Localizer<l10n.L10nReplacement>;

/** Server-set or read-only properties: never written; a differing value gets this note. */
export const READ_ONLY_NOTES: ReadonlyMap<string, (l10n: L10n) => string> = new Map([
  ['id', (l10n: L10n) => l10n.t('the object id is set by Entra')],
  ['appId', (l10n: L10n) => l10n.t('the application (client) id is set by Entra')],
  ['createdDateTime', (l10n: L10n) => l10n.t('set by Entra')],
  ['deletedDateTime', (l10n: L10n) => l10n.t('set by Entra when the app is deleted')],
  ['publisherDomain', (l10n: L10n) => l10n.t('set by Entra from the verified domains')],
  ['applicationTemplateId', (l10n: L10n) => l10n.t('read-only')],
  ['createdByAppId', (l10n: L10n) => l10n.t('read-only')],
  ['disabledByMicrosoftStatus', (l10n: L10n) => l10n.t('set by Microsoft')],
  ['certification', (l10n: L10n) => l10n.t('read-only')],
  ['verifiedPublisher', (l10n: L10n) => l10n.t('set through setVerifiedPublisher, not by PATCH')],
  [
    'passwordCredentials',
    (l10n: L10n) =>
      l10n.t(
        'client secrets are not written by PATCH: use `secret add` / `secret remove` (addPassword / removePassword)',
      ),
  ],
  ['defaultRedirectUri', (l10n: L10n) => l10n.t('beta-only property, not written through Graph v1.0')],
  ['isDisabled', (l10n: L10n) => l10n.t('beta-only property, not written through Graph v1.0')],
  ['@odata.context', (l10n: L10n) => l10n.t('response metadata')],
]);

/** Read-only members of complex properties (stripped from the PATCH body), with their note. */
export const READ_ONLY_NESTED: ReadonlyMap<string, ReadonlyMap<string, (l10n: L10n) => string>> = new Map([
  [
    'info',
    new Map([
      ['logoUrl', (l10n: L10n) => l10n.t('the logo URL is set by uploading a logo (PUT /applications/{id}/logo)')],
    ]),
  ],
]);

/** Complex-typed properties: a PATCH sends the whole value (tenant's value plus the edit). */
export const COMPLEX: ReadonlySet<string> = new Set([
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

/** Properties of the application resource this plan writes with PATCH. */
export const WRITABLE: ReadonlySet<string> = new Set([
  'displayName',
  'description',
  'notes',
  'signInAudience',
  'identifierUris',
  'groupMembershipClaims',
  'isDeviceOnlyAuthSupported',
  'isFallbackPublicClient',
  'oauth2RequirePostResponse',
  'nativeAuthenticationApisEnabled',
  'serviceManagementReference',
  'tags',
  'tokenEncryptionKeyId',
  'uniqueName',
  'samlMetadataUrl',
  'addIns',
  'appRoles',
  'keyCredentials',
  'requiredResourceAccess',
  'managerApplications',
  ...COMPLEX,
]);

/**
 * How items of a collection are identified, by the collection's path (numeric indexes removed).
 * Collections without an entry are compared as one value.
 */
export const ITEM_KEYS: ReadonlyMap<string, string> = new Map([
  ['api.oauth2PermissionScopes', 'id'],
  ['appRoles', 'id'],
  ['keyCredentials', 'keyId'],
  ['addIns', 'id'],
  ['requiredResourceAccess', 'resourceAppId'],
  ['requiredResourceAccess.resourceAccess', 'id'],
  ['api.preAuthorizedApplications', 'appId'],
  ['optionalClaims.idToken', 'name'],
  ['optionalClaims.accessToken', 'name'],
  ['optionalClaims.saml2Token', 'name'],
]);

/** Collections of strings compared as sets (order kept from the tenant, new values appended). */
export const VALUE_SETS: ReadonlySet<string> = new Set([
  'identifierUris',
  'tags',
  'web.redirectUris',
  'spa.redirectUris',
  'publicClient.redirectUris',
  'api.knownClientApplications',
  'managerApplications',
]);

/** Fields of an enabled scope / app role that cannot change before it is disabled (as the disable-first rule). */
export const SCOPE_GUARDED = [
  'value',
  'type',
  'adminConsentDescription',
  'adminConsentDisplayName',
  'userConsentDescription',
  'userConsentDisplayName',
];
export const ROLE_GUARDED = ['value', 'displayName', 'description', 'allowedMemberTypes'];

/** The order of the keys in Graph's answer, which the admin center's manifest editor shows. */
export const MANIFEST_KEY_ORDER: readonly string[] = [
  'id',
  'deletedDateTime',
  'appId',
  'applicationTemplateId',
  'disabledByMicrosoftStatus',
  'createdDateTime',
  'displayName',
  'description',
  'groupMembershipClaims',
  'identifierUris',
  'isDeviceOnlyAuthSupported',
  'isFallbackPublicClient',
  'nativeAuthenticationApisEnabled',
  'notes',
  'publisherDomain',
  'serviceManagementReference',
  'signInAudience',
  'tags',
  'tokenEncryptionKeyId',
  'uniqueName',
  'samlMetadataUrl',
  'defaultRedirectUri',
  'certification',
  'optionalClaims',
  'servicePrincipalLockConfiguration',
  'requestSignatureVerification',
  'addIns',
  'api',
  'appRoles',
  'info',
  'keyCredentials',
  'parentalControlSettings',
  'passwordCredentials',
  'publicClient',
  'requiredResourceAccess',
  'verifiedPublisher',
  'web',
  'spa',
];

/** The manifest of an application object: OData annotations dropped, keys in the admin center's order (others after, as given). */
export function toManifest(app: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of MANIFEST_KEY_ORDER) if (k in app) out[k] = app[k] as Json;
  for (const [k, v] of Object.entries(app)) if (!(k in out) && !k.startsWith('@odata.')) out[k] = v;
  return out;
}

export const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Deep equality of JSON values; object key order does not matter. */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Null, absent and an empty collection mean the same to Graph for optional values. */
export function sameValue(a: Json | undefined, b: Json | undefined): boolean {
  const empty = (v: Json | undefined) => v === undefined || v === null;
  if (empty(a) && empty(b)) return true;
  return jsonEqual(a, b);
}
