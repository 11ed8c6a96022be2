// Rules about the legacy Azure AD Graph manifest format: legacy keys mixed into a Microsoft Graph
// format file (with a per-key fix when the mapping is unambiguous), and a pointer to the
// whole-document conversion for legacy files.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import { getNodeValue, type JSONPath, type Node as JsonNode } from 'jsonc-parser';
import type { Fix, Rule, RuleContext } from '../types';
import { child, defineRule, lazyFix, report, rootObject, findings } from './util';
import { membersOf } from '../backedNode';
import { canSet, chainedEdits } from './edits';

const DEPRECATION_DOCS =
  'https://learn.microsoft.com/entra/identity-platform/azure-active-directory-graph-app-manifest-deprecation';

interface Mapping {
  /** Graph path, `null` = dropped, `undefined` = no unambiguous fix. */
  readonly to: readonly string[] | null | undefined;
  /** What to use instead: a Microsoft Graph property path, or words for the rest. */
  readonly hint: string | ((l10n: Localizer<l10n.L10nReplacement>) => string);
  /** Converts the legacy value; `undefined` result = no fix. */
  readonly convert?: (v: unknown) => unknown;
}

const stripScopeFields = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map((s: unknown) => {
        if (s === null || typeof s !== 'object' || Array.isArray(s)) return s;
        const { lang: _lang, origin: _origin, ...rest } = s as Record<string, unknown>;
        return rest;
      })
    : v;

const renamePermissionIds = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map((s: unknown) => {
        if (s === null || typeof s !== 'object' || Array.isArray(s)) return s;
        const { permissionIds, ...rest } = s as Record<string, unknown>;
        return permissionIds === undefined ? rest : { ...rest, delegatedPermissionIds: permissionIds };
      })
    : v;

export const LEGACY_KEYS: Readonly<Record<string, Mapping>> = {
  accessTokenAcceptedVersion: { to: ['api', 'requestedAccessTokenVersion'], hint: 'api.requestedAccessTokenVersion' },
  acceptMappedClaims: { to: ['api', 'acceptMappedClaims'], hint: 'api.acceptMappedClaims' },
  allowPublicClient: { to: ['isFallbackPublicClient'], hint: 'isFallbackPublicClient' },
  availableToOtherTenants: {
    to: ['signInAudience'],
    hint: 'signInAudience',
    convert: (v) => (v === true ? 'AzureADMultipleOrgs' : v === false ? 'AzureADMyOrg' : undefined),
  },
  errorUrl: { to: null, hint: (l10n) => l10n.t('nothing (no longer supported)') },
  informationalUrls: {
    to: undefined,
    hint: 'info (termsOfServiceUrl, supportUrl, privacyStatementUrl, marketingUrl)',
  },
  knownClientApplications: { to: ['api', 'knownClientApplications'], hint: 'api.knownClientApplications' },
  logoUrl: { to: undefined, hint: (l10n) => l10n.t('{0} (read-only: upload the logo instead)', 'info.logoUrl') },
  logoutUrl: { to: ['web', 'logoutUrl'], hint: 'web.logoutUrl' },
  name: { to: ['displayName'], hint: 'displayName' },
  oauth2AllowIdTokenImplicitFlow: {
    to: ['web', 'implicitGrantSettings', 'enableIdTokenIssuance'],
    hint: 'web.implicitGrantSettings.enableIdTokenIssuance',
  },
  oauth2AllowImplicitFlow: {
    to: ['web', 'implicitGrantSettings', 'enableAccessTokenIssuance'],
    hint: 'web.implicitGrantSettings.enableAccessTokenIssuance',
  },
  oauth2AllowUrlPathMatching: { to: null, hint: (l10n) => l10n.t('nothing (no Microsoft Graph equivalent)') },
  oauth2Permissions: {
    to: ['api', 'oauth2PermissionScopes'],
    hint: (l10n) => l10n.t('{0} (without lang and origin)', 'api.oauth2PermissionScopes'),
    convert: stripScopeFields,
  },
  orgRestrictions: { to: null, hint: (l10n) => l10n.t('nothing (no Microsoft Graph equivalent)') },
  preAuthorizedApplications: {
    to: ['api', 'preAuthorizedApplications'],
    hint: (l10n) => l10n.t('{0} (permissionIds become delegatedPermissionIds)', 'api.preAuthorizedApplications'),
    convert: renamePermissionIds,
  },
  replyUrlsWithType: {
    to: undefined,
    hint: (l10n) =>
      l10n.t('{0}, {1} and {2} by type', 'web.redirectUris', 'spa.redirectUris', 'publicClient.redirectUris'),
  },
  signInUrl: { to: ['web', 'homePageUrl'], hint: 'web.homePageUrl' },
  homepage: { to: ['web', 'homePageUrl'], hint: 'web.homePageUrl' },
  replyUrls: {
    to: undefined,
    hint: (l10n) => l10n.t('{0}, {1} or {2}', 'web.redirectUris', 'spa.redirectUris', 'publicClient.redirectUris'),
  },
  objectId: { to: undefined, hint: (l10n) => l10n.t('{0} (read-only)', 'id') },
};

const REPLY_TYPES: ReadonlyMap<string, string> = new Map([
  ['web', 'web'],
  ['spa', 'spa'],
  ['installedclient', 'publicClient'],
]);

function exists(ctx: RuleContext, path: readonly string[]): boolean {
  let n: JsonNode | undefined = rootObject(ctx);
  for (const k of path) n = child(n, k);
  return n !== undefined;
}

