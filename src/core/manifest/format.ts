// The format verdict: which kind of file this is, decided by content before any rule runs.
import type { Node as JsonNode } from 'jsonc-parser';
import graphSchema from '../../../schemas/application.graph.schema.json';
import legacySchema from '../../../schemas/application.legacy.schema.json';
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';
import type { ManifestFormat } from './types';
import { membersOf } from './backedNode';

/** Which schema a manifest (or a Teams Toolkit template) is written in. */
export type SchemaFlavor = 'graph' | 'legacy';

export interface FormatVerdict {
  readonly format: ManifestFormat;
  /** The schema that applies (for templates: the one their keys follow). */
  readonly flavor: SchemaFlavor;
  /** Why, in a few words (shown in the "not a manifest" problem and in hovers). */
  readonly reason: string;
  /** Top-level keys that only exist in the legacy Azure AD Graph format. */
  readonly legacyKeys: readonly JsonNode[];
}

/**
 * Top-level keys that exist only in the legacy Azure AD Graph manifest (facts §2), with the
 * Microsoft Graph property they map to (`undefined` = dropped in the Graph format).
 */
export const LEGACY_ONLY_KEYS: ReadonlyMap<string, string | undefined> = new Map([
  ['replyUrlsWithType', 'web/spa/publicClient.redirectUris'],
  ['replyUrls', 'web.redirectUris'],
  ['oauth2Permissions', 'api.oauth2PermissionScopes'],
  ['accessTokenAcceptedVersion', 'api.requestedAccessTokenVersion'],
  ['allowPublicClient', 'isFallbackPublicClient'],
  ['name', 'displayName'],
  ['oauth2AllowImplicitFlow', 'web.implicitGrantSettings.enableAccessTokenIssuance'],
  ['oauth2AllowIdTokenImplicitFlow', 'web.implicitGrantSettings.enableIdTokenIssuance'],
  ['availableToOtherTenants', 'signInAudience'],
  ['informationalUrls', 'info'],
  ['signInUrl', 'web.homePageUrl'],
  ['homepage', 'web.homePageUrl'],
  ['logoutUrl', 'web.logoutUrl'],
  ['logoUrl', 'info.logoUrl'],
  ['knownClientApplications', 'api.knownClientApplications'],
  ['preAuthorizedApplications', 'api.preAuthorizedApplications'],
  ['acceptMappedClaims', 'api.acceptMappedClaims'],
  ['oauth2AllowUrlPathMatching', undefined],
  ['orgRestrictions', undefined],
  ['errorUrl', undefined],
  ['objectId', 'id'],
]);

/** Keys that only exist in the Microsoft Graph format. */
const GRAPH_ONLY_KEYS = new Set([
  'api',
  'web',
  'spa',
  'info',
  'isFallbackPublicClient',
  'isDeviceOnlyAuthSupported',
  'uniqueName',
  'servicePrincipalLockConfiguration',
  'requestSignatureVerification',
  'authenticationBehaviors',
  'nativeAuthenticationApisEnabled',
  'verifiedPublisher',
  'applicationTemplateId',
  'createdByAppId',
  'deletedDateTime',
  'managerApplications',
  'displayName',
]);

/** Keys that make a JSON object look like an application (either format); generic ones excluded. */
const STRONG_KEYS = new Set([
  'signInAudience',
  'requiredResourceAccess',
  'identifierUris',
  'appRoles',
  'appId',
  'api',
  'web',
  'spa',
  'publicClient',
  'optionalClaims',
  'passwordCredentials',
  'keyCredentials',
  'groupMembershipClaims',
  'isFallbackPublicClient',
  'publisherDomain',
  'replyUrlsWithType',
  'replyUrls',
  'oauth2Permissions',
  'accessTokenAcceptedVersion',
  'allowPublicClient',
  'oauth2AllowImplicitFlow',
  'oauth2AllowIdTokenImplicitFlow',
  'availableToOtherTenants',
  'informationalUrls',
  'knownClientApplications',
  'preAuthorizedApplications',
  'oauth2RequirePostResponse',
  'tokenEncryptionKeyId',
  'parentalControlSettings',
  'samlMetadataUrl',
  'serviceManagementReference',
  'oauth2AllowUrlPathMatching',
  'signInUrl',
]);

import { hasPlaceholder } from '../entra/placeholders';
export { PLACEHOLDER_PATTERN, hasPlaceholder, isWholePlaceholder } from '../entra/placeholders';

/** Keys every whole application object has (a GET response, an admin-center download, a create body names the app). */
const WHOLE_OBJECT_KEYS = new Set([
  'displayName',
  'name',
  'signInAudience',
  'availableToOtherTenants',
  'id',
  'appId',
  'objectId',
]);

/** Top-level property names of either schema. */
const KNOWN_KEYS: ReadonlySet<string> = new Set([
  ...Object.keys(graphSchema.properties),
  ...Object.keys(legacySchema.properties),
]);

function isApplicationKey(key: string): boolean {
  // OData annotations: `@odata.context`, `logo@odata.mediaEditLink`, Azure AD Graph's `odata.type`.
  return KNOWN_KEYS.has(key) || key.includes('@') || key.startsWith('odata.');
}

