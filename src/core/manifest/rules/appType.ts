// Rules about how the app signs users in: implicit grant, public/confidential client mix,
// audience-dependent settings (group claims, mapped claims, SAML metadata).
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Rule } from '../types';
import {
  ALL_FORMATS,
  bool,
  child,
  defineRule,
  elements,
  isMultiTenant,
  lazyFix,
  report,
  rootObject,
  sameTextIgnoringCase,
  str,
  type Segment,
} from './util';
import { replaceNode } from './edits';
import { hasRedirectPlatform } from './redirectUriModel';

const APP_DOCS = 'https://learn.microsoft.com/graph/api/resources/application';
const MANIFEST_DOCS = 'https://learn.microsoft.com/entra/identity-platform/reference-microsoft-graph-app-manifest';
const IMPLICIT_DOCS = 'https://learn.microsoft.com/graph/api/resources/implicitgrantsettings';

function flag(
  root: JsonNode | undefined,
  graph: readonly string[],
  legacy: string,
): { node: JsonNode; path: Segment[] } | undefined {
  let n: JsonNode | undefined = root;
  for (const k of graph) n = child(n, k);
  if (bool(n) === true && n) return { node: n, path: [...graph] };
  const l = child(root, legacy);
  if (bool(l) === true && l) return { node: l, path: [legacy] };
  return undefined;
}

export const implicitAccessToken = defineRule({
  id: 'implicit-access-token',
  severity: 'warning',
  title: (l10n) => l10n.t('Implicit grant of access tokens'),
  description: (l10n) =>
    l10n.t('Implicit grant of access tokens is unsafe; use the authorization code flow with PKCE.'),
  docs: IMPLICIT_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const f = flag(
      rootObject(ctx),
      ['web', 'implicitGrantSettings', 'enableAccessTokenIssuance'],
      'oauth2AllowImplicitFlow',
    );
    if (!f) return [];
    return [
      report(
        self,
        f.node,
        f.path,
        l10n.t(
          'Implicit grant returns access tokens in the URL. Use the authorization code flow with PKCE (MSAL.js 2+) and set this to false.',
        ),
        {
          fixes: [lazyFix(l10n.t('Turn off implicit access tokens'), () => [replaceNode(f.node, false)])],
        },
      ),
    ];
  },
});

export const implicitIdTokenNoWeb = defineRule({
  id: 'implicit-id-token-no-web-redirect',
  severity: 'info',
  title: (l10n) => l10n.t('Implicit ID tokens without a Web redirect URI'),
  description: (l10n) => l10n.t('Implicit ID tokens are only useful with a Web redirect URI.'),
  docs: IMPLICIT_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const f = flag(
      rootObject(ctx),
      ['web', 'implicitGrantSettings', 'enableIdTokenIssuance'],
      'oauth2AllowIdTokenImplicitFlow',
    );
    if (!f) return [];
    if (hasRedirectPlatform(ctx, 'web') || hasRedirectPlatform(ctx, 'unknown')) return [];
    // A partial object (an update body) without redirect URIs leaves the registered ones as they are.
    const root = rootObject(ctx);
    if (
      ctx.format === 'partial' &&
      !child(child(root, 'web'), 'redirectUris') &&
      !child(root, 'replyUrlsWithType') &&
      !child(root, 'replyUrls')
    )
      return [];
    return [
      report(
        self,
        f.node,
        f.path,
        l10n.t(
          'ID tokens are issued through the implicit flow but there is no Web redirect URI to receive them. Add one, or set this to false.',
        ),
      ),
    ];
  },
});

