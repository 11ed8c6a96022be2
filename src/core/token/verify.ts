// Signature verification against the issuer's published keys (OpenID metadata → jwks_uri → key by
// kid), with an honest verdict: valid, invalid, or cannot-verify and why. Keys come only from
// trusted authorities (./trust): a token naming any other issuer is cannot-verify, never valid.
// Network access is injectable (fetchJson), always behind the trust policy's URL guard, and keys
// are cached per jwks_uri.
import type { JSONWebKeySet } from 'jose' with { 'resolution-mode': 'import' };
import { parseIssuer, type SignatureVerdict } from './analyze';
import { isGraphAudience } from './catalog';
import { decodeToken } from './decode';
import { fetchUrlCheck, issuerTrust, trustPolicy, type TrustOptions, type TrustPolicy } from './trust';

export type FetchJson = (url: string) => Promise<unknown>;

export interface ClaimCheck {
  readonly name: 'aud' | 'iss';
  readonly ok: boolean;
  readonly message: string;
}

export interface VerifyResult extends SignatureVerdict {
  readonly kid?: string;
  readonly jwksUri?: string;
  /** Audience/issuer checks against the expected app registration (empty when none was given). */
  readonly checks: ClaimCheck[];
}

export interface ExpectedRegistration {
  /** The API's application (client) id and/or App ID URIs; aud must be one of them. */
  readonly audience?: string | readonly string[];
  /** The expected issuer; `{tenantid}` is replaced by the token's tid. */
  readonly issuer?: string;
}

export interface VerifyOptions extends TrustOptions {
  /**
   * Reads a URL as JSON: the network access verification needs, injected (src/io/keys.ts has the
   * real one). Every URL it is given has passed the trust policy's guard first.
   */
  readonly fetchJson: FetchJson;
  readonly cache?: KeyCache;
  readonly now?: Date | number;
  readonly expected?: ExpectedRegistration;
  /**
   * The configured authority (see TrustOptions): it also serves v1 (sts.windows.net) issuers'
   * metadata, e.g. a national cloud's login host or a local emulator; default the configured
   * cloud's login host (https://login.microsoftonline.com).
   */
  readonly authorityHost?: string;
}

interface CacheEntry {
  readonly value: unknown;
  readonly fetchedAt: number;
}

/** Caches OpenID metadata and key sets per URL for a time-to-live. */
export class KeyCache {
  private readonly entries = new Map<string, CacheEntry>();
  constructor(readonly ttlMs = 60 * 60 * 1000) {}

  get(url: string, nowMs: number): unknown {
    const e = this.entries.get(url);
    if (e === undefined || nowMs - e.fetchedAt > this.ttlMs) return undefined;
    return e.value;
  }

  set(url: string, value: unknown, nowMs: number): void {
    this.entries.set(url, { value, fetchedAt: nowMs });
  }

  delete(url: string): void {
    this.entries.delete(url);
  }

  clear(): void {
    this.entries.clear();
  }
}

const sharedCache = new KeyCache();

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
let josePromise: Promise<Jose> | undefined;
/** Key lookup functions per key-set object, so imported keys are reused while the set is cached. */
const localSets = new WeakMap<object, ReturnType<Jose['createLocalJWKSet']>>();

/**
 * A fetch that got an answer it cannot use, or that will not be tried. `status` is the HTTP status
 * when the server answered. `transient` says whether the same request may succeed later: server
 * errors (5xx), 408 and 429 may; other answers (404 for an unknown tenant, a refused address) will not.
 * Errors of any other type (DNS, refused or reset connections, TLS, timeouts) count as transient.
 */
export class FetchError extends Error {
  readonly status: number | undefined;
  readonly transient: boolean;
  constructor(message: string, options: { status?: number; transient?: boolean } = {}) {
    super(message);
    this.name = 'FetchError';
    this.status = options.status;
    this.transient =
      options.transient ??
      (options.status === undefined || options.status >= 500 || options.status === 408 || options.status === 429);
  }
}

/** Whether a failed fetch may succeed when tried again (see FetchError). */
export function isTransientFetchError(err: unknown): boolean {
  // A certificate that is not trusted stays untrusted on a retry.
  if (tlsTrustProblem(err)) return false;
  return err instanceof FetchError ? err.transient : true;
}

