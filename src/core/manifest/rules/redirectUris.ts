// Rules about redirect (reply) URIs: `web`, `spa` and `publicClient` redirectUris, legacy
// `replyUrlsWithType[{url,type}]`, and the front-channel logout URL.
import type { Node as JsonNode } from 'jsonc-parser';
import type { Problem, Rule, RuleContext } from '../types';
import {
  ALL_FORMATS,
  audienceOf,
  child,
  defineRule,
  perRun,
  elements,
  hasPlaceholder,
  lazyFix,
  removeFix,
  report,
  rootObject,
  str,
  type Segment,
  short,
} from './util';

const REPLY_DOCS = 'https://learn.microsoft.com/entra/identity-platform/reply-url';
const DESKTOP_DOCS = 'https://learn.microsoft.com/entra/identity-platform/scenario-desktop-app-registration';
const ACCOUNTS_DOCS = 'https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation';

export type Platform = 'web' | 'spa' | 'public' | 'unknown';

export interface RedirectUri {
  readonly node: JsonNode;
  readonly value: string;
  readonly path: readonly Segment[];
  readonly platform: Platform;
  /** Teams Toolkit placeholder inside: the real value is unknown. */
  readonly placeholder: boolean;
  /** splitUri of the value, computed once per run: null when not an absolute URI, undefined for placeholders. */
  readonly parsed: Parsed | null | undefined;
}

const LEGACY_TYPES: ReadonlyMap<string, Platform> = new Map([
  ['web', 'web'],
  ['spa', 'spa'],
  ['installedclient', 'public'],
]);

const cache = new WeakMap<object, RedirectUri[]>();

/** Every redirect URI written in the document, with its platform. */
export function redirectUris(ctx: RuleContext): RedirectUri[] {
  return perRun(ctx, 'redirectUris', cache, () => {
    const root = rootObject(ctx);
    const out: RedirectUri[] = [];
    for (const [key, platform] of PLATFORM_KEYS) {
      const items = elements(child(child(root, key), 'redirectUris'));
      const base = [key, 'redirectUris'] as const;
      for (let i = 0; i < items.length; i++) addUri(out, items[i]!, base, i, false, platform);
    }
    const legacy = elements(child(root, 'replyUrlsWithType'));
    const base = ['replyUrlsWithType'] as const;
    for (let i = 0; i < legacy.length; i++) {
      const n = legacy[i]!;
      const url = child(n, 'url');
      const type = str(child(n, 'type'));
      if (url) addUri(out, url, base, i, true, legacyPlatform(type));
    }
    // The pre-2019 Azure AD Graph object: plain reply URLs (web sign-in).
    const old = elements(child(root, 'replyUrls'));
    for (let i = 0; i < old.length; i++) addUri(out, old[i]!, ['replyUrls'], i, false, 'web');
    return out;
  });
}

/** The platform of a legacy replyUrlsWithType type (own entries only: "constructor" is no type). */
function legacyPlatform(type: string | undefined): Platform {
  return (type !== undefined && LEGACY_TYPES.get(type.toLowerCase())) || 'unknown';
}

const PLATFORM_KEYS = [
  ['web', 'web'],
  ['spa', 'spa'],
  ['publicClient', 'public'],
] as const;

/** A redirect URI whose path is made when read (most are never reported). */
class Entry implements RedirectUri {
  private madePath: Segment[] | undefined;
  constructor(
    readonly node: JsonNode,
    readonly value: string,
    private readonly base: readonly Segment[],
    private readonly index: number,
    private readonly inObject: boolean,
    readonly platform: Platform,
    readonly placeholder: boolean,
    readonly parsed: Parsed | null | undefined,
  ) {}

  get path(): readonly Segment[] {
    return (this.madePath ??= this.inObject ? [...this.base, this.index, 'url'] : [...this.base, this.index]);
  }
}

function addUri(
  out: RedirectUri[],
  node: JsonNode,
  base: readonly Segment[],
  index: number,
  inObject: boolean,
  platform: Platform,
): void {
  const value = str(node);
  if (value === undefined) return;
  const placeholder = hasPlaceholder(value);
  out.push(
    new Entry(
      node,
      value,
      base,
      index,
      inObject,
      platform,
      placeholder,
      placeholder ? undefined : (splitUri(value) ?? null),
    ),
  );
}

