// The redirect URI check: the requested URI against each platform's registered ones, with near
// misses (scheme, host, path, trailing slash) and loopback ports explained.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import type { SignInRequest } from '../extract';
import { obj, strings, type CheckInput } from '../registrationTypes';
import { withoutTrailingSlashes } from '../../text/trailing';

type L10n = Localizer<l10n.L10nReplacement>;

function platformLabel(p: Platform, l10n: L10n): string {
  return p === 'web'
    ? l10n.t('Web')
    : p === 'spa'
      ? l10n.t('Single-page application')
      : l10n.t('Mobile and desktop applications');
}

/** "Web and Single-page application". */
function platformList(list: readonly Platform[], l10n: L10n): string {
  return list.map((p) => platformLabel(p, l10n)).reduce((a, b) => l10n.t('{0} and {1}', a, b));
}
export type Platform = 'web' | 'spa' | 'publicClient';
const platforms: readonly Platform[] = ['web', 'spa', 'publicClient'];

function isLoopback(u: URL): boolean {
  return u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
}

function tryUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

/** How a registered URI differs from the requested one, when it nearly matches. */
function nearMiss(requested: string, registered: string, l10n: L10n): string | undefined {
  const trim = (s: string): string => withoutTrailingSlashes(s);
  if (trim(requested) === trim(registered)) return l10n.t('a trailing slash');
  const a = tryUrl(requested);
  const b = tryUrl(registered);
  if (a && b) {
    const rest = (u: URL): string => `${u.host}${u.pathname}${u.search}`;
    if (a.protocol !== b.protocol && rest(a) === rest(b))
      return l10n.t('the scheme ({0} vs {1})', a.protocol.slice(0, -1), b.protocol.slice(0, -1));
    if (a.protocol !== b.protocol && trim(rest(a)) === trim(rest(b))) return l10n.t('the scheme and a trailing slash');
  }
  if (requested.toLowerCase() === registered.toLowerCase()) return l10n.t('upper/lower case');
  if (
    a &&
    b &&
    a.host === b.host &&
    a.protocol === b.protocol &&
    trim(a.pathname) !== trim(b.pathname) &&
    a.pathname.toLowerCase() === b.pathname.toLowerCase()
  )
    return l10n.t('upper/lower case');
  return undefined;
}

/** Loopback URIs match whatever the port (the sign-in service ignores it for localhost). */
function loopbackMatch(requested: string, registered: string): boolean {
  const a = tryUrl(requested);
  const b = tryUrl(registered);
  return (
    !!a &&
    !!b &&
    isLoopback(a) &&
    isLoopback(b) &&
    a.protocol === b.protocol &&
    a.hostname === b.hostname &&
    a.pathname === b.pathname &&
    a.search === b.search &&
    a.port !== b.port
  );
}