/** Moves `replyUrlsWithType` into the per-platform lists, when every entry has a known type. */
function splitReplyUrls(ctx: RuleContext, value: unknown): { path: JSONPath; value: unknown }[] | undefined {
  if (!Array.isArray(value)) return undefined;
  // Each platform's URLs in first-seen order, without repeats (a set each: linear in the entries).
  const lists = new Map<string, Set<string>>();
  for (const e of value) {
    if (e === null || typeof e !== 'object') return undefined;
    const { url, type } = e as Record<string, unknown>;
    const platform = typeof type === 'string' ? REPLY_TYPES.get(type.toLowerCase()) : undefined;
    if (typeof url !== 'string' || !platform) return undefined;
    let list = lists.get(platform);
    if (!list) lists.set(platform, (list = new Set()));
    list.add(url);
  }
  const steps: { path: JSONPath; value: unknown }[] = [];
  for (const [platform, urls] of lists) {
    const existing = child(child(rootObject(ctx), platform), 'redirectUris');
    const current: unknown = existing ? getNodeValue(existing) : [];
    if (!Array.isArray(current)) return undefined;
    const had = new Set<unknown>(current);
    steps.push({ path: [platform, 'redirectUris'], value: [...current, ...[...urls].filter((u) => !had.has(u))] });
  }
  return steps;
}

/** The title of the whole-document conversion fix (the engine adds it; rules' messages refer to it). */
export function convertFixTitle(l10n: Localizer<l10n.L10nReplacement>): string {
  return l10n.t('Convert to Microsoft Graph format');
}

function fixFor(ctx: RuleContext, key: string, prop: JsonNode, m: Mapping): Fix | undefined {
  const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
  const valueNode = prop.children?.[1];
  if (!valueNode) return undefined;
  const value: unknown = getNodeValue(valueNode);
  const remove = { path: [key], value: undefined };
  if (m.to === null)
    return lazyFix(l10n.t('Remove {0} (not supported in the Microsoft Graph format)', key), () =>
      chainedEdits(ctx.text, [remove]),
    );
  if (key === 'replyUrlsWithType') {
    const steps = splitReplyUrls(ctx, value);
    if (!steps || !steps.every((s) => canSet(ctx.root, s.path))) return undefined;
    return lazyFix(
      l10n.t('Move the reply URLs to {0}', 'web/spa/publicClient.redirectUris'),
      () => chainedEdits(ctx.text, [remove, ...steps]),
      true,
    );
  }
  if (m.to === undefined || exists(ctx, m.to) || !canSet(ctx.root, m.to)) return undefined;
  const converted = m.convert ? m.convert(value) : value;
  if (converted === undefined) return undefined;
  const to = [...m.to];
  return lazyFix(
    l10n.t('Move {0} to {1}', key, to.join('.')),
    () => chainedEdits(ctx.text, [remove, { path: to, value: converted }]),
    true,
  );
}

function legacyProps(ctx: RuleContext): { key: string; prop: JsonNode; keyNode: JsonNode; m: Mapping }[] {
  const out: { key: string; prop: JsonNode; keyNode: JsonNode; m: Mapping }[] = [];
  const root = rootObject(ctx);
  if (!root) return out;
  // The keys first: nodes are made only for the legacy keys' members.
  const { keys, at } = membersOf(root);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    if (key === undefined || !Object.hasOwn(LEGACY_KEYS, key)) continue;
    const m = LEGACY_KEYS[key];
    const prop = at(k);
    const keyNode = prop?.children?.[0];
    if (m && prop && keyNode) out.push({ key, prop, keyNode, m });
  }
  return out;
}

export const legacyKeyInGraph = defineRule({
  id: 'legacy-key-in-graph',
  severity: 'warning',
  title: (l10n) => l10n.t('Legacy Azure AD Graph keys in a Microsoft Graph manifest'),
  description: (l10n) =>
    l10n.t(
      'Legacy Azure AD Graph keys in a Microsoft Graph format manifest are rejected on upload ("invalid property").',
    ),
  docs: DEPRECATION_DOCS,
  formats: ['graph'],
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    for (const { key, prop, keyNode, m } of legacyProps(ctx)) {
      const fix = fixFor(ctx, key, prop, m);
      out.add(keyNode, (subject) =>
        report(
          self,
          subject,
          [key],
          l10n.t(
            "'{0}' is a legacy Azure AD Graph key; the Microsoft Graph format rejects it. Use {1}.",
            key,
            typeof m.hint === 'string' ? m.hint : m.hint(l10n),
          ),
          {
            fixes: fix ? [fix] : undefined,
            tags: ['deprecated'],
          },
        ),
      );
    }
    return out.list;
  },
});

export const legacyFormat = defineRule({
  id: 'legacy-format',
  severity: 'info',
  title: (l10n) => l10n.t('Manifests in the legacy Azure AD Graph format'),
  description: (l10n) => l10n.t('The legacy Azure AD Graph manifest format is no longer edited in the admin center.'),
  docs: DEPRECATION_DOCS,
  formats: ['legacy'],
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const first = legacyProps(ctx)[0];
    if (!first) return [];
    return [
      report(
        self,
        first.keyNode,
        [first.key],
        l10n.t(
          'This is the legacy Azure AD Graph manifest format; the admin center now uses the Microsoft Graph format. Use the "{0}" fix to convert the whole file.',
          convertFixTitle(l10n),
        ),
      ),
    ];
  },
});

export const legacyRules: readonly Rule[] = [legacyKeyInGraph, legacyFormat];
