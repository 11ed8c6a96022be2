// Microsoft Graph's service principal in the emulated tenant: its app roles and scopes from the
// shared permission data when present, else the built-in subset.
import type * as MG from '@microsoft/microsoft-graph-types';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from './scenario.js';

interface CatalogRole {
  Id: string;
  Value: string;
  DisplayName: string;
  Description: string;
  AllowedMemberTypes: string[];
  IsEnabled: boolean;
}
interface CatalogScope {
  Id: string;
  Value: string;
  Type: string;
  IsEnabled: boolean;
  AdminConsentDisplayName: string;
  AdminConsentDescription: string;
  UserConsentDisplayName: string | null;
  UserConsentDescription: string | null;
}

/** Loads the full Microsoft Graph permission list from ../shared/data/microsoft-info when it exists. */
export function loadGraphCatalog(
  dir = join(sharedDir, 'data/microsoft-info'),
): { appRoles: MG.AppRole[]; scopes: MG.PermissionScope[] } | undefined {
  const rolesFile = join(dir, 'GraphAppRoles.json');
  const scopesFile = join(dir, 'GraphDelegateRoles.json');
  if (!existsSync(rolesFile) || !existsSync(scopesFile)) return undefined;
  const roles = JSON.parse(readFileSync(rolesFile, 'utf8')) as CatalogRole[];
  const scopes = JSON.parse(readFileSync(scopesFile, 'utf8')) as CatalogScope[];
  return {
    appRoles: roles.map((r) => ({
      id: r.Id,
      value: r.Value,
      displayName: r.DisplayName,
      description: r.Description,
      allowedMemberTypes: r.AllowedMemberTypes,
      isEnabled: r.IsEnabled,
      origin: 'Application',
    })),
    scopes: scopes.map((s) => ({
      id: s.Id,
      value: s.Value,
      type: s.Type,
      isEnabled: s.IsEnabled,
      adminConsentDisplayName: s.AdminConsentDisplayName,
      adminConsentDescription: s.AdminConsentDescription,
      userConsentDisplayName: s.UserConsentDisplayName,
      userConsentDescription: s.UserConsentDescription,
    })),
  };
}

export function mergeById<T extends { id?: string | null }>(base: T[], extra: T[]): T[] {
  const seen = new Set(base.map((x) => x.id));
  return [...base, ...extra.filter((x) => !seen.has(x.id))];
}