/** Node's codes for a certificate the client does not trust, in words. */
const TLS_TRUST: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN:
    'the certificate chain ends in a self-signed CA that is not trusted here (a private CA, or a proxy that inspects TLS)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'the certificate was issued by a CA that is not trusted here (unknown CA: a private CA, or a proxy that inspects TLS)',
  UNABLE_TO_GET_ISSUER_CERT: 'the certificate was issued by a CA that is not trusted here (unknown CA)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'the certificate could not be traced to a trusted CA (unknown CA, or the server does not send its intermediate certificates)',
  CERT_UNTRUSTED: 'the certificate is not trusted',
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet (check the clock)",
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is for another host name',
};

/** The TLS trust problem behind a failed fetch (its code in words), if that is what it was. */
export function tlsTrustProblem(err: unknown, depth = 0): { code: string; text: string } | undefined {
  if (depth > 4 || err === null || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; cause?: unknown; message?: unknown };
  const code =
    typeof e.code === 'string' && e.code in TLS_TRUST
      ? e.code
      : typeof e.message === 'string'
        ? Object.keys(TLS_TRUST).find((c) => e.message === c || (e.message as string).includes(`${c}`))
        : undefined;
  if (code) return { code, text: TLS_TRUST[code]! };
  return tlsTrustProblem(e.cause, depth + 1);
}

/** What to add to a fetch failure's reason: certificate trust and how to fix it, or whether trying again may help. */
function retryHint(err: unknown): string {
  const tls = tlsTrustProblem(err);
  if (tls) {
    const fix =
      tls.code === 'CERT_HAS_EXPIRED' ||
      tls.code === 'CERT_NOT_YET_VALID' ||
      tls.code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? 'The server has to present a valid certificate for its name.'
        : 'To trust a private CA, start VS Code or the command line with NODE_EXTRA_CA_CERTS set to the CA\'s PEM file (in VS Code also set "http.systemCertificates": false), or add the CA to the system\'s certificate store.';
    return ` Certificate trust: ${tls.text} (${tls.code}). ${fix}`;
  }
  if (!isTransientFetchError(err)) return '';
  return err instanceof FetchError && err.status !== undefined
    ? ' The server may be briefly unavailable: retry later.'
    : ' Offline?';
}

/** Rejects (for good) a URL the trust policy does not allow fetching. */
export function guardUrl(policy: TrustPolicy, url: string): void {
  const check = fetchUrlCheck(policy, url);
  if (!check.ok) throw new FetchError(`refused to fetch it: ${check.reason}`, { transient: false });
}

/** A redirect is never followed: it could lead anywhere. */
export function redirectError(status: number, url: string, location: string | undefined): FetchError {
  let to = '';
  try {
    if (location) to = ` to ${new URL(location, url).host}`;
  } catch {
    // an unparsable Location: say only that it redirected
  }
  return new FetchError(`HTTP ${status} from ${new URL(url).host} redirects${to}: redirects are not followed`, {
    status,
    transient: false,
  });
}

/** v1 issuers (sts.windows.net) publish their metadata on the login host. */
const V1_HOSTS: Readonly<Record<string, string>> = {
  'sts.windows.net': 'login.microsoftonline.com',
  'sts.chinacloudapi.cn': 'login.chinacloudapi.cn',
};

