// The permission catalogue file (`.entra/catalog.json`): the scopes and app roles of a tenant's
// service principals as facts only (ids, values, types), as `entra-workbench catalog pull` writes
// it and as the explorer's name cache holds it. `lint` and the editor read it so that permissions
// of the tenant's own APIs are checked and named like Microsoft Graph's.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { isGuid } from '../entra/ids';
import { strictJsonMistake } from '../text/jsonSyntax';
import { english, type Localizer } from '../text/localizer';
import { StaticPermissionCatalog, RESOURCE_ALIASES, builtInCatalog, combineCatalogs } from './catalog';
import type { ServicePrincipalLike } from './catalog';
import type { PermissionCatalog, PermissionInfo } from './types';

/** The `format` field of every catalogue file this version reads and writes. */
export const CATALOG_FILE_FORMAT = 'entra-workbench-permission-catalog/1';

/** Where a workspace keeps its tenant catalogue, relative to the workspace (or working) folder. */
export const WORKSPACE_CATALOG_PATH = '.entra/catalog.json';

/** One permission: a delegated scope or an app role that applications can be granted. */
export interface CatalogFilePermission {
  readonly id: string;
  readonly value: string;
  readonly type: 'Scope' | 'Role';
  /** Scopes only: admin consent is required (Graph `type: "Admin"`). Roles always need it. */
  readonly adminConsentRequired?: boolean;
  /** Written only when false (a disabled permission cannot be granted any more). */
  readonly enabled?: boolean;
}

/** One API (resource application) as its service principal defines it. */
export interface CatalogFileResource {
  readonly appId: string;
  readonly displayName: string;
  readonly permissions: readonly CatalogFilePermission[];
}

/** The whole file. */
export interface CatalogFile {
  readonly format: typeof CATALOG_FILE_FORMAT;
  /** The tenant the service principals were read from, when known. */
  readonly tenantId?: string;
  /** When the file was written (ISO 8601). */
  readonly pulledAt?: string;
  readonly resources: readonly CatalogFileResource[];
}

/** Upper bounds that keep reading a file linear and small whatever it holds. */
const MAX_RESOURCES = 50_000;
const MAX_PERMISSIONS = 500_000;
const MAX_STRING = 1_000;

/**
 * The file's content for a list of service principals (as Graph returns them). Scopes and the app
 * roles that applications can hold (allowedMemberTypes includes "Application") are kept; entries
 * without id or value are left out. Resources are sorted by appId and permissions by value, so
 * pulling an unchanged tenant writes the same bytes.
 */
export function catalogFileFromServicePrincipals(
  sps: Iterable<ServicePrincipalLike>,
  meta: { tenantId?: string; pulledAt?: string } = {},
): CatalogFile {
  const byAppId = new Map<string, CatalogFileResource>();
  for (const sp of sps) {
    // Read as untrusted JSON: a field of the wrong type is left out, never copied.
    const appId = text(sp.appId);
    if (!appId || !isGuid(appId) || byAppId.has(appId.toLowerCase())) continue;
    const permissions: CatalogFilePermission[] = [];
    for (const s of list(sp.oauth2PermissionScopes)) {
      const id = text(s?.id);
      const value = text(s?.value);
      if (!id || !isGuid(id) || !value) continue;
      permissions.push(
        withEnabled({ id, value, type: 'Scope', adminConsentRequired: s.type === 'Admin' }, s.isEnabled),
      );
    }
    for (const r of list(sp.appRoles)) {
      const id = text(r?.id);
      const value = text(r?.value);
      const members = list(r?.allowedMemberTypes);
      if (!id || !isGuid(id) || !value || (r.allowedMemberTypes != null && !members.includes('Application'))) continue;
      permissions.push(withEnabled({ id, value, type: 'Role' }, r.isEnabled));
    }
    permissions.sort((a, b) => compare(a.value, b.value) || compare(a.type, b.type));
    byAppId.set(appId.toLowerCase(), { appId, displayName: text(sp.displayName) || appId, permissions });
  }
  const resources = [...byAppId.values()].sort((a, b) => compare(a.appId.toLowerCase(), b.appId.toLowerCase()));
  return {
    format: CATALOG_FILE_FORMAT,
    ...(meta.tenantId ? { tenantId: meta.tenantId } : {}),
    ...(meta.pulledAt ? { pulledAt: meta.pulledAt } : {}),
    resources,
  };
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.length <= MAX_STRING ? v : undefined;
}

function list<T>(v: readonly T[] | null | undefined): readonly T[] {
  return Array.isArray(v) ? v : [];
}

