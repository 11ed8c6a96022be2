// Fixes for audit findings that have one clear remedy. `auditFix` reads the finding against the app
// as the audit saw it and names what to change by identity (a credential's keyId, a redirect URI and
// its platform), so the fix still hits the right item when the app changed since; `fixEdit` builds
// the partial manifest of that change from the app as the tenant has it now, for the plan engine.
// Client secrets are not written by PATCH: their fix is a removePassword action. Pure.
import { fromPointer } from '../manifest/json';
import { isObject } from '../plan/properties';
import { platformLabels, redirectUriEdit, removeCertificateEdit, type RedirectPlatform } from '../plan/edits';
import type { JsonObject } from '../plan/types';
import type { AuditFinding } from './types';

export type AuditFix =
  | { readonly kind: 'removeSecret'; readonly label: string; readonly keyId: string; readonly name: string }
  | { readonly kind: 'removeCertificate'; readonly label: string; readonly keyId: string; readonly name: string }
  | {
      readonly kind: 'removeRedirectUri';
      readonly label: string;
      readonly platform: RedirectPlatform;
      readonly uri: string;
    }
  | {
      readonly kind: 'replaceRedirectUri';
      readonly label: string;
      readonly platform: RedirectPlatform;
      readonly uri: string;
      readonly replacement: string;
    }
  | { readonly kind: 'disableImplicitAccessTokens'; readonly label: string }
  | { readonly kind: 'accessTokenVersion2'; readonly label: string };

/** Rules with a fix (some findings of them may still have none, e.g. a custom-scheme URI). */
export const FIXABLE_RULES: ReadonlySet<string> = new Set([
  'audit-credential-expired',
  'audit-redirect-uri-tunnel',
  'redirect-uri-wildcard',
  'redirect-uri-scheme',
  'implicit-access-token',
  'token-version-personal',
  'token-version-v1-custom-uri',
]);

const PLATFORMS: readonly RedirectPlatform[] = ['web', 'spa', 'publicClient'];

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The item a pointer names (`/a/0/b`), or undefined. */
function at(json: unknown, segments: readonly string[]): unknown {
  let v: unknown = json;
  for (const s of segments) {
    if (Array.isArray(v)) v = /^(0|[1-9]\d*)$/.test(s) ? v[Number(s)] : undefined;
    else if (v !== null && typeof v === 'object')
      v = Object.hasOwn(v, s) ? (v as Record<string, unknown>)[s] : undefined;
    else return undefined;
  }
  return v;
}

function credentialFix(finding: AuditFinding, app: Readonly<Record<string, unknown>>): AuditFix | undefined {
  const [key, index] = fromPointer(finding.path);
  if ((key !== 'passwordCredentials' && key !== 'keyCredentials') || index === undefined) return undefined;
  const cred = at(app, [key, index]);
  const keyId = isObject(cred) ? str(cred.keyId) : undefined;
  if (!isObject(cred) || !keyId) return undefined;
  const name = str(cred.displayName) || keyId;
  return key === 'passwordCredentials'
    ? { kind: 'removeSecret', label: `Remove the expired client secret "${name}"`, keyId, name }
    : { kind: 'removeCertificate', label: `Remove the expired certificate "${name}"`, keyId, name };
}

