// Legacy Azure AD Graph manifest -> Microsoft Graph format (facts §2), as one whole-document edit.
import type { TextEdit } from './types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keys come from the document: only own properties count, and "__proto__" is set as a plain property. */
const has = (o: object, key: string): boolean => Object.hasOwn(o, key);

function setOwn(obj: JsonObject, key: string, value: Json): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function assignOwn(target: JsonObject, source: JsonObject): void {
  for (const [k, v] of Object.entries(source)) setOwn(target, k, v);
}

function section(out: JsonObject, name: string): JsonObject {
  const existing = has(out, name) ? out[name] : undefined;
  if (isObject(existing)) return existing;
  const created: JsonObject = {};
  out[name] = created;
  return created;
}

function renameFields(items: Json | undefined, renames: Readonly<Record<string, string | null>>): Json | undefined {
  if (!Array.isArray(items)) return items;
  return items.map((item) => {
    if (!isObject(item)) return item;
    const copy: JsonObject = {};
    for (const [k, v] of Object.entries(item)) {
      const target = has(renames, k) ? renames[k] : k;
      if (target === null || target === undefined) continue;
      if (!has(copy, target)) setOwn(copy, target, v);
    }
    return copy;
  });
}

/**
 * Converts a legacy manifest value (or a Graph manifest with stray legacy keys) to the Microsoft
 * Graph format. Keys keep their order; grouped properties (api, web, info...) appear where the
 * first of their legacy keys was. Secrets (`passwordCredentials[].value`) are dropped.
 */
export function convertLegacyToGraph(legacy: JsonObject): JsonObject {
  const out: JsonObject = {};
  // The URIs already in each platform's list (a set per list: tens of thousands stay linear).
  const seen = new Map<Json[], Set<Json>>();
  const addUnique = (platform: string, uri: string): void => {
    const list = section(out, platform);
    const uris = Array.isArray(list.redirectUris) ? list.redirectUris : (list.redirectUris = []);
    let set = seen.get(uris);
    if (!set) seen.set(uris, (set = new Set(uris)));
    if (set.has(uri)) return;
    set.add(uri);
    uris.push(uri);
  };
  for (const [key, value] of Object.entries(legacy)) {
    switch (key) {
      case 'name':
        if (!has(legacy, 'displayName')) out.displayName = value;
        break;
      case 'displayName':
        out.displayName = value;
        break;
      case 'objectId':
        if (!has(legacy, 'id')) out.id = value;
        break;
      case 'accessTokenAcceptedVersion':
        section(out, 'api').requestedAccessTokenVersion = value;
        break;
      case 'acceptMappedClaims':
      case 'knownClientApplications':
        section(out, 'api')[key] = value;
        break;
      case 'preAuthorizedApplications':
        section(out, 'api').preAuthorizedApplications =
          renameFields(value, { permissionIds: 'delegatedPermissionIds' }) ?? [];
        break;
      case 'oauth2Permissions':
        section(out, 'api').oauth2PermissionScopes = renameFields(value, { lang: null, origin: null }) ?? [];
        break;
      case 'allowPublicClient':
        out.isFallbackPublicClient = value;
        break;
      case 'publicClient':
        if (isObject(value)) mergeRedirects(out, 'publicClient', value);
        else out.isFallbackPublicClient = value;
        break;
      case 'availableToOtherTenants':
        if (!has(legacy, 'signInAudience') && typeof value === 'boolean')
          out.signInAudience = value ? 'AzureADMultipleOrgs' : 'AzureADMyOrg';
        break;
      case 'informationalUrls':
        if (isObject(value)) {
          const info = section(out, 'info');
          const map: Record<string, string> = {
            termsOfService: 'termsOfServiceUrl',
            support: 'supportUrl',
            privacy: 'privacyStatementUrl',
            marketing: 'marketingUrl',
          };
          for (const [k, v] of Object.entries(value)) setOwn(info, has(map, k) ? map[k]! : k, v);
        }
        break;
      case 'logoUrl':
        section(out, 'info').logoUrl = value;
        break;
      case 'logoutUrl':
        section(out, 'web').logoutUrl = value;
        break;
      case 'signInUrl':
      case 'homepage':
        section(out, 'web').homePageUrl = value;
        break;
      case 'oauth2AllowImplicitFlow':
        section(section(out, 'web'), 'implicitGrantSettings').enableAccessTokenIssuance = value;
        break;
      case 'oauth2AllowIdTokenImplicitFlow':
        section(section(out, 'web'), 'implicitGrantSettings').enableIdTokenIssuance = value;
        break;
      case 'replyUrlsWithType':
        if (Array.isArray(value)) {
          const targets: Record<string, string> = { web: 'web', spa: 'spa', installedclient: 'publicClient' };
          if (value.length === 0) section(out, 'web').redirectUris ??= [];
          for (const entry of value) {
            if (!isObject(entry) || typeof entry.url !== 'string') continue;
            // Any other type (an object, a number...) goes to web, as a missing one does.
            const type = typeof entry.type === 'string' ? entry.type.toLowerCase() : '';
            const platform = Object.hasOwn(targets, type) ? targets[type]! : 'web';
            addUnique(platform, entry.url);
          }
        }
        break;
      case 'replyUrls':
        if (Array.isArray(value)) {
          section(out, 'web').redirectUris ??= [];
          for (const u of value) if (typeof u === 'string') addUnique('web', u);
        }
        break;
      case 'keyCredentials':
        out.keyCredentials =
          renameFields(value, { startDate: 'startDateTime', endDate: 'endDateTime', value: 'key' }) ?? [];
        break;
      case 'passwordCredentials':
        out.passwordCredentials =
          renameFields(value, { startDate: 'startDateTime', endDate: 'endDateTime', value: null, createdOn: null }) ??
          [];
        break;
      case 'errorUrl':
      case 'oauth2AllowUrlPathMatching':
      case 'orgRestrictions':
        break;
      case 'api':
      case 'web':
      case 'spa':
      case 'info':
        if (isObject(value)) assignOwn(section(out, key), value);
        else out[key] = value;
        break;
      default:
        if (!has(out, key)) setOwn(out, key, value);
    }
  }
  return out;
}

function mergeRedirects(out: JsonObject, name: string, value: JsonObject): void {
  assignOwn(section(out, name), value);
}

/** The indentation a document uses (its first indented line), defaulting to two spaces. */
export function detectIndent(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1]! : '  ';
}

/** One edit replacing the whole document (after a BOM, which stays) with its Graph-format form. */
export function legacyConversionEdit(text: string, value: unknown): TextEdit | undefined {
  if (!isObject(value as Json)) return undefined;
  const converted = convertLegacyToGraph(value as JsonObject);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let body = JSON.stringify(converted, null, detectIndent(text));
  if (eol !== '\n') body = body.replace(/\n/g, eol);
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const trailing = /\r?\n$/.test(text) ? eol : '';
  return { offset: start, length: text.length - start, content: body + trailing };
}
