// Rules about App ID URIs (`identifierUris`) and the access token version they interact with
// (`api.requestedAccessTokenVersion`, legacy `accessTokenAcceptedVersion`).
export { identifierUris } from './identifierUriModel';
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Problem, Rule, RuleContext } from '../types';
import {
  ALL_FORMATS,
  audienceOf,
  bool,
  child,
  defineRule,
  isGuid,
  keyNode,
  ownAppId,
  lazyFix,
  report,
  rootObject,
  type Segment,
  short,
  findings,
} from './util';
import { replaceNode } from './edits';
import {
  identifierUris,
  identifierUriTexts,
  identifierUrisWhere,
  type IdentifierUri,
  type IdentifierUriText,
} from './identifierUriModel';
import { findGuid } from '../../entra/ids';
import { withoutTrailingSlashes } from '../../text/trailing';

const ACCOUNTS_DOCS = 'https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation';
const RESTRICTIONS_DOCS = 'https://learn.microsoft.com/entra/identity-platform/identifier-uri-restrictions';
const BEST_DOCS = 'https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration';
const LEGACY_DOCS = 'https://learn.microsoft.com/entra/identity-platform/reference-app-manifest';

/** The token version setting, graph first, then legacy. */
export function tokenVersion(ctx: RuleContext): {
  node: JsonNode | undefined;
  path: Segment[];
  value: unknown;
  legacy: boolean;
} {
  const root = rootObject(ctx);
  const g = child(child(root, 'api'), 'requestedAccessTokenVersion');
  if (g) return { node: g, path: ['api', 'requestedAccessTokenVersion'], value: g.value, legacy: false };
  const l = child(root, 'accessTokenAcceptedVersion');
  if (l) return { node: l, path: ['accessTokenAcceptedVersion'], value: l.value, legacy: true };
  const legacy =
    ctx.format === 'legacy' ||
    (ctx.format === 'teams-template' &&
      child(root, 'replyUrlsWithType') !== undefined &&
      child(root, 'api') === undefined);
  return {
    node: undefined,
    path: legacy ? ['accessTokenAcceptedVersion'] : ['api', 'requestedAccessTokenVersion'],
    value: undefined,
    legacy,
  };
}

/** Whether the token version is not known: a partial object (an update body) that does not set it. */
export function versionUnknown(ctx: RuleContext, node: JsonNode | undefined): boolean {
  return ctx.format === 'partial' && node === undefined;
}

/** `api://{appId}` and `api://{tenantId}/{appId}` are the default URIs. */
export function isDefaultUri(uri: string, appId: string | undefined): boolean {
  const m = /^api:\/\/([^/]+)(?:\/([^/]+))?$/i.exec(uri);
  if (!m || appId === undefined) return false;
  const last = (m[2] ?? m[1] ?? '').toLowerCase();
  return last === appId && (m[2] === undefined || isGuid(m[1] ?? ''));
}