function redirectUriAt(
  finding: AuditFinding,
  app: Readonly<Record<string, unknown>>,
): { platform: RedirectPlatform; uri: string } | undefined {
  const [platform, list, index] = fromPointer(finding.path);
  if (!PLATFORMS.includes(platform as RedirectPlatform) || list !== 'redirectUris' || index === undefined)
    return undefined;
  const uri = str(at(app, [platform!, list, index]));
  return uri ? { platform: platform as RedirectPlatform, uri } : undefined;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1']);

/**
 * The fix of a finding, read against the app the audit checked (`app`: the application object as
 * Graph returned it); undefined when the finding has no single clear remedy.
 */
export function auditFix(finding: AuditFinding, app: Readonly<Record<string, unknown>>): AuditFix | undefined {
  switch (finding.ruleId) {
    case 'audit-credential-expired':
      return credentialFix(finding, app);
    case 'audit-redirect-uri-tunnel':
    case 'redirect-uri-wildcard': {
      const r = redirectUriAt(finding, app);
      return r
        ? { kind: 'removeRedirectUri', label: `Remove the ${platformLabels[r.platform]} redirect URI ${r.uri}`, ...r }
        : undefined;
    }
    case 'redirect-uri-scheme': {
      const r = redirectUriAt(finding, app);
      const m = r ? /^http:\/\/([^/?#:]*)/i.exec(r.uri) : null;
      if (!r || !m || LOOPBACK.has(m[1]!.toLowerCase())) return undefined;
      const replacement = `https${r.uri.slice(r.uri.indexOf(':'))}`;
      return { kind: 'replaceRedirectUri', label: `Change ${r.uri} to ${replacement}`, ...r, replacement };
    }
    case 'implicit-access-token':
      // The live app is in Graph's format: the flag is web.implicitGrantSettings.enableAccessTokenIssuance.
      return at(app, ['web', 'implicitGrantSettings', 'enableAccessTokenIssuance']) === true
        ? { kind: 'disableImplicitAccessTokens', label: 'Turn off access tokens from the implicit grant' }
        : undefined;
    case 'token-version-personal':
    case 'token-version-v1-custom-uri':
      return { kind: 'accessTokenVersion2', label: 'Set api.requestedAccessTokenVersion to 2' };
    default:
      return undefined;
  }
}

/**
 * The partial manifest that makes the fix on the app as it is now (`live`), for the plan engine;
 * undefined for fixes that are not a PATCH (client secrets) or when there is nothing left to do
 * (the item is gone already).
 */
export function fixEdit(fix: AuditFix, live: JsonObject): JsonObject | undefined {
  switch (fix.kind) {
    case 'removeSecret':
      return undefined;
    case 'removeCertificate': {
      const keys = Array.isArray(live.keyCredentials) ? live.keyCredentials : [];
      const present = keys.some((k) => isObject(k) && str(k.keyId)?.toLowerCase() === fix.keyId.toLowerCase());
      return present ? removeCertificateEdit(live, fix.keyId) : undefined;
    }
    case 'removeRedirectUri':
    case 'replaceRedirectUri': {
      const platform = isObject(live[fix.platform]) ? (live[fix.platform] as JsonObject) : {};
      const uris = Array.isArray(platform.redirectUris) ? platform.redirectUris : [];
      if (!uris.includes(fix.uri)) return undefined;
      const removed = redirectUriEdit(live, fix.platform, fix.uri, false);
      if (fix.kind === 'removeRedirectUri') return removed;
      const rest = (removed[fix.platform] as JsonObject).redirectUris as string[];
      return {
        [fix.platform]: { redirectUris: rest.includes(fix.replacement) ? rest : [...rest, fix.replacement] },
      };
    }
    case 'disableImplicitAccessTokens': {
      const web = isObject(live.web) ? live.web : {};
      const settings = isObject(web.implicitGrantSettings) ? web.implicitGrantSettings : {};
      if (settings.enableAccessTokenIssuance !== true) return undefined;
      return { web: { implicitGrantSettings: { ...settings, enableAccessTokenIssuance: false } } };
    }
    case 'accessTokenVersion2': {
      const api = isObject(live.api) ? live.api : {};
      if (api.requestedAccessTokenVersion === 2) return undefined;
      return { api: { requestedAccessTokenVersion: 2 } };
    }
  }
}

/** The secret a `removeSecret` fix removes is still on the app (`live`). */
export function secretPresent(fix: AuditFix & { kind: 'removeSecret' }, live: JsonObject): boolean {
  const list = Array.isArray(live.passwordCredentials) ? live.passwordCredentials : [];
  return list.some((c) => isObject(c) && str(c.keyId)?.toLowerCase() === fix.keyId.toLowerCase());
}
