// Names of well-known APIs by application id or App ID URI, so a token's audience reads as
// "Microsoft Graph" instead of a GUID. App ids come from the one built-in table (core/entra);
// callers may pass a larger catalogue (e.g. from the tenant).
import { firstPartyApis } from '../entra/permissions';

import {
  AZURE_AD_GRAPH_APP_ID,
  AZURE_CLI_APP_ID,
  AZURE_POWERSHELL_APP_ID,
  AZURE_RESOURCE_MANAGER_APP_ID,
  FIRST_PARTY_APPS,
  MICROSOFT_GRAPH_APP_ID,
  MSA_TENANT_ID,
} from '../entra/ids';

/** Looks up an API or client name by app id (GUID) or App ID URI. */
export interface ApiCatalog {
  nameOf(idOrUri: string): string | undefined;
}

export { MICROSOFT_GRAPH_APP_ID as GRAPH_APP_ID, AZURE_AD_GRAPH_APP_ID as AAD_GRAPH_APP_ID, MSA_TENANT_ID };

const graphResources = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://dod-graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
  'https://canary.graph.microsoft.com',
];

const builtIn: ReadonlyArray<readonly [string, string]> = [
  [MICROSOFT_GRAPH_APP_ID, 'Microsoft Graph'],
  ...graphResources.map((u) => [u, 'Microsoft Graph'] as const),
  [AZURE_AD_GRAPH_APP_ID, 'Azure AD Graph (retired)'],
  ['https://graph.windows.net', 'Azure AD Graph (retired)'],
  [AZURE_RESOURCE_MANAGER_APP_ID, 'Azure Resource Manager'],
  ['https://management.azure.com', 'Azure Resource Manager'],
  ['https://management.core.windows.net', 'Azure Service Management'],
  ['https://vault.azure.net', 'Azure Key Vault'],
  ['https://storage.azure.com', 'Azure Storage'],
  [AZURE_CLI_APP_ID, FIRST_PARTY_APPS.get(AZURE_CLI_APP_ID)!],
  [AZURE_POWERSHELL_APP_ID, FIRST_PARTY_APPS.get(AZURE_POWERSHELL_APP_ID)!],
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
  return (
    k === MICROSOFT_GRAPH_APP_ID || graphResources.includes(k) || graphResources.some((g) => k.startsWith(`${g}/`))
  );
}