export const identifierUriTrailingSlash = defineRule({
  id: 'identifier-uri-trailing-slash',
  severity: 'error',
  title: (l10n) => l10n.t('App ID URIs ending with a slash'),
  description: (l10n) => l10n.t('App ID URIs must not end with a slash.'),
  docs: 'https://learn.microsoft.com/entra/identity-platform/reference-microsoft-graph-app-manifest',
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    // Whether a URI ends with a slash it must not have depends on its text only: judged once per distinct text.
    const slashed = (t: IdentifierUriText): boolean =>
      t.value.endsWith('/') && !/^[a-z][a-z0-9+.-]*:\/*$/i.test(t.value);
    const listed = identifierUrisWhere(ctx, slashed);
    for (let at = 0; at < listed.length; at++) {
      const u = listed[at]!;
      // Past the listing limit, counted without making the entry's node.
      if (out.tallyAfter(u.start)) continue;
      const node = u.node;
      if (out.tally(node)) continue;
      const fixed = withoutTrailingSlashes(u.value);
      out.add(node, (subject) =>
        report(self, subject, u.path, l10n.t("App ID URIs must not end with '/'. Use {0}.", fixed), {
          fixes: [lazyFix(l10n.t('Remove the trailing slash'), () => [replaceNode(subject, fixed)], true)],
        }),
      );
    }
    return out.list;
  },
});

export const identifierUriFormat = defineRule({
  id: 'identifier-uri-format',
  severity: 'error',
  title: (l10n) => l10n.t('App ID URIs in a form that is not allowed'),
  description: (l10n) =>
    l10n.t(
      'App ID URIs have no wildcards; with personal accounts also no urn: scheme, query or fragment, at most 120 characters and 50 URIs (255 characters otherwise).',
    ),
  docs: ACCOUNTS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const personal = audienceOf(ctx) === 'personal';
    const out = findings(ctx, self);
    const items = identifierUris(ctx);
    // Past the listing limit, a finding after every kept one is only counted (its node is not made).
    const add = (u: IdentifierUri, make: (subject: JsonNode) => Problem): void => {
      if (!out.tallyAfter(u.start)) out.add(u.node, make);
    };
    const max = personal ? 120 : 255;
    // The texts some check below reports (each check reads the text only).
    const reported = (t: IdentifierUriText): boolean =>
      !t.placeholder &&
      (!t.parsed ||
        t.value.includes('*') ||
        (personal && (t.parsed.scheme === 'urn' || /[?#]/.test(t.value))) ||
        t.value.length > max);
    const listed = identifierUrisWhere(ctx, reported);
    for (let at = 0; at < listed.length; at++) {
      const u = listed[at]!;
      const p = u.parsed;
      if (!p) {
        add(u, (subject) =>
          report(
            self,
            subject,
            u.path,
            l10n.t(
              "'{0}' is not an absolute URI. Use api://{appId} or https://{verified domain}/{path}.",
              short(u.value),
            ),
          ),
        );
        continue;
      }
      if (u.value.includes('*'))
        add(u, (subject) =>
          report(
            self,
            subject,
            u.path,
            l10n.t('Wildcards are not allowed in App ID URIs. Use a concrete URI such as api://{appId}.'),
          ),
        );
      else if (personal && p.scheme === 'urn')
        add(u, (subject) =>
          report(
            self,
            subject,
            u.path,
            l10n.t('urn: App ID URIs are not allowed for {0}. Use api://{appId}.', String(ctx.signInAudience)),
          ),
        );
      else if (personal && /[?#]/.test(u.value))
        add(u, (subject) =>
          report(
            self,
            subject,
            u.path,
            l10n.t(
              'Query strings and fragments are not allowed in App ID URIs for {0}. Remove them.',
              String(ctx.signInAudience),
            ),
          ),
        );
      if (u.value.length > max)
        add(u, (subject) =>
          report(
            self,
            subject,
            u.path,
            l10n.t('The App ID URI is {0} characters; the limit is {1}. Shorten it.', u.value.length, max),
          ),
        );
    }
    if (personal && items.length > 50) {
      const over = items[50];
      if (over)
        out.add(over.node, (subject) =>
          report(
            self,
            subject,
            over.path,
            l10n.t(
              '{0} App ID URIs; apps that allow personal accounts may have at most 50. Remove {1}.',
              items.length,
              items.length - 50,
            ),
          ),
        );
    }
    return out.list;
  },
});

export const identifierUriGuid = defineRule({
  id: 'identifier-uri-guid',
  severity: 'warning',
  title: (l10n) => l10n.t('App ID URIs with a GUID that is not the appId'),
  description: (l10n) => l10n.t('A GUID right after api:// must be the appId (or the tenant id followed by a path).'),
  docs: 'https://learn.microsoft.com/entra/identity-platform/identifier-uri-restrictions',
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const own = ownAppId(ctx);
    if (own === undefined) return [];
    const out = findings(ctx, self);
    // The GUID right after api:// when it is not the appId (undefined otherwise).
    const guidOf = (value: string): string | undefined => {
      const m = /^api:\/\/([0-9a-f-]{36})\/?$/i.exec(value);
      return m && isGuid(m[1] ?? '') && (m[1] ?? '').toLowerCase() !== own ? m[1] : undefined;
    };
    const listed = identifierUrisWhere(ctx, (t) => guidOf(t.value) !== undefined);
    for (let at = 0; at < listed.length; at++) {
      const u = listed[at]!;
      const guid = guidOf(u.value)!;
      out.add(u.node, (subject) =>
        report(
          self,
          subject,
          u.path,
          l10n.t(
            "The GUID in api://{0} is not this app's appId ({1}). Use api://{1}, or api://{tenantId}/{1}.",
            guid,
            own,
          ),
          {
            fixes: [lazyFix(l10n.t('Use api://{0}', own), () => [replaceNode(u.node, `api://${own}`)])],
          },
        ),
      );
    }
    return out.list;
  },
});

export const identifierUriPolicy = defineRule({
  id: 'identifier-uri-policy',
  severity: 'info',
  title: (l10n) => l10n.t('App ID URIs without a verified domain, tenant id or appId'),
  description: (l10n) =>
    l10n.t(
      'On v1-token apps and on apps for personal accounts, App ID URIs must contain a verified domain, the tenant id or the appId (api://{appId}, api://{tenantId}/{appId}).',
    ),
  docs: RESTRICTIONS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const tv = tokenVersion(ctx);
    const v = tv.value;
    // Apps for personal accounts get the secure formats whatever their token version.
    const personal = audienceOf(ctx) === 'personal';
    if (!personal && (v === 2 || typeof v === 'string')) return [];
    // A partial object (an update body) that does not set the version leaves it as it is: unknown.
    if (!personal && versionUnknown(ctx, tv.node)) return [];
    const own = ownAppId(ctx);
    const out = findings(ctx, self);
    // Whether a URI is fine depends on its text only: decided once per distinct URI.
    const isFine = ({ value, placeholder, parsed: p }: IdentifierUriText): boolean => {
      if (placeholder || isDefaultUri(value, own)) return true;
      if (!p) return true;
      if (p.scheme === 'api') {
        const lower = value.toLowerCase();
        if ((own !== undefined && lower.includes(own)) || /^api:\/\/[0-9a-f-]{36}\//i.test(value)) return true;
        if (own === undefined && findGuid(value) !== undefined) return true;
      }
      return p.scheme === 'https' && p.host.endsWith('.onmicrosoft.com');
    };
    const listed = identifierUrisWhere(ctx, (t) => !isFine(t));
    for (let at = 0; at < listed.length; at++) {
      const u = listed[at]!;
      if (out.tallyAfter(u.start) || out.tally(u.node)) continue;
      const p = u.parsed!;
      const audience = String(ctx.signInAudience);
      const message = (): string =>
        p.scheme === 'https'
          ? personal
            ? l10n.t(
                'Make sure {0} is a verified domain of the tenant: apps for personal accounts ({1}) accept only new URIs that contain a verified domain, tenant ID or app ID.',
                p.host,
                audience,
              )
            : l10n.t(
                'Make sure {0} is a verified domain of the tenant: on v1-token apps the default tenant policy accepts only new URIs that contain a verified domain, tenant ID or app ID.',
                p.host,
              )
          : personal
            ? l10n.t(
                'Apps for personal accounts ({0}) accept only App ID URIs with the app ID, the tenant ID or a verified domain. Use api://{appId} or api://{tenantId}/{appId}.',
                audience,
              )
            : l10n.t(
                "On v1-token apps the default tenant policy rejects new URIs that don't contain a verified domain, tenant ID or app ID. Prefer api://{appId}, or switch to v2 tokens.",
              );
      out.add(u.node, (subject) => report(self, subject, u.path, message()));
    }
    return out.list;
  },
});

const TUNNELS = ['ngrok.io', 'ngrok-free.app', 'ngrok.app', 'devtunnels.ms', 'loca.lt', 'trycloudflare.com'];

export const identifierUriTunnel = defineRule({
  id: 'identifier-uri-tunnel',
  severity: 'warning',
  title: (l10n) => l10n.t('App ID URIs on dev-tunnel hosts'),
  description: (l10n) =>
    l10n.t('App ID URIs on dev-tunnel hosts (ngrok, devtunnels, localtunnel, trycloudflare) leak into production.'),
  docs: BEST_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    // The tunnel domain of each distinct text, looked up once.
    const tunnels = new Map<IdentifierUriText, string>();
    const onTunnel = (text: IdentifierUriText): boolean => {
      const host = text.parsed?.host ?? '';
      const t = text.placeholder ? undefined : TUNNELS.find((d) => host === d || host.endsWith('.' + d));
      if (t !== undefined) tunnels.set(text, t);
      return t !== undefined;
    };
    const listed = identifierUrisWhere(ctx, onTunnel);
    for (let at = 0; at < listed.length; at++) {
      const u = listed[at]!;
      const host = u.parsed?.host ?? '';
      const t = tunnels.get(u.text)!;
      out.add(u.node, (subject) =>
        report(
          self,
          subject,
          u.path,
          l10n.t(
            '{0} is a temporary tunnel host ({1}); anyone who later gets that name can claim this URI. Use api://{appId} or a domain you own.',
            host,
            t,
          ),
        ),
      );
    }
    return out.list;
  },
});

export const identifierUriPublicClient = defineRule({
  id: 'identifier-uri-public-client',
  severity: 'warning',
  title: (l10n) => l10n.t('App ID URIs on public clients'),
  description: (l10n) => l10n.t('Public clients (allowPublicClient) cannot have App ID URIs in the legacy manifest.'),
  docs: LEGACY_DOCS,
  formats: ['legacy'],
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const root = rootObject(ctx);
    if (bool(child(root, 'allowPublicClient')) !== true) return [];
    const key = keyNode(root, 'identifierUris');
    if (!identifierUriTexts(ctx).some((t) => !t.placeholder) || !key) return [];
    return [
      report(
        self,
        key,
        ['identifierUris'],
        l10n.t(
          'A public client cannot expose App ID URIs. Set allowPublicClient to false or move the API to its own app registration.',
        ),
      ),
    ];
  },
});

export const identifierUriRules: readonly Rule[] = [
  identifierUriTrailingSlash,
  identifierUriFormat,
  identifierUriGuid,
  identifierUriPolicy,
  identifierUriTunnel,
  identifierUriPublicClient,
];
