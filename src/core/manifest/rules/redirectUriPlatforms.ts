// Rules about redirect URIs across entries and platforms (duplicates, loopback ports, one page on
// Web and SPA) and about the front-channel logout URL.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import {
  ALL_FORMATS,
  audienceOf,
  child,
  defineRule,
  hasPlaceholder,
  lazyFix,
  report,
  rootObject,
  str,
  short,
  findings,
} from './util';
import { removeFix } from './edits';
import {
  LOOPBACK,
  REPLY_DOCS,
  hasRedirectPlatform,
  redirectUriTexts,
  redirectUris,
  redirectUrisWhere,
  splitUri,
  type Platform,
  type RedirectUri,
  type UriText,
} from './redirectUriModel';

const ACCOUNTS_DOCS = 'https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation';

export const redirectUriDuplicate = defineRule({
  id: 'redirect-uri-duplicate',
  severity: 'warning',
  title: (l10n) => l10n.t('Redirect URIs registered twice on a platform'),
  description: (l10n) => l10n.t('A redirect URI is registered once per platform.'),
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const all = redirectUris(ctx);
    // No text written twice: no entry can repeat another.
    if (redirectUriTexts(ctx).length === all.length) return [];
    const out = findings(ctx, self);
    // One map per platform (no key string per URI); the "already registered at" text once per first.
    const seen = new Map<Platform, Map<string, RedirectUri>>();
    const where = new Map<RedirectUri, string>();
    for (let k = 0; k < all.length; k++) {
      const u = all[k]!;
      if (u.placeholder) continue;
      let platform = seen.get(u.platform);
      if (!platform) seen.set(u.platform, (platform = new Map()));
      const first = platform.get(u.value);
      if (first) {
        if (out.tallyAfter(u.start) || out.tally(u.node)) continue;
        let at = where.get(first);
        if (at === undefined) where.set(first, (at = first.path.join('/')));
        out.add(u.node, (subject) => {
          const fix = lazyFix(l10n.t('Remove the duplicate redirect URI'), () => {
            // Legacy replyUrlsWithType entries are objects ({url, type}): the whole entry goes.
            const entry = u.path[u.path.length - 1] === 'url' ? u.path.slice(0, -1) : u.path;
            return removeFix(ctx, entry, '').edits.slice();
          });
          return report(
            self,
            subject,
            u.path,
            l10n.t('This URI is already registered at /{0}. Remove the duplicate.', at),
            {
              tags: ['unnecessary'],
              fixes: [fix],
            },
          );
        });
      } else platform.set(u.value, u);
    }
    return out.list;
  },
});

export const redirectUriLocalhostPort = defineRule({
  id: 'redirect-uri-localhost-port',
  severity: 'hint',
  title: (l10n) => l10n.t('Loopback redirect URIs that differ only by port'),
  description: (l10n) =>
    l10n.t('Loopback redirect URIs that differ only by port are redundant: the port is ignored when matching.'),
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const seen = new Map<string, RedirectUri>();
    // Per platform and text, the first entry it differs from only by port (null: none). A text
    // met again on its platform has the same answer: the first entry of its key is set by then.
    const differs = new Map<Platform, Map<UriText, RedirectUri | null>>();
    const listed = redirectUrisWhere(ctx, (t) => !t.placeholder && !!t.parsed && LOOPBACK.has(t.parsed.host));
    for (let at = 0; at < listed.length; at++) {
      const u = listed[at]!;
      let byText = differs.get(u.platform);
      if (byText === undefined) differs.set(u.platform, (byText = new Map()));
      let first = byText.get(u.text);
      if (first === undefined) {
        const p = u.parsed!;
        const key = `${u.platform} ${p.scheme}://${p.host}${p.rest}`;
        const earlier = seen.get(key);
        if (earlier === undefined) seen.set(key, u);
        first = earlier !== undefined && earlier.value !== u.value ? earlier : null;
        byText.set(u.text, first);
      }
      if (first !== null) {
        const other = first;
        if (out.tallyAfter(u.start) || out.tally(u.node)) continue;
        out.add(u.node, (subject) =>
          report(
            self,
            subject,
            u.path,
            l10n.t(
              'This differs from {0} only by port, which Entra ignores for localhost. Keep one, and use distinct paths to tell apps apart.',
              short(other.value),
            ),
          ),
        );
      }
    }
    return out.list;
  },
});