export const publicClientConflict = defineRule({
  id: 'public-client-conflict',
  severity: 'warning',
  title: (l10n) => l10n.t('Fallback public clients with Web redirect URIs or secrets'),
  description: (l10n) =>
    l10n.t(
      'isFallbackPublicClient on an app with Web redirect URIs or client secrets mixes public and confidential client.',
    ),
  docs: APP_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const root = rootObject(ctx);
    const g = child(root, 'isFallbackPublicClient');
    const l = child(root, 'allowPublicClient');
    const [node, path] =
      bool(g) === true && g
        ? [g, ['isFallbackPublicClient']]
        : bool(l) === true && l
          ? [l, ['allowPublicClient']]
          : [undefined, []];
    if (!node) return [];
    const web = hasRedirectPlatform(ctx, 'web');
    const secrets = elements(child(root, 'passwordCredentials')).length > 0;
    if (!web && !secrets) return [];
    const what =
      web && secrets
        ? l10n.t('Web redirect URIs and client secrets')
        : web
          ? l10n.t('Web redirect URIs')
          : l10n.t('client secrets');
    return [
      report(
        self,
        node,
        path,
        l10n.t(
          'The app has {0} (a confidential client) yet falls back to public client flows, which accept requests without a secret. Set this to false, or split the public client into its own app.',
          what,
        ),
      ),
    ];
  },
});

export const groupClaimsPersonal = defineRule({
  id: 'group-claims-personal',
  severity: 'info',
  title: (l10n) => l10n.t('Group claims on apps for personal accounts'),
  description: (l10n) => l10n.t('Personal Microsoft accounts have no groups; groupMembershipClaims has no effect.'),
  docs: MANIFEST_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    if (!sameTextIgnoringCase(ctx.signInAudience, 'PersonalMicrosoftAccount')) return [];
    const node = child(rootObject(ctx), 'groupMembershipClaims');
    const v = str(node);
    if (!node || v === undefined || v === '' || v === 'None') return [];
    return [
      report(
        self,
        node,
        ['groupMembershipClaims'],
        l10n.t(
          'Personal Microsoft accounts have no group memberships, so no groups claim is emitted. Remove groupMembershipClaims or set it to "None".',
        ),
      ),
    ];
  },
});

export const acceptMappedClaimsMultitenant = defineRule({
  id: 'accept-mapped-claims-multitenant',
  severity: 'warning',
  title: (l10n) => l10n.t('Mapped claims accepted by multitenant apps'),
  description: (l10n) => l10n.t('acceptMappedClaims must not be true on multitenant apps.'),
  docs: MANIFEST_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    if (!isMultiTenant(ctx)) return [];
    const f = flag(rootObject(ctx), ['api', 'acceptMappedClaims'], 'acceptMappedClaims');
    if (!f) return [];
    return [
      report(
        self,
        f.node,
        f.path,
        l10n.t(
          "acceptMappedClaims lets any tenant's claims-mapping policy change the claims this {0} app trusts. Set it to false and use a custom signing key instead.",
          String(ctx.signInAudience),
        ),
      ),
    ];
  },
});

export const samlMetadataUrlAudience = defineRule({
  id: 'saml-metadata-url-audience',
  severity: 'warning',
  title: (l10n) => l10n.t('SAML metadata URLs on apps that are not single-tenant'),
  description: (l10n) => l10n.t('samlMetadataUrl is supported only for single-tenant (AzureADMyOrg) apps.'),
  docs: APP_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const a = ctx.signInAudience;
    if (typeof a !== 'string' || sameTextIgnoringCase(a, 'AzureADMyOrg') || a.includes('{{')) return [];
    const node = child(rootObject(ctx), 'samlMetadataUrl');
    const v = str(node);
    if (!node || !v) return [];
    return [
      report(
        self,
        node,
        ['samlMetadataUrl'],
        l10n.t(
          'samlMetadataUrl is used only by single-tenant apps; with {0} it has no effect. Remove it or set signInAudience to AzureADMyOrg.',
          a,
        ),
      ),
    ];
  },
});

export const appTypeRules: readonly Rule[] = [
  implicitAccessToken,
  implicitIdTokenNoWeb,
  publicClientConflict,
  groupClaimsPersonal,
  acceptMappedClaimsMultitenant,
  samlMetadataUrlAudience,
];
