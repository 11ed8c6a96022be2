// Names of well-known APIs by application id or App ID URI, so a token's audience reads as
// "Microsoft Graph" instead of a GUID. App ids come from the one built-in table (core/entra);
// callers may pass a larger catalogue (e.g. from the tenant).
import { firstPartyApis } from '../entra/permissions';

/** Looks up an API or client name by app id (GUID) or App ID URI. */
export interface ApiCatalog {
  nameOf(idOrUri: string): string | undefined;
}

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const AAD_GRAPH_APP_ID = '00000002-0000-0000-c000-000000000000';
/** Tenant of personal Microsoft accounts. */
export const MSA_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

const graphResources = ['https://graph.microsoft.com', 'https://graph.microsoft.us', 'https://dod-graph.microsoft.us', 'https://microsoftgraph.chinacloudapi.cn', 'https://canary.graph.microsoft.com'];

const builtIn: ReadonlyArray<readonly [string, string]> = [
  [GRAPH_APP_ID, 'Microsoft Graph'],
  ...graphResources.map((u) => [u, 'Microsoft Graph'] as const),
  [AAD_GRAPH_APP_ID, 'Azure AD Graph (retired)'],
  ['https://graph.windows.net', 'Azure AD Graph (retired)'],
  ['797f4846-ba00-4fd7-ba43-dac1f8f63013', 'Azure Resource Manager'],
  ['https://management.azure.com', 'Azure Resource Manager'],
  ['https://management.core.windows.net', 'Azure Service Management'],
  ['https://vault.azure.net', 'Azure Key Vault'],
  ['https://storage.azure.com', 'Azure Storage'],
  ['04b07795-8ddb-461a-bbee-02f9e1bf7b46', 'Microsoft Azure CLI'],
  ['1950a258-227b-4e31-a9cf-717495945fc2', 'Microsoft Azure PowerShell'],
];

function key(idOrUri: string): string {
  return idOrUri.trim().toLowerCase().replace(/\/+$/, '');
}

/** A catalogue from (app id or URI, name) pairs; the built-in entries are included unless told otherwise. */
export function createCatalog(entries: Iterable<readonly [string, string]> = [], includeBuiltIn = true): ApiCatalog {
  const map = new Map<string, string>();
  if (includeBuiltIn) {
    for (const [k, v] of firstPartyApis()) map.set(key(k), v);
    for (const [k, v] of builtIn) map.set(key(k), v);
  }
  for (const [k, v] of entries) map.set(key(k), v);
  return { nameOf: (idOrUri) => map.get(key(idOrUri)) };
}

export const defaultCatalog: ApiCatalog = createCatalog();

/** Whether an audience names Microsoft Graph (app id or any cloud's resource URI). */
export function isGraphAudience(aud: unknown): boolean {
  if (typeof aud !== 'string') return false;
  const k = key(aud);
  return k === GRAPH_APP_ID || graphResources.includes(k) || graphResources.some((g) => k.startsWith(`${g}/`));
}