/** A redirect URI without its query and fragment (placeholders kept as written): the endpoint it names. */
function endpointOf(u: RedirectUri): string | undefined {
  if (u.placeholder) return u.value.replace(/[?#].*$/s, '');
  const p = u.parsed;
  if (!p) return undefined;
  return `${p.scheme.toLowerCase()}://${p.host.toLowerCase()}${p.port ? `:${p.port}` : ''}${p.rest.replace(/[?#].*$/s, '')}`;
}

export const redirectUriSpaAndWeb = defineRule({
  id: 'redirect-uri-spa-and-web',
  severity: 'warning',
  title: (l10n) => l10n.t('Redirect URIs on both the Web and SPA platforms'),
  description: (l10n) =>
    l10n.t(
      'An endpoint is registered on one of the Web and SPA platforms: the same URI on both makes the flow depend on the platform matched (a warning); the same page differing only by query is an info.',
    ),
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    // SPA URIs are reported against Web ones: both platforms are needed.
    if (!hasRedirectPlatform(ctx, 'spa') || !hasRedirectPlatform(ctx, 'web')) return [];
    const all = redirectUris(ctx);
    // Web URIs by their whole text (templates: the same placeholders render to the same URI) and by endpoint.
    const web = new Map<string, RedirectUri>();
    const webEndpoints = new Map<string, RedirectUri>();
    for (let k = 0; k < all.length; k++) {
      const u = all[k]!;
      // A URI seen before has its endpoint recorded already (by its first entry, which wins).
      if (u.platform !== 'web' || web.has(u.value)) continue;
      web.set(u.value, u);
      const e = endpointOf(u);
      if (e !== undefined && !webEndpoints.has(e)) webEndpoints.set(e, u);
    }
    const out = findings(ctx, self);
    // The Web entry whose endpoint a SPA URI names (null: none), once per distinct SPA URI.
    const sameEndpoint = new Map<string, RedirectUri | null>();
    for (let k = 0; k < all.length; k++) {
      const u = all[k]!;
      if (u.platform !== 'spa') continue;
      if (web.has(u.value)) {
        if (out.tallyAfter(u.start) || out.tally(u.node)) continue;
        out.add(u.node, (subject) =>
          report(
            self,
            subject,
            u.path,
            l10n.t(
              'This URI is registered for both Single-page application and Web. Keep it on the one platform the app uses (SPA for browser code with PKCE, Web for server-side code).',
            ),
          ),
        );
        continue;
      }
      let other = sameEndpoint.get(u.value);
      if (other === undefined) {
        const e = endpointOf(u);
        other = (e === undefined ? undefined : webEndpoints.get(e)) ?? null;
        sameEndpoint.set(u.value, other);
      }
      if (other && !out.tallyAfter(u.start) && !out.tally(u.node, 'info'))
        out.add(
          u.node,
          (subject) =>
            report(
              self,
              subject,
              u.path,
              l10n.t(
                "This page is also registered for Web ({0}), differing only by query. Entra matches the whole URI, so which platform's rules apply (a browser may redeem codes only for SPA URIs) depends on the query the app sends. Give each platform its own page, or keep one platform.",
                short(other.value),
              ),
              { severity: 'info' },
            ),
          'info',
        );
    }
    return out.list;
  },
});

export const logoutUrlHttps = defineRule({
  id: 'logout-url-https',
  severity: 'error',
  title: (l10n) => l10n.t('Logout URLs without https or too long'),
  description: (l10n) =>
    l10n.t(
      'The front-channel logout URL uses https (http://localhost only for Entra-only audiences), at most 255 characters.',
    ),
  docs: ACCOUNTS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const root = rootObject(ctx);
    const out = findings(ctx, self);
    const personal = audienceOf(ctx) === 'personal';
    for (const [node, path] of [
      [child(child(root, 'web'), 'logoutUrl'), ['web', 'logoutUrl']],
      [child(root, 'logoutUrl'), ['logoutUrl']],
    ] as const) {
      const v = str(node);
      if (!node || v === undefined || v === '' || hasPlaceholder(v)) continue;
      const p = splitUri(v);
      if (!p || (p.scheme !== 'https' && !(p.scheme === 'http' && LOOPBACK.has(p.host)))) {
        out.add(node, (subject) =>
          report(self, subject, path, l10n.t('The logout URL must use https. Change the scheme to https.')),
        );
      } else if (p.scheme === 'http' && personal) {
        out.add(node, (subject) =>
          report(
            self,
            subject,
            path,
            l10n.t(
              'http://localhost logout URLs are rejected for {0}. Use https://localhost.',
              String(ctx.signInAudience),
            ),
          ),
        );
      } else if (v.length > 255) {
        out.add(node, (subject) =>
          report(self, subject, path, l10n.t('The logout URL is {0} characters; the limit is 255.', v.length)),
        );
      } else if (personal && v.includes('*')) {
        out.add(node, (subject) =>
          report(
            self,
            subject,
            path,
            l10n.t('Wildcards are not allowed in the logout URL for apps that allow personal accounts.'),
          ),
        );
      }
    }
    return out.list;
  },
});
