/**
 * National clouds: where to sign in, where Microsoft Graph lives, and where the Entra admin
 * center is. Values from the national-cloud table of the product's fact sheet (section 6).
 */

// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';
import { withoutTrailingSlashes } from '../text/trailing';

type L10n = Localizer<l10n.L10nReplacement>;

export type CloudName = 'AzureCloud' | 'AzureUSGovernment' | 'AzureUSGovernmentDoD' | 'AzureChinaCloud' | 'Custom';

export const cloudNames: readonly CloudName[] = [
  'AzureCloud',
  'AzureUSGovernment',
  'AzureUSGovernmentDoD',
  'AzureChinaCloud',
  'Custom',
];

export interface Cloud {
  readonly name: CloudName;
  /** Human label, e.g. "US Government (L5, DoD)". */
  readonly label: string;
  /** Sign-in authority host, no trailing slash, e.g. `https://login.microsoftonline.com`. */
  readonly authorityHost: string;
  /** Microsoft Graph origin (plus optional path prefix), no trailing slash and no version. */
  readonly graphBaseUrl: string;
  /** Entra admin center origin, no trailing slash. */
  readonly adminCenter: string;
  /** Azure portal origin, no trailing slash. */
  readonly portal: string;
  /** True for a custom (non-Microsoft) cloud: MSAL instance discovery must be skipped. */
  readonly custom: boolean;
}

const builtIn: Record<Exclude<CloudName, 'Custom'>, Cloud> = {
  AzureCloud: {
    name: 'AzureCloud',
    label: 'Global',
    authorityHost: 'https://login.microsoftonline.com',
    graphBaseUrl: 'https://graph.microsoft.com',
    adminCenter: 'https://entra.microsoft.com',
    portal: 'https://portal.azure.com',
    custom: false,
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    label: 'US Government (L4, GCC High)',
    authorityHost: 'https://login.microsoftonline.us',
    graphBaseUrl: 'https://graph.microsoft.us',
    adminCenter: 'https://entra.microsoft.us',
    portal: 'https://portal.azure.us',
    custom: false,
  },
  AzureUSGovernmentDoD: {
    name: 'AzureUSGovernmentDoD',
    label: 'US Government (L5, DoD)',
    authorityHost: 'https://login.microsoftonline.us',
    graphBaseUrl: 'https://dod-graph.microsoft.us',
    adminCenter: 'https://entra.microsoft.us',
    portal: 'https://portal.azure.us',
    custom: false,
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    label: 'China (21Vianet)',
    authorityHost: 'https://login.chinacloudapi.cn',
    graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn',
    adminCenter: 'https://entra.microsoftonline.cn',
    portal: 'https://portal.azure.cn',
    custom: false,
  },
};

export interface CustomCloudEndpoints {
  readonly authorityHost: string;
  readonly graphBaseUrl: string;
  /** Optional admin center for deep links; defaults to the global one. */
  readonly adminCenter?: string;
}

function trimSlash(url: string): string {
  return withoutTrailingSlashes(url);
}

/** Which endpoint of a custom cloud a URL is (each has its own sentences). */
type Endpoint = 'authorityHost' | 'graphBaseUrl' | 'adminCenter';

/** An endpoint that is not a URL, or not https, as one whole sentence per endpoint. */
function endpointError(endpoint: Endpoint, value: string, notUrl: boolean, l10n: L10n): string {
  const v = JSON.stringify(value);
  if (endpoint === 'authorityHost')
    return notUrl
      ? l10n.t('The authority host {0} is not a URL.', v)
      : l10n.t('The authority host {0} must use https.', v);
  if (endpoint === 'graphBaseUrl')
    return notUrl
      ? l10n.t('The Microsoft Graph base URL {0} is not a URL.', v)
      : l10n.t('The Microsoft Graph base URL {0} must use https.', v);
  return notUrl
    ? l10n.t('The admin center address {0} is not a URL.', v)
    : l10n.t('The admin center address {0} must use https.', v);
}

/** Validates an endpoint URL: https only (MSAL refuses insecure authorities). */
function httpsUrl(value: string, endpoint: Endpoint, l10n: L10n): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new Error(endpointError(endpoint, value, true, l10n));
  }
  if (parsed.protocol !== 'https:') {
    throw new Error(endpointError(endpoint, value, false, l10n));
  }
  return trimSlash(parsed.origin + parsed.pathname);
}

/**
 * Resolves a cloud by name; `Custom` needs its endpoints. Throws an Error whose message says what
 * is wrong with them in the language of `l10n` (English by default).
 */
export function getCloud(name: CloudName, custom?: CustomCloudEndpoints, l10n: L10n = english): Cloud {
  if (name !== 'Custom') {
    return builtIn[name];
  }
  if (!custom?.authorityHost || !custom.graphBaseUrl) {
    throw new Error(l10n.t('The Custom cloud needs an authority host and a Microsoft Graph base URL.'));
  }
  return {
    name: 'Custom',
    label: 'Custom',
    authorityHost: httpsUrl(custom.authorityHost, 'authorityHost', l10n),
    // Accept a base URL given with its version (`…/v1.0`): the client adds the version itself.
    graphBaseUrl: httpsUrl(custom.graphBaseUrl, 'graphBaseUrl', l10n).replace(/\/(v1\.0|beta)$/i, ''),
    adminCenter: custom.adminCenter
      ? httpsUrl(custom.adminCenter, 'adminCenter', l10n)
      : builtIn.AzureCloud.adminCenter,
    portal: builtIn.AzureCloud.portal,
    custom: true,
  };
}

/**
 * The App ID URIs that name Microsoft Graph in scopes and audiences: each Microsoft cloud's Graph
 * origin, and the canary ring's. Lower case, no trailing slash.
 */
export const GRAPH_RESOURCE_URIS: readonly string[] = [
  ...Object.values(builtIn).map((c) => c.graphBaseUrl),
  'https://canary.graph.microsoft.com',
];

export function isCloudName(value: unknown): value is CloudName {
  return typeof value === 'string' && (cloudNames as readonly string[]).includes(value);
}

/** Fully qualified Graph scope for a cloud, e.g. `https://graph.microsoft.com/Application.Read.All`. */
export function graphScope(cloud: Cloud, permission: string): string {
  return `${cloud.graphBaseUrl}/${permission}`;
}

/** `{graph}/.default`: what app-only credentials must request. */
export function graphDefaultScope(cloud: Cloud): string {
  return `${cloud.graphBaseUrl}/.default`;
}

/** Host names (without port) the Graph client must attach tokens to; needed for custom clouds. */
export function graphHostNames(cloud: Cloud): Set<string> {
  return new Set([new URL(cloud.graphBaseUrl).hostname]);
}

/**
 * Deep link to an app registration in the Entra admin center of the app's cloud, pinned to its
 * tenant so the right directory opens even when the user is signed in to several.
 */
export function adminCenterAppLink(cloud: Cloud, tenantId: string, appId: string, page = 'Overview'): string {
  const tenant = encodeURIComponent(tenantId);
  const app = encodeURIComponent(appId);
  return `${cloud.adminCenter}/${tenant}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/${page}/appId/${app}/isMSAApp~/false`;
}

/** Deep link to the enterprise application (service principal) blade. */
export function adminCenterEnterpriseAppLink(cloud: Cloud, tenantId: string, appId: string, spId: string): string {
  const tenant = encodeURIComponent(tenantId);
  return `${cloud.adminCenter}/${tenant}/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Overview/objectId/${encodeURIComponent(spId)}/appId/${encodeURIComponent(appId)}`;
}