export interface Parsed {
  scheme: string;
  host: string;
  port: string;
  rest: string;
  hasAuthority: boolean;
}

/** Splits a URI into scheme, host, port and the rest (path, query, fragment), without normalising. */
export function splitUri(uri: string): Parsed | undefined {
  // A character loop (what /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?(.*)$/s and /[/?#]/ found): rules
  // split every redirect URI and App ID URI of a document.
  const n = uri.length;
  if (n === 0 || !isAsciiLetter(uri.charCodeAt(0))) return undefined;
  let i = 1;
  while (i < n && isSchemeChar(uri.charCodeAt(i))) i++;
  if (i >= n || uri.charCodeAt(i) !== 58 /* : */) return undefined;
  const scheme = uri.slice(0, i).toLowerCase();
  let start = i + 1;
  if (uri.charCodeAt(start) !== 47 /* / */ || uri.charCodeAt(start + 1) !== 47)
    return { scheme, host: '', port: '', rest: uri.slice(start), hasAuthority: false };
  start += 2;
  let end = start;
  for (; end < n; end++) {
    const c = uri.charCodeAt(end);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) break;
  }
  let authority = uri.slice(start, end);
  const rest = uri.slice(end);
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  let host = authority;
  let port = '';
  const v6 = authority.charCodeAt(0) === 91 /* [ */ ? /^(\[[^\]]*\])(?::(.*))?$/.exec(authority) : null;
  if (v6) {
    host = v6[1] ?? '';
    port = v6[2] ?? '';
  } else {
    const c = authority.lastIndexOf(':');
    if (c >= 0) {
      host = authority.slice(0, c);
      port = authority.slice(c + 1);
    }
  }
  return { scheme, host: host.toLowerCase(), port, rest, hasAuthority: true };
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** [A-Za-z0-9+.-] */
function isSchemeChar(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1']);
const OOB = 'urn:ietf:wg:oauth:2.0:oob';

export const redirectUriScheme = defineRule({
  id: 'redirect-uri-scheme',
  severity: 'error',
  description:
    'Redirect URIs use https (http only for localhost/127.0.0.1); custom schemes only on Mobile and desktop.',
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    for (const u of redirectUris(ctx)) {
      if (u.placeholder) continue;
      const p = u.parsed;
      if (!p) {
        out.push(
          report(
            self,
            u.node,
            u.path,
            `'${short(u.value)}' is not an absolute URI. Write the full URI, e.g. https://contoso.com/auth.`,
          ),
        );
        continue;
      }
      if (p.hasAuthority && p.host === '[::1]') {
        out.push(
          report(
            self,
            u.node,
            u.path,
            'The IPv6 loopback [::1] is not supported. Use http://127.0.0.1 or http://localhost.',
          ),
        );
        continue;
      }
      if (p.scheme === 'https') continue;
      if (p.scheme === 'http') {
        if (!LOOPBACK.has(p.host)) {
          const https = 'https' + u.value.slice(u.value.indexOf(':'));
          out.push(
            report(self, u.node, u.path, 'http is allowed only for http://localhost and http://127.0.0.1. Use https.', {
              fixes: [
                lazyFix(
                  'Change to https',
                  () => [{ offset: u.node.offset, length: u.node.length, content: JSON.stringify(https) }],
                  true,
                ),
              ],
            }),
          );
        }
        continue;
      }
      // Nested app authentication (Teams/Office hosts) registers broker URIs (brk-…://) as SPA.
      if (u.platform === 'spa' && p.scheme.startsWith('brk-')) continue;
      if (u.platform === 'web' || u.platform === 'spa') {
        out.push(
          report(
            self,
            u.node,
            u.path,
            `The ${p.scheme}: scheme is allowed only for Mobile and desktop apps. Use https here, or move the URI to publicClient.redirectUris (msal{clientId}://auth, msauth.{bundle}://auth).`,
          ),
        );
      }
    }
    return out;
  },
});

export const redirectUriOob = defineRule({
  id: 'redirect-uri-oob',
  severity: 'warning',
  description: 'urn:ietf:wg:oauth:2.0:oob is discouraged; use http://localhost or the nativeclient URI.',
  docs: DESKTOP_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    return redirectUris(ctx)
      .filter((u) => u.value.toLowerCase() === OOB)
      .map((u) =>
        report(
          self,
          u.node,
          u.path,
          'The out-of-band URI is discouraged. Use http://localhost (system browser) or https://login.microsoftonline.com/common/oauth2/nativeclient (embedded browser).',
          {
            tags: ['deprecated'],
          },
        ),
      );
  },
});

