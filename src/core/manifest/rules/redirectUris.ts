// Rules about each redirect (reply) URI: scheme, out-of-band, wildcards, query strings, characters,
// length and count. Rules about URIs across platforms are in redirectUriPlatforms.ts.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import type { Rule } from '../types';
import { ALL_FORMATS, audienceOf, defineRule, lazyFix, report, short, findings } from './util';
import { LOOPBACK, OOB, REPLY_DOCS, redirectUris, redirectUrisWhere, type UriText } from './redirectUriModel';
import {
  logoutUrlHttps,
  redirectUriDuplicate,
  redirectUriLocalhostPort,
  redirectUriSpaAndWeb,
} from './redirectUriPlatforms';
import { REDIRECT_URI_LIMIT, REDIRECT_URI_LIMIT_PERSONAL } from '../../entra/limits';
import { formatCount } from '../../text/count';

export { redirectUris, splitUri, type Parsed, type Platform, type RedirectUri } from './redirectUriModel';

/** A text the scheme rule may report: not an absolute URI, [::1], or neither https nor loopback http. */
function schemeSuspect(t: UriText): boolean {
  if (t.placeholder) return false;
  const p = t.parsed;
  if (!p || (p.hasAuthority && p.host === '[::1]')) return true;
  return p.scheme !== 'https' && !(p.scheme === 'http' && LOOPBACK.has(p.host));
}

const DESKTOP_DOCS = 'https://learn.microsoft.com/entra/identity-platform/scenario-desktop-app-registration';

export const redirectUriScheme = defineRule({
  id: 'redirect-uri-scheme',
  severity: 'error',
  title: (l10n) => l10n.t('Redirect URIs without https'),
  description: (l10n) =>
    l10n.t('Redirect URIs use https (http only for localhost/127.0.0.1); custom schemes only on Mobile and desktop.'),
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const listed = redirectUrisWhere(ctx, schemeSuspect);
    for (let at = 0; at < listed.length; at++) {
      const u = listed[at]!;
      const p = u.parsed;
      // tally first: a long list's findings past the limit are only counted (no builder made).
      if (!p) {
        if (out.tallyAfter(u.start) || out.tally(u.node)) continue;
        out.add(
          u.node,
          (subject) =>
            report(
              self,
              subject,
              u.path,
              l10n.t(
                "'{0}' is not an absolute URI. Write the full URI, e.g. https://contoso.com/auth.",
                short(u.value),
              ),
            ),
          undefined,
          true,
        );
        continue;
      }
      if (p.hasAuthority && p.host === '[::1]') {
        if (out.tallyAfter(u.start) || out.tally(u.node)) continue;
        out.add(
          u.node,
          (subject) =>
            report(
              self,
              subject,
              u.path,
              l10n.t('The IPv6 loopback [::1] is not supported. Use http://127.0.0.1 or http://localhost.'),
            ),
          undefined,
          true,
        );
        continue;
      }
      if (p.scheme === 'https') continue;
      if (p.scheme === 'http') {
        if (!LOOPBACK.has(p.host) && !out.tallyAfter(u.start) && !out.tally(u.node)) {
          const https = 'https' + u.value.slice(u.value.indexOf(':'));
          out.add(u.node, (subject) =>
            report(
              self,
              subject,
              u.path,
              l10n.t('http is allowed only for http://localhost and http://127.0.0.1. Use https.'),
              {
                fixes: [
                  lazyFix(
                    l10n.t('Change to https'),
                    () => [{ offset: u.node.offset, length: u.node.length, content: JSON.stringify(https) }],
                    true,
                  ),
                ],
              },
            ),
          );
        }
        continue;
      }
      // Nested app authentication (Teams/Office hosts) registers broker URIs (brk-…://) as SPA.
      if (u.platform === 'spa' && p.scheme.startsWith('brk-')) continue;
      if ((u.platform === 'web' || u.platform === 'spa') && !out.tallyAfter(u.start) && !out.tally(u.node)) {
        out.add(
          u.node,
          (subject) =>
            report(
              self,
              subject,
              u.path,
              l10n.t(
                'The {0}: scheme is allowed only for Mobile and desktop apps. Use https here, or move the URI to publicClient.redirectUris (msal{clientId}://auth, msauth.{bundle}://auth).',
                p.scheme,
              ),
            ),
          undefined,
          true,
        );
      }
    }
    return out.list;
  },
});

export const redirectUriOob = defineRule({
  id: 'redirect-uri-oob',
  severity: 'warning',
  title: (l10n) => l10n.t('The out-of-band redirect URI'),
  description: (l10n) =>
    l10n.t('urn:ietf:wg:oauth:2.0:oob is discouraged; use http://localhost or the nativeclient URI.'),
  docs: DESKTOP_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const listed = redirectUrisWhere(ctx, (t) => t.value.length === OOB.length && t.value.toLowerCase() === OOB);
    for (let at = 0; at < listed.length; at++) {
      const u = listed[at]!;
      if (out.tallyAfter(u.start)) continue;
      out.add(u.node, (subject) =>
        report(
          self,
          subject,
          u.path,
          l10n.t(
            'The out-of-band URI is discouraged. Use http://localhost (system browser) or https://login.microsoftonline.com/common/oauth2/nativeclient (embedded browser).',
          ),
          {
            tags: ['deprecated'],
          },
        ),
      );
    }
    return out.list;
  },
});