function withEnabled(p: CatalogFilePermission, isEnabled: boolean | null | undefined): CatalogFilePermission {
  return isEnabled === false ? { ...p, enabled: false } : p;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The file's text: strict JSON, two-space indentation, one trailing newline. */
export function serializeCatalogFile(file: CatalogFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * Reads a catalogue file's text. Answers the file or the reason it cannot be used (not JSON, an
 * unknown format, a malformed entry: the first one found is named), in the language of `l10n`
 * (English by default); JSON paths and names in it are as written. Strings longer than 1,000
 * characters and files over the size bounds are refused, so nothing a file holds costs more than
 * linear time.
 */
export function parseCatalogFile(
  text: string,
  l10n: Localizer<l10n.L10nReplacement> = english,
): { file: CatalogFile } | { error: string } {
  let data: unknown;
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    data = JSON.parse(json);
  } catch (err) {
    // In words where the mistake is; the engine's own (English) message only when that finds none.
    const mistake = strictJsonMistake(json, l10n);
    return {
      error: mistake
        ? l10n.t('it is not JSON: {0} at line {1}, column {2}', mistake.what, mistake.line, mistake.column)
        : l10n.t('it is not JSON ({0})', err instanceof Error ? err.message : String(err)),
    };
  }
  if (!isObject(data)) return { error: l10n.t('its top-level value is not an object') };
  if (data.format !== CATALOG_FILE_FORMAT)
    return {
      error: l10n.t(
        '{0} is {1}, expected {2} (write it with {3})',
        '"format"',
        JSON.stringify(typeof data.format === 'string' ? data.format.slice(0, 60) : (data.format ?? null)),
        `"${CATALOG_FILE_FORMAT}"`,
        '"catalog pull"',
      ),
    };
  if (!Array.isArray(data.resources)) return { error: l10n.t('{0} is not an array', '"resources"') };
  if (data.resources.length > MAX_RESOURCES) return { error: l10n.t('more than {0} resources', MAX_RESOURCES) };
  const resources: CatalogFileResource[] = [];
  let total = 0;
  for (let i = 0; i < data.resources.length; i++) {
    const r: unknown = data.resources[i];
    const where = `resources[${i}]`;
    if (!isObject(r)) return { error: l10n.t('{0} is not an object', where) };
    if (!isGuidString(r.appId)) return { error: l10n.t('{0} is not a GUID', `${where}.appId`) };
    if (!isShortString(r.displayName)) return { error: l10n.t('{0} is not a string', `${where}.displayName`) };
    if (!Array.isArray(r.permissions)) return { error: l10n.t('{0} is not an array', `${where}.permissions`) };
    total += r.permissions.length;
    if (total > MAX_PERMISSIONS) return { error: l10n.t('more than {0} permissions', MAX_PERMISSIONS) };
    const permissions: CatalogFilePermission[] = [];
    for (let j = 0; j < r.permissions.length; j++) {
      const p: unknown = r.permissions[j];
      const at = `${where}.permissions[${j}]`;
      if (!isObject(p)) return { error: l10n.t('{0} is not an object', at) };
      if (!isGuidString(p.id)) return { error: l10n.t('{0} is not a GUID', `${at}.id`) };
      if (!isShortString(p.value) || p.value === '') return { error: l10n.t('{0} is not a string', `${at}.value`) };
      if (p.type !== 'Scope' && p.type !== 'Role')
        return { error: l10n.t('{0} is neither {1} nor {2}', `${at}.type`, '"Scope"', '"Role"') };
      if (p.adminConsentRequired !== undefined && typeof p.adminConsentRequired !== 'boolean')
        return { error: l10n.t('{0} is not a boolean', `${at}.adminConsentRequired`) };
      if (p.enabled !== undefined && typeof p.enabled !== 'boolean')
        return { error: l10n.t('{0} is not a boolean', `${at}.enabled`) };
      permissions.push({
        id: p.id,
        value: p.value,
        type: p.type,
        ...(p.adminConsentRequired !== undefined ? { adminConsentRequired: p.adminConsentRequired } : {}),
        ...(p.enabled !== undefined ? { enabled: p.enabled } : {}),
      });
    }
    resources.push({ appId: r.appId, displayName: r.displayName, permissions });
  }
  return {
    file: {
      format: CATALOG_FILE_FORMAT,
      ...(isShortString(data.tenantId) ? { tenantId: data.tenantId } : {}),
      ...(isShortString(data.pulledAt) ? { pulledAt: data.pulledAt } : {}),
      resources,
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isShortString(v: unknown): v is string {
  return typeof v === 'string' && v.length <= MAX_STRING;
}

function isGuidString(v: unknown): v is string {
  return typeof v === 'string' && isGuid(v);
}

/**
 * The catalogue a file describes, then `fallback` (the built-in one unless told otherwise). Each
 * resource of the file is complete: its service principal carries every scope and role it defines,
 * so a permission id it does not list is an error in a manifest.
 */
export function catalogFromFile(
  file: CatalogFile,
  fallback: PermissionCatalog | undefined = builtInCatalog(),
): PermissionCatalog {
  const resources = file.resources.map((r) => {
    const scopes: PermissionInfo[] = [];
    const roles: PermissionInfo[] = [];
    for (const p of r.permissions) {
      const info: PermissionInfo = {
        id: p.id,
        value: p.value,
        type: p.type,
        adminConsentRequired: p.type === 'Role' ? true : p.adminConsentRequired === true,
        enabled: p.enabled !== false,
      };
      (p.type === 'Scope' ? scopes : roles).push(info);
    }
    return { appId: r.appId, displayName: r.displayName, scopes, roles, complete: true };
  });
  const own = new StaticPermissionCatalog(resources, RESOURCE_ALIASES);
  return fallback ? combineCatalogs(own, fallback) : own;
}