export const redirectUriWildcard = defineRule({
  id: 'redirect-uri-wildcard',
  severity: 'warning',
  description: 'Wildcard redirect URIs are rejected for personal-account audiences and unsafe elsewhere.',
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const personal = audienceOf(ctx) === 'personal';
    return redirectUris(ctx)
      .filter((u) => !u.placeholder && u.value.includes('*'))
      .map((u) =>
        personal
          ? report(
              self,
              u.node,
              u.path,
              `Wildcards are not supported for ${ctx.signInAudience}. List each redirect URI explicitly.`,
              { severity: 'error' },
            )
          : report(
              self,
              u.node,
              u.path,
              'Wildcard redirect URIs let an attacker who controls a matching host receive tokens. List each redirect URI explicitly.',
            ),
      );
  },
});

export const redirectUriQuery = defineRule({
  id: 'redirect-uri-query',
  severity: 'error',
  description: 'Query strings in redirect URIs are allowed only for Entra-only audiences.',
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    if (audienceOf(ctx) !== 'personal') return [];
    return redirectUris(ctx)
      .filter((u) => !u.placeholder && u.value.includes('?'))
      .map((u) =>
        report(
          self,
          u.node,
          u.path,
          `Query strings are not allowed in redirect URIs when signInAudience is ${ctx.signInAudience}. Remove the query; pass state in the state parameter.`,
        ),
      );
  },
});

const FORBIDDEN = /[!$'(),;]/g;

export const redirectUriCharacters = defineRule({
  id: 'redirect-uri-characters',
  severity: 'error',
  description: "Redirect URIs must not contain ! $ ' ( ) , ;",
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    for (const u of redirectUris(ctx)) {
      if (u.placeholder) continue;
      const bad = [...new Set(u.value.match(FORBIDDEN) ?? [])];
      if (bad.length > 0)
        out.push(
          report(
            self,
            u.node,
            u.path,
            `The redirect URI contains ${bad.join(' ')}, which is not allowed. Remove or percent-encode these characters.`,
          ),
        );
    }
    return out;
  },
});

export const redirectUriLength = defineRule({
  id: 'redirect-uri-length',
  severity: 'error',
  description: 'Redirect URIs are at most 256 characters.',
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    return redirectUris(ctx)
      .filter((u) => !u.placeholder && u.value.length > 256)
      .map((u) =>
        report(
          self,
          u.node,
          u.path,
          `The redirect URI is ${u.value.length} characters; the limit is 256. Shorten the path.`,
        ),
      );
  },
});

export const redirectUriCount = defineRule({
  id: 'redirect-uri-count',
  severity: 'error',
  description: 'At most 256 redirect URIs across platforms (100 when personal accounts are allowed).',
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const all = redirectUris(ctx);
    const personal = audienceOf(ctx) === 'personal';
    const max = personal ? 100 : 256;
    if (all.length <= max) return [];
    const over = all[max];
    if (!over) return [];
    const why = personal ? ' for apps that allow personal accounts' : '';
    return [
      report(
        self,
        over.node,
        over.path,
        `${all.length} redirect URIs across platforms; the limit is ${max}${why}. Remove ${all.length - max} (this is the first one over the limit).`,
      ),
    ];
  },
});

export const redirectUriDuplicate = defineRule({
  id: 'redirect-uri-duplicate',
  severity: 'warning',
  description: 'A redirect URI is registered once per platform.',
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    // One map per platform (no key string per URI); the "already registered at" text once per first.
    const seen = new Map<Platform, Map<string, RedirectUri>>();
    const where = new Map<RedirectUri, string>();
    for (const u of redirectUris(ctx)) {
      if (u.placeholder) continue;
      let platform = seen.get(u.platform);
      if (!platform) seen.set(u.platform, (platform = new Map()));
      const first = platform.get(u.value);
      if (first) {
        let at = where.get(first);
        if (at === undefined) where.set(first, (at = first.path.join('/')));
        const fix = lazyFix('Remove the duplicate redirect URI', () => {
          // Legacy replyUrlsWithType entries are objects ({url, type}): the whole entry goes.
          const entry = u.path[u.path.length - 1] === 'url' ? u.path.slice(0, -1) : u.path;
          return removeFix(ctx, entry, '').edits.slice();
        });
        out.push(
          report(self, u.node, u.path, `This URI is already registered at /${at}. Remove the duplicate.`, {
            tags: ['unnecessary'],
            fixes: [fix],
          }),
        );
      } else platform.set(u.value, u);
    }
    return out;
  },
});