/** The OpenID metadata address for a token, or a reason why there is none. */
export function metadataUrlFor(
  iss: unknown,
  ver: unknown,
  tid: unknown,
  authorityHost?: string,
  policy?: unknown,
): { url: string } | { reason: string } {
  if (typeof iss !== 'string') return { reason: 'The token has no iss, so there is no issuer to ask for keys.' };
  const parsed = parseIssuer(iss);
  if (parsed.form === 'other' || parsed.base === null || parsed.tenant === null) {
    return { reason: `Unknown issuer form (${iss}): not an Entra v1 or v2 issuer, so its keys cannot be looked up.` };
  }
  if (!iss.startsWith('https://')) return { reason: 'The issuer is not https: keys are only fetched over https.' };
  if (parsed.host !== null && /\.b2clogin\.com$/i.test(parsed.host)) {
    // Azure AD B2C publishes metadata per user flow or custom policy (tfp, or acr in older policies).
    if (typeof policy !== 'string' || !/^[A-Za-z0-9_.-]{1,128}$/.test(policy)) {
      return {
        reason:
          'An Azure AD B2C token without its user flow or policy (tfp or acr claim): B2C publishes keys per policy, so there is no metadata to ask.',
      };
    }
    return { url: `${parsed.base}/${parsed.tenant}/${policy.toLowerCase()}/v2.0/.well-known/openid-configuration` };
  }
  let base = new URL(parsed.base);
  const mapped = V1_HOSTS[base.host];
  if (mapped !== undefined) {
    if (authorityHost !== undefined) {
      if (!authorityHost.startsWith('https://'))
        return { reason: 'The authority host is not https: keys are only fetched over https.' };
      base = new URL(authorityHost);
    } else base.host = mapped;
  }
  const tenant = typeof tid === 'string' && tid.length > 0 && parsed.tenant === '{tenantid}' ? tid : parsed.tenant;
  const root = base.toString().replace(/\/+$/, '');
  const v2 = ver === '2.0' || (ver === undefined && parsed.form === 'v2');
  return {
    url: v2
      ? `${root}/${tenant}/v2.0/.well-known/openid-configuration`
      : `${root}/${tenant}/.well-known/openid-configuration`,
  };
}

/** The configured cloud's login host for a v1 issuer (sts.*) of that cloud, as an origin. */
function v1LoginOf(policy: TrustPolicy, iss: unknown): string | undefined {
  if (typeof iss !== 'string' || policy.cloudAuthorities === undefined) return undefined;
  let host: string;
  try {
    host = new URL(iss).hostname;
  } catch {
    return undefined;
  }
  const login = Object.hasOwn(policy.cloudAuthorities.v1, host) ? policy.cloudAuthorities.v1[host] : undefined;
  return login === undefined ? undefined : `https://${login}`;
}

/** Why keys at `jwksUri` are not taken, or undefined: they must be on the metadata's own (trusted) host. */
function jwksUriProblem(policy: TrustPolicy, metadataUrl: string, jwksUri: string): string | undefined {
  let keys: URL;
  try {
    keys = new URL(jwksUri);
  } catch {
    return 'jwks_uri is not a URL';
  }
  const metaHost = new URL(metadataUrl).host;
  if (keys.host !== metaHost) return `jwks_uri is on ${keys.host}, not on ${metaHost} where the metadata came from`;
  const check = fetchUrlCheck(policy, jwksUri);
  return check.ok ? undefined : check.reason;
}

function nowMsOf(now: Date | number | undefined): number {
  return now === undefined ? Date.now() : typeof now === 'number' ? now : now.getTime();
}

function isKeySet(v: unknown): v is JSONWebKeySet {
  return v !== null && typeof v === 'object' && Array.isArray((v as { keys?: unknown }).keys);
}

function errorCode(err: unknown): string {
  return err !== null && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : '';
}

/** `{ retryable: true }` for a transient fetch failure, else nothing. */
function retryable(err: unknown): { retryable?: true } {
  return isTransientFetchError(err) ? { retryable: true } : {};
}

function claimChecks(
  payload: Readonly<Record<string, unknown>>,
  expected: ExpectedRegistration | undefined,
): ClaimCheck[] {
  const checks: ClaimCheck[] = [];
  if (expected?.audience !== undefined) {
    const allowed = (typeof expected.audience === 'string' ? [expected.audience] : [...expected.audience]).map((a) =>
      a.toLowerCase().replace(/\/+$/, ''),
    );
    const auds = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).filter(
      (a): a is string => typeof a === 'string',
    );
    const ok = auds.some((a) => allowed.includes(a.toLowerCase().replace(/\/+$/, '')));
    checks.push({
      name: 'aud',
      ok,
      message: ok
        ? `aud ${auds.join(', ')} is this API.`
        : `aud ${auds.join(', ') || '(missing)'} is not this API (expected ${allowed.join(' or ')}): the token was issued for another resource.`,
    });
  }
  if (expected?.issuer !== undefined) {
    const tid = typeof payload.tid === 'string' ? payload.tid : '';
    const want = expected.issuer.replace('{tenantid}', tid);
    const ok = payload.iss === want;
    checks.push({
      name: 'iss',
      ok,
      message: ok
        ? `iss matches ${want}.`
        : `iss ${typeof payload.iss === 'string' ? payload.iss : '(missing)'} differs from the expected ${want}.`,
    });
  }
  return checks;
}

