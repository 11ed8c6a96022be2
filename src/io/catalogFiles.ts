// Catalogue files: a complete Microsoft Graph catalogue from the public microsoft-info data set at
// run time (GraphDelegateRoles.json, GraphAppRoles.json, MicrosoftApps.json), and a tenant's
// catalogue written by `catalog pull` (.entra/catalog.json). Node only (reads files).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { WORKSPACE_CATALOG_PATH, catalogFromFile, parseCatalogFile } from '../core/manifest/catalogFile';
import {
  builtInCatalog,
  combineCatalogs,
  MICROSOFT_GRAPH_APP_ID,
  RESOURCE_ALIASES,
  StaticPermissionCatalog,
} from '../core/manifest/catalog';
import type { PermissionCatalog, PermissionInfo, ResourceInfo } from '../core/manifest/types';
import { english, type Localizer } from '../core/text/localizer';

interface DelegateEntry {
  Id?: string;
  Value?: string;
  Type?: string;
  AdminConsentDisplayName?: string;
  AdminConsentDescription?: string;
  IsEnabled?: boolean;
}
interface AppRoleEntry {
  Id?: string;
  Value?: string;
  DisplayName?: string;
  Description?: string;
  IsEnabled?: boolean;
  AllowedMemberTypes?: string[];
}
interface AppEntry {
  AppId?: string;
  AppDisplayName?: string;
}

function readArray<T>(file: string): T[] {
  const data: unknown = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  if (!Array.isArray(data)) throw new Error(`${file}: expected a JSON array`);
  return data as T[];
}

/**
 * Loads the catalogue from a microsoft-info folder. Microsoft Graph becomes a complete resource;
 * first-party apps are known by name. Throws when a file is missing or malformed.
 */
export function loadCatalogFromMicrosoftInfo(dir: string): PermissionCatalog {
  const scopes: PermissionInfo[] = readArray<DelegateEntry>(join(dir, 'GraphDelegateRoles.json')).flatMap((d) =>
    d.Id && d.Value
      ? [
          {
            id: d.Id,
            value: d.Value,
            type: 'Scope' as const,
            displayName: d.AdminConsentDisplayName,
            description: d.AdminConsentDescription,
            adminConsentRequired: d.Type === 'Admin',
            enabled: d.IsEnabled ?? true,
          },
        ]
      : [],
  );
  const roles: PermissionInfo[] = readArray<AppRoleEntry>(join(dir, 'GraphAppRoles.json')).flatMap((r) =>
    r.Id && r.Value
      ? [
          {
            id: r.Id,
            value: r.Value,
            type: 'Role' as const,
            displayName: r.DisplayName,
            description: r.Description,
            adminConsentRequired: true,
            enabled: r.IsEnabled ?? true,
          },
        ]
      : [],
  );
  const resources: (ResourceInfo & { complete: boolean })[] = [
    { appId: MICROSOFT_GRAPH_APP_ID, displayName: 'Microsoft Graph', scopes, roles, complete: true },
  ];
  const seen = new Set([MICROSOFT_GRAPH_APP_ID]);
  for (const app of readArray<AppEntry>(join(dir, 'MicrosoftApps.json'))) {
    if (!app.AppId || !app.AppDisplayName || seen.has(app.AppId.toLowerCase())) continue;
    seen.add(app.AppId.toLowerCase());
    resources.push({ appId: app.AppId, displayName: app.AppDisplayName, scopes: [], roles: [], complete: false });
  }
  return combineCatalogs(new StaticPermissionCatalog(resources, RESOURCE_ALIASES), builtInCatalog());
}

/**
 * Reads a catalogue file written by `catalog pull` (`.entra/catalog.json`): its APIs only, for the
 * caller to combine with others. Throws with the reason when the file cannot be read (a Node error)
 * or is not a catalogue file (an Error whose message is the reason in the language of `l10n`).
 */
export function loadCatalogFile(file: string, l10n: Localizer = english): PermissionCatalog {
  const parsed = parseCatalogFile(readFileSync(file, 'utf8'), l10n);
  if ('error' in parsed) throw new Error(parsed.error);
  return catalogFromFile(parsed.file, undefined);
}

/**
 * The workspace catalogue for a folder: `.entra/catalog.json` in the folder or the nearest of its
 * parents that has one; undefined when none has.
 */
export function findWorkspaceCatalog(dir: string): string | undefined {
  let here = resolve(dir);
  for (;;) {
    const candidate = join(here, WORKSPACE_CATALOG_PATH);
    if (existsSync(candidate)) return candidate;
    const up = dirname(here);
    if (up === here) return undefined;
    here = up;
  }
}
