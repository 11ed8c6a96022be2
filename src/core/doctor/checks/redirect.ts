// The redirect URI check: the requested URI against each platform's registered ones, with near
// misses (scheme, host, path, trailing slash) and loopback ports explained.
import type { SignInRequest } from '../extract';
import { obj, strings, type CheckInput } from '../registrationTypes';

const platformLabel: Record<Platform, string> = {
  web: 'Web',
  spa: 'Single-page application',
  publicClient: 'Mobile and desktop applications',
};
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
function nearMiss(requested: string, registered: string): string | undefined {
  const trim = (s: string): string => s.replace(/\/+$/, '');
  if (trim(requested) === trim(registered)) return 'a trailing slash';
  const a = tryUrl(requested);
  const b = tryUrl(registered);
  if (a && b) {
    const rest = (u: URL): string => `${u.host}${u.pathname}${u.search}`;
    if (a.protocol !== b.protocol && rest(a) === rest(b))
      return `the scheme (${a.protocol.slice(0, -1)} vs ${b.protocol.slice(0, -1)})`;
    if (a.protocol !== b.protocol && trim(rest(a)) === trim(rest(b))) return 'the scheme and a trailing slash';
  }
  if (requested.toLowerCase() === registered.toLowerCase()) return 'upper/lower case';
  if (
    a &&
    b &&
    a.host === b.host &&
    a.protocol === b.protocol &&
    trim(a.pathname) !== trim(b.pathname) &&
    a.pathname.toLowerCase() === b.pathname.toLowerCase()
  )
    return 'upper/lower case';
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

export function checkRedirect({ req, app, findings, passed }: CheckInput): void {
  const requested = req.redirectUri;
  const registered = platforms.map((p) => ({ platform: p, uris: strings(obj(app[p]).redirectUris) }));
  const total = registered.reduce((n, r) => n + r.uris.length, 0);
  if (!requested) {
    if (total === 0 && (req.code === '900971' || req.flow === 'authorizationCode' || req.flow === 'implicit')) {
      findings.push({
        id: 'no-redirect-uri',
        severity: 'error',
        message: 'The app has no redirect URI on any platform.',
        fix: 'Add the redirect URI the app uses under Authentication for its platform (web.redirectUris, spa.redirectUris or publicClient.redirectUris).',
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
      `The redirect URI ${requested} is registered under ${matched.map((p) => platformLabel[p]).join(' and ')}${exact.length ? '' : ' (loopback, any port)'}.`,
    );
    const idx = (p: Platform): number =>
      registered.find((r) => r.platform === p)!.uris.findIndex((u) => u === requested || loopbackMatch(requested, u));
    if (req.code === '9002326' && !matched.includes('spa')) {
      findings.push({
        id: 'redirect-uri-not-spa',
        severity: 'error',
        message: `${requested} is registered under ${matched.map((p) => platformLabel[p]).join(' and ')}, but a browser redeems the code cross-origin, which only the Single-page application platform allows.`,
        fix: `Move ${requested} from ${platformLabel[matched[0]!]} to Single-page application (spa.redirectUris).`,
        path: [matched[0]!, 'redirectUris', idx(matched[0]!)],
        edit: {
          kind: 'moveRedirectUri',
          label: `Move ${requested} to the Single-page application platform`,
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
        message: `${requested} is registered for a public client platform, and public clients must not send a client secret.`,
        fix: 'Drop the client secret from the request, or register the URI under Web if the app is a confidential client.',
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
          message:
            'The request asks for an ID token from the authorize endpoint (response_type id_token), which the app does not allow.',
          fix: 'Use the authorization code flow, or enable ID tokens for implicit and hybrid flows (web.implicitGrantSettings.enableIdTokenIssuance: true).',
          path: ['web', 'implicitGrantSettings', 'enableIdTokenIssuance'],
        });
      }
      if (types.includes('token') && implicit.enableAccessTokenIssuance !== true) {
        findings.push({
          id: 'implicit-access-token-disabled',
          severity: 'error',
          message:
            'The request asks for an access token from the authorize endpoint (response_type token), which the app does not allow.',
          fix: 'Use the authorization code flow with PKCE (recommended), or enable access tokens for the implicit flow (web.implicitGrantSettings.enableAccessTokenIssuance: true).',
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
      const how = near ? undefined : nearMiss(requested, u);
      if (how) near = { platform: r.platform, uri: u, how, index };
    });
  }
  const target = near?.platform ?? suggestPlatform(req, requested, registered);
  const registeredList = registered
    .filter((r) => r.uris.length)
    .map((r) => `${platformLabel[r.platform]}: ${r.uris.join(', ')}`)
    .join('; ');
  findings.push({
    id: 'redirect-uri-not-registered',
    severity: 'error',
    message: `The redirect URI ${requested} is not registered for this app${near ? `; ${near.uri} (${platformLabel[near.platform]}) differs from it only by ${near.how}` : ''}. ${registeredList ? `Registered: ${registeredList}.` : 'The app has no redirect URIs.'}`,
    fix: near
      ? `Either make the app send ${near.uri}, or add ${requested} to ${platformLabel[target]} (${target}.redirectUris).`
      : `Add ${requested} to ${platformLabel[target]} (${target}.redirectUris), or make the app send one of the registered URIs.`,
    path: near ? [target, 'redirectUris', near.index] : [target, 'redirectUris'],
    edit: {
      kind: 'addRedirectUri',
      label: `Add ${requested} to the ${platformLabel[target]} platform`,
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
