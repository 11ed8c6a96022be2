// The one built-in permission table: Microsoft Graph's delegated and application permissions and
// the names of common first-party APIs, from the generated file (scripts/generate-catalog.ts).
// Decoded once, when the module loads, into frozen tables. A tenant's own service principals stay the authority when known.
import { CATALOG_SOURCE, FIRST_PARTY_APIS, GRAPH_ROLES, GRAPH_SCOPES } from './permissions.generated';

export { CATALOG_SOURCE };

export { MICROSOFT_GRAPH_APP_ID } from './ids';

export interface BuiltInPermission {
  readonly id: string;
  readonly value: string;
  readonly type: 'Scope' | 'Role';
  /** Scopes: admin consent required ("Admin"); roles always need it. */
  readonly adminConsentRequired: boolean;
}

/** Every Microsoft Graph permission of the generated table, decoded once when the module loads. */
const GRAPH_PERMISSIONS: {
  readonly scopes: readonly BuiltInPermission[];
  readonly roles: readonly BuiltInPermission[];
} = Object.freeze({
  scopes: Object.freeze(
    GRAPH_SCOPES.split(';').map((row): BuiltInPermission => {
      const [id, value, who] = row.split(',') as [string, string, string];
      return Object.freeze({ id, value, type: 'Scope' as const, adminConsentRequired: who === 'A' });
    }),
  ),
  roles: Object.freeze(
    GRAPH_ROLES.split(';').map((row): BuiltInPermission => {
      const [id, value] = row.split(',') as [string, string];
      return Object.freeze({ id, value, type: 'Role' as const, adminConsentRequired: true });
    }),
  ),
});

/** appId (lower case) -> name, decoded once when the module loads; a read-only view. */
const FIRST_PARTY: ReadonlyMap<string, string> = new Map(
  FIRST_PARTY_APIS.split(';').map((row) => {
    const comma = row.indexOf(',');
    return [row.slice(0, comma), row.slice(comma + 1)] as const;
  }),
);

/** Every Microsoft Graph permission of the generated table. */
export function builtInGraphPermissions(): {
  readonly scopes: readonly BuiltInPermission[];
  readonly roles: readonly BuiltInPermission[];
} {
  return GRAPH_PERMISSIONS;
}

/** appId (lower case) -> name of the first-party APIs manifests commonly request. */
export function firstPartyApis(): ReadonlyMap<string, string> {
  return FIRST_PARTY;
}

/** "data of 2026-08-20 (merill/microsoft-info)": for --help and the about box. */
export function catalogDateLine(): string {
  const { scopes, roles } = builtInGraphPermissions();
  return `built-in permission catalogue: ${scopes.length + roles.length} Microsoft Graph permissions, data of ${CATALOG_SOURCE.date} (${CATALOG_SOURCE.dataSet})`;
}