export const redirectUriWildcard = defineRule({
  id: 'redirect-uri-wildcard',
  severity: 'warning',
  title: (l10n) => l10n.t('Wildcard redirect URIs'),
  description: (l10n) =>
    l10n.t('Wildcard redirect URIs are rejected for personal-account audiences and unsafe elsewhere.'),
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const personal = audienceOf(ctx) === 'personal';
    const out = findings(ctx, self);
    const listed = redirectUrisWhere(ctx, (t) => !t.placeholder && t.value.includes('*'));
    for (let at = 0; at < listed.length; at++) {
      const u = listed[at]!;
      if (out.tallyAfter(u.start)) continue;
      if (personal)
        out.add(
          u.node,
          (subject) =>
            report(
              self,
              subject,
              u.path,
              l10n.t(
                'Wildcards are not supported for {0}. List each redirect URI explicitly.',
                String(ctx.signInAudience),
              ),
              { severity: 'error' },
            ),
          'error',
        );
      else
        out.add(u.node, (subject) =>
          report(
            self,
            subject,
            u.path,
            l10n.t(
              'Wildcard redirect URIs let an attacker who controls a matching host receive tokens. List each redirect URI explicitly.',
            ),
          ),
        );
    }
    return out.list;
  },
});

export const redirectUriQuery = defineRule({
  id: 'redirect-uri-query',
  severity: 'error',
  title: (l10n) => l10n.t('Redirect URIs with a query string'),
  description: (l10n) => l10n.t('Query strings in redirect URIs are allowed only for Entra-only audiences.'),
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    if (audienceOf(ctx) !== 'personal') return [];
    const out = findings(ctx, self);
    const listed = redirectUrisWhere(ctx, (t) => !t.placeholder && t.value.includes('?'));
    for (let at = 0; at < listed.length; at++) {
      const u = listed[at]!;
      if (out.tallyAfter(u.start)) continue;
      out.add(u.node, (subject) =>
        report(
          self,
          subject,
          u.path,
          l10n.t(
            'Query strings are not allowed in redirect URIs when signInAudience is {0}. Remove the query; pass state in the state parameter.',
            String(ctx.signInAudience),
          ),
        ),
      );
    }
    return out.list;
  },
});

const FORBIDDEN = /[!$'(),;]/g;
const HAS_FORBIDDEN = /[!$'(),;]/;

export const redirectUriCharacters = defineRule({
  id: 'redirect-uri-characters',
  severity: 'error',
  title: (l10n) => l10n.t('Redirect URIs with characters that are not allowed'),
  description: (l10n) => l10n.t("Redirect URIs must not contain ! $ ' ( ) , ;"),
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const listed = redirectUrisWhere(ctx, (t) => !t.placeholder && HAS_FORBIDDEN.test(t.value));
    for (let at = 0; at < listed.length; at++) {
      const u = listed[at]!;
      // (The characters are listed for a reported entry only: past the limit, entries are counted.)
      if (out.tallyAfter(u.start) || out.tally(u.node)) continue;
      const bad = [...new Set(u.value.match(FORBIDDEN))];
      out.add(u.node, (subject) =>
        report(
          self,
          subject,
          u.path,
          l10n.t(
            'The redirect URI contains {0}, which is not allowed. Remove or percent-encode these characters.',
            bad.join(' '),
          ),
        ),
      );
    }
    return out.list;
  },
});

export const redirectUriLength = defineRule({
  id: 'redirect-uri-length',
  severity: 'error',
  title: (l10n) => l10n.t('Redirect URIs over 256 characters'),
  description: (l10n) => l10n.t('Redirect URIs are at most 256 characters.'),
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const listed = redirectUrisWhere(ctx, (t) => !t.placeholder && t.value.length > 256);
    for (let at = 0; at < listed.length; at++) {
      const u = listed[at]!;
      if (out.tallyAfter(u.start)) continue;
      out.add(u.node, (subject) =>
        report(
          self,
          subject,
          u.path,
          l10n.t('The redirect URI is {0} characters; the limit is 256. Shorten the path.', u.value.length),
        ),
      );
    }
    return out.list;
  },
});

export const redirectUriCount = defineRule({
  id: 'redirect-uri-count',
  severity: 'error',
  title: (l10n) => l10n.t('Too many redirect URIs'),
  description: (l10n) => l10n.t('At most 256 redirect URIs across platforms (100 when personal accounts are allowed).'),
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const all = redirectUris(ctx);
    const personal = audienceOf(ctx) === 'personal';
    const max = personal ? REDIRECT_URI_LIMIT_PERSONAL : REDIRECT_URI_LIMIT;
    if (all.length <= max) return [];
    const over = all[max];
    if (!over) return [];
    return [
      report(
        self,
        over.node,
        over.path,
        personal
          ? l10n.t(
              '{0} redirect URIs across platforms; the limit is {1} for apps that allow personal accounts. Remove {2} (this is the first one over the limit).',
              formatCount(all.length),
              max,
              formatCount(all.length - max),
            )
          : l10n.t(
              '{0} redirect URIs across platforms; the limit is {1}. Remove {2} (this is the first one over the limit).',
              formatCount(all.length),
              max,
              formatCount(all.length - max),
            ),
      ),
    ];
  },
});

export const redirectUriRules: readonly Rule[] = [
  redirectUriScheme,
  redirectUriOob,
  redirectUriWildcard,
  redirectUriQuery,
  redirectUriCharacters,
  redirectUriLength,
  redirectUriCount,
  redirectUriDuplicate,
  redirectUriLocalhostPort,
  redirectUriSpaAndWeb,
  logoutUrlHttps,
];