/**
 * Gives the verdict from the parsed tree. Recognition is by content only; file names are the
 * adapter's business.
 */
export function detectFormat(
  root: JsonNode | undefined,
  text: string,
  l10n: Localizer<l10n.L10nReplacement> = english,
): FormatVerdict {
  if (!root) {
    return { format: 'not-manifest', flavor: 'graph', reason: l10n.t('the file holds no JSON value'), legacyKeys: [] };
  }
  if (root.type !== 'object') {
    return {
      format: 'not-manifest',
      flavor: 'graph',
      reason:
        root.type === 'array'
          ? l10n.t('the top-level value is a JSON array, not an application object')
          : l10n.t('the top-level value is a JSON {0}, not an application object', root.type),
      legacyKeys: [],
    };
  }
  let strong = 0;
  let graphScore = 0;
  let legacyScore = 0;
  const legacyKeys: JsonNode[] = [];
  let odataApplication = false;
  let projection = false;
  let whole = false;
  let allKnown = true;
  // Keys first: a node is made only for the few keys whose value or key node is read.
  const members = membersOf(root);
  const keys = members.keys;
  const propertyOf = (k: number): { keyNode: JsonNode | undefined; value: JsonNode | undefined } => {
    const prop = members.at(k);
    return { keyNode: prop?.children?.[0], value: prop?.children?.[1] };
  };
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    if (key === undefined) continue;
    if (STRONG_KEYS.has(key)) strong++;
    if (WHOLE_OBJECT_KEYS.has(key)) whole = true;
    if (!isApplicationKey(key)) allKnown = false;
    if (key === '@odata.context') {
      const { value } = propertyOf(k);
      if (typeof value?.value === 'string' && /#applications\b/.test(value.value)) {
        odataApplication = true;
        // `$select` responses name their properties: #applications(id,appId,...)/$entity
        projection = /#applications\(/.test(value.value);
      }
    }
    if (GRAPH_ONLY_KEYS.has(key)) {
      graphScore++;
    } else if (key === 'publicClient') {
      // An object in the Graph format, a boolean in the oldest legacy format.
      const { keyNode, value } = propertyOf(k);
      if (value?.type === 'object') graphScore++;
      else if (value?.type === 'boolean') {
        legacyScore++;
        legacyKeys.push(keyNode!);
      }
    } else if (LEGACY_ONLY_KEYS.has(key)) {
      const { keyNode, value } = propertyOf(k);
      // `name` is a legacy signal only as a string (a Teams app manifest has an object there).
      if (key === 'name' && value?.type !== 'string') continue;
      legacyScore++;
      legacyKeys.push(keyNode!);
    }
  }
  const looksLikeApp = odataApplication || strong >= 2 || (strong >= 1 && graphScore + legacyScore >= 1);
  // Part of an application: a $select response, or only application properties and none that names
  // the app. An update body that changes only the supported accounts is one too.
  const onlyAudience = keys.length === 1 && keys[0] === 'signInAudience' && propertyOf(0).value?.type === 'string';
  const partial = projection || (allKnown && strong >= 1 && (!whole || onlyAudience));
  if (!looksLikeApp && !partial) {
    return {
      format: 'not-manifest',
      flavor: 'graph',
      reason:
        strong === 0
          ? l10n.t('it has none of the properties of an application object')
          : l10n.t('it has too few properties of an application object'),
      legacyKeys: [],
    };
  }
  const flavor: SchemaFlavor = legacyScore > graphScore ? 'legacy' : 'graph';
  if (hasPlaceholder(text)) {
    return { format: 'teams-template', flavor, reason: l10n.t('it contains Teams Toolkit placeholders'), legacyKeys };
  }
  if (partial) {
    return {
      format: 'partial',
      flavor,
      reason: projection
        ? l10n.t('it is a $select response: only some properties of the application')
        : l10n.t('it holds only some properties of an application (an update body)'),
      legacyKeys,
    };
  }
  if (flavor === 'legacy') {
    return {
      format: 'legacy',
      flavor,
      reason: l10n.t(
        'it uses Azure AD Graph keys such as {0}',
        legacyKeys
          .slice(0, 3)
          .map((k) => String(k.value))
          .join(', '),
      ),
      legacyKeys,
    };
  }
  return { format: 'graph', flavor, reason: l10n.t('it is a Microsoft Graph application object'), legacyKeys };
}

/**
 * A cheap content check for editors deciding whether to lint an arbitrary JSON file: looks for
 * two application keys in the first 64 KB without parsing.
 */
export function looksLikeManifestText(text: string): boolean {
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  const found = new Set<string>();
  const re =
    /"(signInAudience|requiredResourceAccess|identifierUris|replyUrlsWithType|oauth2Permissions|appRoles|accessTokenAcceptedVersion|oauth2PermissionScopes|isFallbackPublicClient|allowPublicClient|implicitGrantSettings|groupMembershipClaims|resourceAppId|resourceAccess)"\s*:/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(head)) !== null) {
    found.add(m[1]!);
    if (found.size >= 2) return true;
  }
  return false;
}