export function checkRedirect({ req, app, findings, passed, l10n }: CheckInput<l10n.L10nReplacement>): void {
  const requested = req.redirectUri;
  const registered = platforms.map((p) => ({ platform: p, uris: strings(obj(app[p]).redirectUris) }));
  const total = registered.reduce((n, r) => n + r.uris.length, 0);
  if (!requested) {
    if (total === 0 && (req.code === '900971' || req.flow === 'authorizationCode' || req.flow === 'implicit')) {
      findings.push({
        id: 'no-redirect-uri',
        severity: 'error',
        message: l10n.t('The app has no redirect URI on any platform.'),
        fix: l10n.t(
          'Add the redirect URI the app uses under Authentication for its platform (web.redirectUris, spa.redirectUris or publicClient.redirectUris).',
        ),
        path: ['web', 'redirectUris'],
      });
    }
    return;
  }
  const exact = registered.filter((r) => r.uris.includes(requested)).map((r) => r.platform);
  const loop = registered.filter((r) => r.uris.some((u) => loopbackMatch(requested, u))).map((r) => r.platform);
  const matched = exact.length ? exact : loop;
  if (matched.length) {
    passed.push(
      exact.length
        ? l10n.t('The redirect URI {0} is registered under {1}.', requested, platformList(matched, l10n))
        : l10n.t(
            'The redirect URI {0} is registered under {1} (loopback, any port).',
            requested,
            platformList(matched, l10n),
          ),
    );
    const idx = (p: Platform): number =>
      registered.find((r) => r.platform === p)!.uris.findIndex((u) => u === requested || loopbackMatch(requested, u));
    if (req.code === '9002326' && !matched.includes('spa')) {
      findings.push({
        id: 'redirect-uri-not-spa',
        severity: 'error',
        message: l10n.t(
          '{0} is registered under {1}, but a browser redeems the code cross-origin, which only the Single-page application platform allows.',
          requested,
          platformList(matched, l10n),
        ),
        fix: l10n.t(
          'Move {0} from {1} to Single-page application (spa.redirectUris).',
          requested,
          platformLabel(matched[0]!, l10n),
        ),
        path: [matched[0]!, 'redirectUris', idx(matched[0]!)],
        edit: {
          kind: 'moveRedirectUri',
          label: l10n.t('Move {0} to the Single-page application platform', requested),
          from: matched[0]!,
          to: 'spa',
          uri: requested,
        },
      });
    }
    if (req.code === '700025' && matched.some((p) => p !== 'web') && !matched.includes('web')) {
      findings.push({
        id: 'redirect-uri-public-with-secret',
        severity: 'error',
        message: l10n.t(
          '{0} is registered for a public client platform, and public clients must not send a client secret.',
          requested,
        ),
        fix: l10n.t(
          'Drop the client secret from the request, or register the URI under Web if the app is a confidential client.',
        ),
        path: [matched[0]!, 'redirectUris', idx(matched[0]!)],
      });
    }
    if ((req.flow === 'implicit' || req.flow === 'hybrid') && matched.includes('web')) {
      const types = (req.responseType ?? '').toLowerCase().split(/[\s+]+/);
      const implicit = obj(obj(app.web).implicitGrantSettings);
      if (types.includes('id_token') && implicit.enableIdTokenIssuance !== true) {
        findings.push({
          id: 'implicit-id-token-disabled',
          severity: 'error',
          message: l10n.t(
            'The request asks for an ID token from the authorize endpoint (response_type id_token), which the app does not allow.',
          ),
          fix: l10n.t(
            'Use the authorization code flow, or enable ID tokens for implicit and hybrid flows (web.implicitGrantSettings.enableIdTokenIssuance: true).',
          ),
          path: ['web', 'implicitGrantSettings', 'enableIdTokenIssuance'],
        });
      }
      if (types.includes('token') && implicit.enableAccessTokenIssuance !== true) {
        findings.push({
          id: 'implicit-access-token-disabled',
          severity: 'error',
          message: l10n.t(
            'The request asks for an access token from the authorize endpoint (response_type token), which the app does not allow.',
          ),
          fix: l10n.t(
            'Use the authorization code flow with PKCE (recommended), or enable access tokens for the implicit flow (web.implicitGrantSettings.enableAccessTokenIssuance: true).',
          ),
          path: ['web', 'implicitGrantSettings', 'enableAccessTokenIssuance'],
        });
      }
    }
    return;
  }
  // Not registered: say how close the nearest registered URI is, and where to add it.
  let near: { platform: Platform; uri: string; how: string; index: number } | undefined;
  for (const r of registered) {
    r.uris.forEach((u, index) => {
      const how = near ? undefined : nearMiss(requested, u, l10n);
      if (how) near = { platform: r.platform, uri: u, how, index };
    });
  }
  const target = near?.platform ?? suggestPlatform(req, requested, registered);
  const registeredList = registered
    .filter((r) => r.uris.length)
    .map((r) => `${platformLabel(r.platform, l10n)}: ${r.uris.join(', ')}`)
    .join('; ');
  findings.push({
    id: 'redirect-uri-not-registered',
    severity: 'error',
    message: `${
      near
        ? l10n.t(
            'The redirect URI {0} is not registered for this app; {1} ({2}) differs from it only by {3}.',
            requested,
            near.uri,
            platformLabel(near.platform, l10n),
            near.how,
          )
        : l10n.t('The redirect URI {0} is not registered for this app.', requested)
    } ${registeredList ? l10n.t('Registered: {0}.', registeredList) : l10n.t('The app has no redirect URIs.')}`,
    fix: near
      ? l10n.t(
          'Either make the app send {0}, or add {1} to {2} ({3}.redirectUris).',
          near.uri,
          requested,
          platformLabel(target, l10n),
          target,
        )
      : l10n.t(
          'Add {0} to {1} ({2}.redirectUris), or make the app send one of the registered URIs.',
          requested,
          platformLabel(target, l10n),
          target,
        ),
    path: near ? [target, 'redirectUris', near.index] : [target, 'redirectUris'],
    edit: {
      kind: 'addRedirectUri',
      label: l10n.t('Add {0} to the {1} platform', requested, platformLabel(target, l10n)),
      platform: target,
      uri: requested,
    },
  });
}

function suggestPlatform(
  req: SignInRequest,
  requested: string,
  registered: { platform: Platform; uris: string[] }[],
): Platform {
  if (req.code === '9002326') return 'spa';
  const u = tryUrl(requested);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || requested.includes('/oauth2/nativeclient'))
    return 'publicClient';
  if (req.flow === 'implicit' || req.flow === 'hybrid') return 'web';
  const has = (p: Platform): boolean => (registered.find((r) => r.platform === p)?.uris.length ?? 0) > 0;
  if (has('spa') && !has('web')) return 'spa';
  if (has('publicClient') && !has('web') && !has('spa')) return 'publicClient';
  return 'web';
}
