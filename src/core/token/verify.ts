// Signature verification against the issuer's published keys (OpenID metadata → jwks_uri → key by
// kid), with an honest verdict: valid, invalid, or cannot-verify and why. Keys come only from
// trusted authorities (./trust): a token naming any other issuer is cannot-verify, never valid.
// Network access is injectable (fetchJson), always behind the trust policy's URL guard, and keys
// are cached per jwks_uri in the caller's KeyCache (./keyCache).
import type { JSONWebKeySet } from 'jose' with { 'resolution-mode': 'import' };
import type { SignatureVerdict } from './analyze';
import { isGraphAudience } from './catalog';
import { decodeToken } from './decode';
import { claimChecks, type ClaimCheck, type ExpectedRegistration } from './claimChecks';
import { FetchError, guardUrl, isTransientFetchError, retryHint, type FetchJson } from './fetchError';
import { jwksUriProblem, metadataUrlFor, v1LoginOf } from './issuerKeys';
import type { KeyCache } from './keyCache';
import { fetchUrlCheck, issuerTrust, trustPolicy, type TrustOptions } from './trust';

export * from './claimChecks';
export * from './fetchError';
export * from './issuerKeys';
export * from './keyCache';

export interface VerifyResult extends SignatureVerdict {
  readonly kid?: string;
  readonly jwksUri?: string;
  /** Audience/issuer checks against the expected app registration (empty when none was given). */
  readonly checks: ClaimCheck[];
}

export interface VerifyOptions extends TrustOptions {
  /**
   * Reads a URL as JSON: the network access verification needs, injected (src/io/keys.ts has the
   * real one). Every URL it is given has passed the trust policy's guard first.
   */
  readonly fetchJson: FetchJson;
  /** Metadata and keys already fetched: the caller's cache (one per feature or command run). */
  readonly cache: KeyCache;
  readonly now?: Date | number;
  readonly expected?: ExpectedRegistration;
  /**
   * The configured authority (see TrustOptions): it also serves v1 (sts.windows.net) issuers'
   * metadata, e.g. a national cloud's login host or a local emulator; default the configured
   * cloud's login host (https://login.microsoftonline.com).
   */
  readonly authorityHost?: string;
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
  const cache = options.cache;
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

  const { compactVerify, createLocalJWKSet } = await import('jose');
  for (;;) {
    try {
      const current = jwks as JSONWebKeySet;
      const keySet = cache.keySet(current, () => createLocalJWKSet(current));
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