/**
 * Verifies the token's signature with the issuer's published keys. Never throws: every failure is
 * a verdict. Microsoft Graph tokens (header nonce), encrypted and HS-signed tokens, unknown or
 * non-https issuers and network failures give `cannot-verify`.
 */
export async function verifyToken(token: string, options: VerifyOptions): Promise<VerifyResult> {
  const decoded = decodeToken(token);
  if (!decoded.ok) {
    if (decoded.error.code === 'encrypted')
      return {
        status: 'cannot-verify',
        reason: 'Encrypted token (JWE): only the recipient holding the private key can decrypt and check it.',
        checks: [],
      };
    return { status: 'invalid', reason: `Not a decodable JWT: ${decoded.error.message}`, checks: [] };
  }
  const { header, payload } = decoded.token;
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const checks = claimChecks(payload, options.expected);
  if (alg.toLowerCase() === 'none' || alg === '')
    return {
      status: 'invalid',
      reason: 'Unsigned token (alg "none" or missing): there is nothing to verify, never trust it.',
      checks,
    };
  if (/^HS/i.test(alg))
    return {
      status: 'cannot-verify',
      reason: `${alg} is a shared-secret signature: it cannot be checked with the issuer's public keys.`,
      checks,
    };
  if (header.nonce !== undefined) {
    return {
      status: 'cannot-verify',
      reason: isGraphAudience(payload.aud)
        ? 'Microsoft Graph token: its header nonce is transformed before signing, so it cannot be verified outside Microsoft Graph (and your API must not accept it).'
        : 'The header carries a nonce (Microsoft Graph-style token): standard libraries cannot verify it.',
      checks,
    };
  }
  if (!/^(RS|PS|ES)(256|384|512)$/.test(alg))
    return { status: 'invalid', reason: `Unexpected algorithm ${alg}: Entra signs with RS256.`, checks };
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const withKid = <T extends object>(r: T): T & { kid?: string } => (kid === undefined ? r : { ...r, kid });

  // Only a trusted authority's keys count: the token's own iss is no evidence of anything.
  const policy = trustPolicy(options);
  if (typeof payload.iss === 'string') {
    const trust = issuerTrust(policy, payload.iss);
    if (!trust.trusted) return withKid({ status: 'cannot-verify', reason: trust.reason, checks });
  }
  const where = metadataUrlFor(
    payload.iss,
    payload.ver,
    payload.tid,
    options.authorityHost ?? v1LoginOf(policy, payload.iss),
    payload.tfp ?? payload.acr,
  );
  if ('reason' in where) return withKid({ status: 'cannot-verify', reason: where.reason, checks });
  const metadataCheck = fetchUrlCheck(policy, where.url);
  if (!metadataCheck.ok)
    return withKid({
      status: 'cannot-verify',
      reason: `The issuer's keys would come from ${where.url}, which is not fetched: ${metadataCheck.reason}. If you trust ${new URL(where.url).origin}, add it to the setting entra.token.trustedIssuers (command line: --trust-issuer).`,
      checks,
    });

  const fetchUnguarded = options.fetchJson;
  // Injected fetchers get the same guard as the default one: no path fetches an untrusted URL.
  const fetchJson: FetchJson = async (url) => {
    guardUrl(policy, url);
    return fetchUnguarded(url);
  };
  const cache = options.cache ?? sharedCache;
  const nowMs = nowMsOf(options.now);

  let jwksUri: string;
  try {
    let meta = cache.get(where.url, nowMs) as { jwks_uri?: unknown; issuer?: unknown } | undefined;
    if (meta === undefined) {
      meta = (await fetchJson(where.url)) as { jwks_uri?: unknown; issuer?: unknown };
      if (meta === null || typeof meta !== 'object')
        throw new FetchError('the metadata is not a JSON object', { transient: false });
      cache.set(where.url, meta, nowMs);
    }
    if (typeof meta.jwks_uri !== 'string' || !meta.jwks_uri.startsWith('https://')) {
      return withKid({
        status: 'cannot-verify',
        reason: `The issuer's metadata (${where.url}) has no https jwks_uri.`,
        checks,
      });
    }
    const keysRefused = jwksUriProblem(policy, where.url, meta.jwks_uri);
    if (keysRefused !== undefined)
      return withKid({
        status: 'cannot-verify',
        reason: `The issuer's metadata (${where.url}) names keys that are not fetched: ${keysRefused}.`,
        checks,
      });
    if (
      typeof meta.issuer === 'string' &&
      typeof payload.tid === 'string' &&
      meta.issuer.replace('{tenantid}', payload.tid) !== payload.iss
    ) {
      return withKid({
        status: 'invalid',
        reason: `iss (${String(payload.iss)}) is not the issuer the metadata declares (${meta.issuer}).`,
        checks,
        jwksUri: meta.jwks_uri,
      });
    }
    jwksUri = meta.jwks_uri;
  } catch (err) {
    return withKid({
      status: 'cannot-verify',
      reason: `Could not fetch the issuer's OpenID metadata (${where.url}): ${err instanceof Error ? err.message : String(err)}.${retryHint(err)}`,
      checks,
      ...retryable(err),
    });
  }

  const loadKeys = async (): Promise<JSONWebKeySet> => {
    const jwks = await fetchJson(jwksUri);
    if (!isKeySet(jwks)) throw new FetchError('the key set has no keys array', { transient: false });
    cache.set(jwksUri, jwks, nowMs);
    return jwks;
  };
  let fresh = false;
  let jwks = cache.get(jwksUri, nowMs);
  try {
    if (!isKeySet(jwks)) {
      jwks = await loadKeys();
      fresh = true;
    }
  } catch (err) {
    return withKid({
      status: 'cannot-verify',
      reason: `Could not fetch the signing keys (${jwksUri}): ${err instanceof Error ? err.message : String(err)}.${retryHint(err)}`,
      checks,
      jwksUri,
      ...retryable(err),
    });
  }

  const { compactVerify, createLocalJWKSet } = await (josePromise ??= import('jose'));
  for (;;) {
    try {
      let keySet = localSets.get(jwks as object);
      if (keySet === undefined) {
        keySet = createLocalJWKSet(jwks as JSONWebKeySet);
        localSets.set(jwks as object, keySet);
      }
      await compactVerify(token, keySet, { algorithms: [alg] });
      const failed = checks.filter((c) => !c.ok);
      if (failed.length)
        return withKid({
          status: 'invalid',
          reason: `The signature is valid, but ${failed.map((c) => c.message).join(' ')}`,
          checks,
          jwksUri,
        });
      return withKid({
        status: 'valid',
        reason: `Signed by key ${kid ?? '(no kid)'} of ${new URL(jwksUri).host}.`,
        checks,
        jwksUri,
      });
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ERR_JWKS_NO_MATCHING_KEY') {
        if (!fresh) {
          try {
            jwks = await loadKeys();
            fresh = true;
            continue;
          } catch (e) {
            return withKid({
              status: 'cannot-verify',
              reason: `Key ${kid ?? '(no kid)'} is not in the cached keys and refreshing them failed: ${e instanceof Error ? e.message : String(e)}.${retryHint(e)}`,
              checks,
              jwksUri,
              ...retryable(e),
            });
          }
        }
        return withKid({
          status: 'invalid',
          reason: `No key ${kid ?? '(no kid)'} in the issuer's key set, even after refreshing it: not signed by this issuer (or signed with a retired key).`,
          checks,
          jwksUri,
        });
      }
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
        return withKid({
          status: 'invalid',
          reason: 'Bad signature: the header or payload was changed after signing, or another key signed it.',
          checks,
          jwksUri,
        });
      if (code === 'ERR_JOSE_ALG_NOT_ALLOWED' || code === 'ERR_JOSE_NOT_SUPPORTED')
        return withKid({ status: 'invalid', reason: `The key does not fit algorithm ${alg}.`, checks, jwksUri });
      if (code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS')
        return withKid({
          status: 'cannot-verify',
          reason: 'Several keys match and the header has no kid to choose one.',
          checks,
          jwksUri,
        });
      return withKid({
        status: 'invalid',
        reason: `Verification failed: ${err instanceof Error ? err.message : String(err)}.`,
        checks,
        jwksUri,
      });
    }
  }
}
