// Names of well-known APIs by application id or App ID URI, so a token's audience reads as
// "Microsoft Graph" instead of a GUID. App ids come from the one built-in table (core/entra);
// callers may pass a larger catalogue (e.g. from the tenant).
import { GRAPH_RESOURCE_URIS } from '../entra/clouds';
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
import { withoutTrailingSlashes } from '../text/trailing';

/** Looks up an API or client name by app id (GUID) or App ID URI. */
export interface ApiCatalog {
  nameOf(idOrUri: string): string | undefined;
}

export { MICROSOFT_GRAPH_APP_ID as GRAPH_APP_ID, AZURE_AD_GRAPH_APP_ID as AAD_GRAPH_APP_ID, MSA_TENANT_ID };

const builtIn: ReadonlyArray<readonly [string, string]> = [
  [MICROSOFT_GRAPH_APP_ID, 'Microsoft Graph'],
  ...GRAPH_RESOURCE_URIS.map((u) => [u, 'Microsoft Graph'] as const),
  [AZURE_AD_GRAPH_APP_ID, 'Azure AD Graph (retired)'],
  ['https://graph.windows.net', 'Azure AD Graph (retired)'],
  [AZURE_RESOURCE_MANAGER_APP_ID, 'Azure Resource Manager'],
  ['https://management.azure.com', 'Azure Resource Manager'],
  ['https://management.core.windows.net', 'Azure Service Management'],
  ['https://vault.azure.net', 'Azure Key Vault'],
  ['https://storage.azure.com', 'Azure Storage'],
  // First-party resources a token names by App ID URI (v1 tokens carry the URI the client asked for).
  ['https://analysis.windows.net/powerbi/api', 'Power BI Service'],
  ['https://api.fabric.microsoft.com', 'Microsoft Fabric'],
  ['https://database.windows.net', 'Azure SQL Database'],
  ['https://ossrdbms-aad.database.windows.net', 'Azure Database for PostgreSQL and MySQL'],
  ['https://servicebus.azure.net', 'Azure Service Bus'],
  ['https://eventhubs.azure.net', 'Azure Event Hubs'],
  ['https://cosmos.azure.com', 'Azure Cosmos DB'],
  ['https://redis.azure.com', 'Azure Cache for Redis'],
  ['https://datalake.azure.net', 'Azure Data Lake'],
  ['https://dev.azuresynapse.net', 'Azure Synapse Analytics'],
  ['https://batch.core.windows.net', 'Azure Batch'],
  ['https://digitaltwins.azure.net', 'Azure Digital Twins'],
  ['https://cognitiveservices.azure.com', 'Azure AI services'],
  ['https://ml.azure.com', 'Azure Machine Learning'],
  ['https://monitor.azure.com', 'Azure Monitor'],
  ['https://api.loganalytics.io', 'Log Analytics API'],
  ['https://api.applicationinsights.io', 'Application Insights API'],
  ['https://manage.office.com', 'Office 365 Management APIs'],
  ['https://outlook.office.com', 'Exchange Online'],
  ['https://outlook.office365.com', 'Exchange Online'],
  ['https://api.spaces.skype.com', 'Microsoft Teams services'],
  ['https://app.vssps.visualstudio.com', 'Azure DevOps'],
  ['https://api.securitycenter.microsoft.com', 'Microsoft Defender for Endpoint'],
  [AZURE_CLI_APP_ID, FIRST_PARTY_APPS.get(AZURE_CLI_APP_ID)!],
  [AZURE_POWERSHELL_APP_ID, FIRST_PARTY_APPS.get(AZURE_POWERSHELL_APP_ID)!],
];

function key(idOrUri: string): string {
  return withoutTrailingSlashes(idOrUri.trim().toLowerCase());
}

/** First-party resources whose App ID URI names the customer's own host (a tenant or an instance). */
const builtInHosts: ReadonlyArray<readonly [RegExp, string]> = [
  [/^[a-z0-9-]+(?:-my|-admin)?\.sharepoint\.(?:com|us|cn|de)$/, 'SharePoint Online'],
  [/^[a-z0-9-]+\.crm[0-9]*\.dynamics\.com$/, 'Dynamics 365'],
  [/^[a-z0-9-]+(?:\.[a-z0-9-]+)?\.kusto\.windows\.net$/, 'Azure Data Explorer'],
];

function byHost(k: string): string | undefined {
  if (!k.startsWith('https://')) return undefined;
  const host = k.slice(8).split('/', 1)[0]!;
  return builtInHosts.find(([pattern]) => pattern.test(host))?.[1];
}

/** A catalogue from (app id or URI, name) pairs; the built-in entries are included unless told otherwise. */
export function createCatalog(entries: Iterable<readonly [string, string]> = [], includeBuiltIn = true): ApiCatalog {
  const map = new Map<string, string>();
  if (includeBuiltIn) {
    for (const [k, v] of firstPartyApis()) map.set(key(k), v);
    for (const [k, v] of builtIn) map.set(key(k), v);
  }
  for (const [k, v] of entries) map.set(key(k), v);
  return {
    nameOf: (idOrUri) => {
      const k = key(idOrUri);
      return map.get(k) ?? (includeBuiltIn ? byHost(k) : undefined);
    },
  };
}

export const defaultCatalog: ApiCatalog = createCatalog();

/** Whether an audience names Microsoft Graph (app id or any cloud's resource URI). */
export function isGraphAudience(aud: unknown): boolean {
  if (typeof aud !== 'string') return false;
  const k = key(aud);
  return (
    k === MICROSOFT_GRAPH_APP_ID ||
    GRAPH_RESOURCE_URIS.includes(k) ||
    GRAPH_RESOURCE_URIS.some((g) => k.startsWith(`${g}/`))
  );
}
