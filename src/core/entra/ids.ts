// Identifiers of Microsoft Entra ID that the product knows without asking a tenant: the GUID form,
// first-party application ids with their names, and the personal-account tenant. The one place
// these are written; everything else imports them.

/** Microsoft Graph's application (client) id, the same in every tenant and cloud. */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Azure AD Graph (retired): legacy manifests still request it. */
export const AZURE_AD_GRAPH_APP_ID = '00000002-0000-0000-c000-000000000000';
/** Azure Resource Manager (Azure Service Management API). */
export const AZURE_RESOURCE_MANAGER_APP_ID = '797f4846-ba00-4fd7-ba43-dac1f8f63013';
export const SHAREPOINT_ONLINE_APP_ID = '00000003-0000-0ff1-ce00-000000000000';
export const EXCHANGE_ONLINE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
export const AZURE_CLI_APP_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
export const AZURE_POWERSHELL_APP_ID = '1950a258-227b-4e31-a9cf-717495945fc2';
export const VISUAL_STUDIO_CODE_APP_ID = 'aebc6443-996d-45c2-90f0-388ff96faa56';
export const AZURE_STORAGE_APP_ID = 'e406a681-f3d4-42a8-90b6-c2b029497af1';
export const AZURE_KEY_VAULT_APP_ID = 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093';

/** Tenant of personal Microsoft accounts (tid of MSA tokens). */
export const MSA_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** First-party application ids and the names the admin center shows for them. */
export const FIRST_PARTY_APPS: ReadonlyMap<string, string> = new Map([
  [MICROSOFT_GRAPH_APP_ID, 'Microsoft Graph'],
  [AZURE_AD_GRAPH_APP_ID, 'Windows Azure Active Directory'],
  [AZURE_RESOURCE_MANAGER_APP_ID, 'Azure Resource Manager'],
  [SHAREPOINT_ONLINE_APP_ID, 'Office 365 SharePoint Online'],
  [EXCHANGE_ONLINE_APP_ID, 'Office 365 Exchange Online'],
  [AZURE_CLI_APP_ID, 'Microsoft Azure CLI'],
  [AZURE_POWERSHELL_APP_ID, 'Microsoft Azure PowerShell'],
  [VISUAL_STUDIO_CODE_APP_ID, 'Visual Studio Code'],
  [AZURE_STORAGE_APP_ID, 'Azure Storage'],
  [AZURE_KEY_VAULT_APP_ID, 'Azure Key Vault'],
]);

/**
 * Whether the 36 characters of `s` from `at` spell a GUID: 8-4-4-4-12 hex digits, either case.
 * A character loop: rules test many ids per run, and a regex call costs more than 36 comparisons.
 */
export function isGuidAt(s: string, at: number): boolean {
  if (at < 0 || s.length < at + 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(at + i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45 /* - */) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) {
      return false;
    }
  }
  return true;
}

/** Whether a value is a GUID (the whole string). */
export function isGuid(value: unknown): boolean {
  return typeof value === 'string' && value.length === 36 && isGuidAt(value, 0);
}

/** The first GUID inside a text, if any (linear: one pass over the text). */
export function findGuid(text: string): string | undefined {
  for (let i = 0; i + 36 <= text.length; i++) {
    const c = text.charCodeAt(i);
    const hex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
    if (hex && isGuidAt(text, i)) return text.slice(i, i + 36);
  }
  return undefined;
}