export const redirectUriLocalhostPort = defineRule({
  id: 'redirect-uri-localhost-port',
  severity: 'hint',
  description: 'Loopback redirect URIs that differ only by port are redundant: the port is ignored when matching.',
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    const seen = new Map<string, RedirectUri>();
    for (const u of redirectUris(ctx)) {
      if (u.placeholder) continue;
      const p = u.parsed;
      if (!p || !LOOPBACK.has(p.host)) continue;
      const key = `${u.platform} ${p.scheme}://${p.host}${p.rest}`;
      const first = seen.get(key);
      if (first && first.value !== u.value) {
        out.push(
          report(
            self,
            u.node,
            u.path,
            `This differs from ${short(first.value)} only by port, which Entra ignores for localhost. Keep one, and use distinct paths to tell apps apart.`,
          ),
        );
      } else if (!first) seen.set(key, u);
    }
    return out;
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
  description:
    'An endpoint is registered on one of the Web and SPA platforms: the same URI on both makes the flow depend on the platform matched (a warning); the same page differing only by query is an info.',
  docs: REPLY_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const all = redirectUris(ctx);
    // Web URIs by their whole text (templates: the same placeholders render to the same URI) and by endpoint.
    const web = new Map<string, RedirectUri>();
    const webEndpoints = new Map<string, RedirectUri>();
    for (const u of all) {
      if (u.platform !== 'web') continue;
      if (!web.has(u.value)) web.set(u.value, u);
      const e = endpointOf(u);
      if (e !== undefined && !webEndpoints.has(e)) webEndpoints.set(e, u);
    }
    if (web.size === 0) return [];
    const out: Problem[] = [];
    for (const u of all) {
      if (u.platform !== 'spa') continue;
      if (web.has(u.value)) {
        out.push(
          report(
            self,
            u.node,
            u.path,
            'This URI is registered for both Single-page application and Web. Keep it on the one platform the app uses (SPA for browser code with PKCE, Web for server-side code).',
          ),
        );
        continue;
      }
      const e = endpointOf(u);
      const other = e === undefined ? undefined : webEndpoints.get(e);
      if (other)
        out.push(
          report(
            self,
            u.node,
            u.path,
            `This page is also registered for Web (${short(other.value)}), differing only by query. Entra matches the whole URI, so which platform's rules apply (a browser may redeem codes only for SPA URIs) depends on the query the app sends. Give each platform its own page, or keep one platform.`,
            { severity: 'info' },
          ),
        );
    }
    return out;
  },
});

export const logoutUrlHttps = defineRule({
  id: 'logout-url-https',
  severity: 'error',
  description:
    'The front-channel logout URL uses https (http://localhost only for Entra-only audiences), at most 255 characters.',
  docs: ACCOUNTS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const root = rootObject(ctx);
    const out: Problem[] = [];
    const personal = audienceOf(ctx) === 'personal';
    for (const [node, path] of [
      [child(child(root, 'web'), 'logoutUrl'), ['web', 'logoutUrl']],
      [child(root, 'logoutUrl'), ['logoutUrl']],
    ] as const) {
      const v = str(node);
      if (!node || v === undefined || v === '' || hasPlaceholder(v)) continue;
      const p = splitUri(v);
      if (!p || (p.scheme !== 'https' && !(p.scheme === 'http' && LOOPBACK.has(p.host)))) {
        out.push(report(self, node, path, 'The logout URL must use https. Change the scheme to https.'));
      } else if (p.scheme === 'http' && personal) {
        out.push(
          report(
            self,
            node,
            path,
            `http://localhost logout URLs are rejected for ${ctx.signInAudience}. Use https://localhost.`,
          ),
        );
      } else if (v.length > 255) {
        out.push(report(self, node, path, `The logout URL is ${v.length} characters; the limit is 255.`));
      } else if (personal && v.includes('*')) {
        out.push(
          report(
            self,
            node,
            path,
            'Wildcards are not allowed in the logout URL for apps that allow personal accounts.',
          ),
        );
      }
    }
    return out;
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
