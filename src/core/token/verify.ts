// Signature verification against the issuer's published keys (OpenID metadata → jwks_uri → key by
// kid), with an honest verdict: valid, invalid, or cannot-verify and why. Keys come only from
// trusted authorities (./trust): a token naming any other issuer is cannot-verify, never valid.
// Network access is injectable (fetchJson), always behind the trust policy's URL guard, and keys
// are cached per jwks_uri in the caller's KeyCache (./keyCache). Reasons are in the language of the
// Localizer in the options (English by default).
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import type { JSONWebKeySet } from 'jose' with { 'resolution-mode': 'import' };
import type { SignatureVerdict } from './analyze';
import { isGraphAudience } from './catalog';
import { decodeToken } from './decode';
import { claimChecks, type ClaimCheck, type ExpectedRegistration } from './claimChecks';
import {
  FetchError,
  fetchFailureDetail,
  guardUrl,
  isTransientFetchError,
  retryHint,
  type FetchJson,
} from './fetchError';
import { jwksUriProblem, metadataUrlFor, v1LoginOf } from './issuerKeys';
import type { KeyCache } from './keyCache';
import { fetchUrlCheck, issuerTrust, trustPolicy, type TrustOptions } from './trust';
import { english, type Localizer } from '../text/localizer';

type L10n = Localizer<l10n.L10nReplacement>;

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
  /** The language of the reasons: `vscode.l10n` on the host, `@vscode/l10n` in the command line; English by default. */
  readonly l10n?: Localizer;
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
  const l10n: L10n = options.l10n ?? english;
  const decoded = decodeToken(token, l10n);
  if (!decoded.ok) {
    if (decoded.error.code === 'encrypted')
      return {
        status: 'cannot-verify',
        reason: l10n.t('Encrypted token (JWE): only the recipient holding the private key can decrypt and check it.'),
        checks: [],
      };
    return { status: 'invalid', reason: l10n.t('Not a decodable JWT: {0}', decoded.error.message), checks: [] };
  }
  const { header, payload } = decoded.token;
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const checks = claimChecks(payload, options.expected, l10n);
  if (alg.toLowerCase() === 'none' || alg === '')
    return {
      status: 'invalid',
      reason: l10n.t('Unsigned token (alg "none" or missing): there is nothing to verify, never trust it.'),
      checks,
    };
  if (/^HS/i.test(alg))
    return {
      status: 'cannot-verify',
      reason: l10n.t("{0} is a shared-secret signature: it cannot be checked with the issuer's public keys.", alg),
      checks,
    };
  if (header.nonce !== undefined) {
    return {
      status: 'cannot-verify',
      reason: isGraphAudience(payload.aud)
        ? l10n.t(
            'Microsoft Graph token: its header nonce is transformed before signing, so it cannot be verified outside Microsoft Graph (and your API must not accept it).',
          )
        : l10n.t('The header carries a nonce (Microsoft Graph-style token): standard libraries cannot verify it.'),
      checks,
    };
  }
  if (!/^(RS|PS|ES)(256|384|512)$/.test(alg))
    return { status: 'invalid', reason: l10n.t('Unexpected algorithm {0}: Entra signs with RS256.', alg), checks };
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const withKid = <T extends object>(r: T): T & { kid?: string } => (kid === undefined ? r : { ...r, kid });

  // Only a trusted authority's keys count: the token's own iss is no evidence of anything.
  const policy = trustPolicy(options);
  if (typeof payload.iss === 'string') {
    const trust = issuerTrust(policy, payload.iss, l10n);
    if (!trust.trusted) return withKid({ status: 'cannot-verify', reason: trust.reason, checks });
  }
  const where = metadataUrlFor(
    payload.iss,
    payload.ver,
    payload.tid,
    options.authorityHost ?? v1LoginOf(policy, payload.iss),
    payload.tfp ?? payload.acr,
    l10n,
  );
  if ('reason' in where) return withKid({ status: 'cannot-verify', reason: where.reason, checks });
  const metadataCheck = fetchUrlCheck(policy, where.url, l10n);
  if (!metadataCheck.ok)
    return withKid({
      status: 'cannot-verify',
      reason: l10n.t(
        "The issuer's keys would come from {0}, which is not fetched: {1}. If you trust {2}, add it to the setting entra.token.trustedIssuers (command line: --trust-issuer).",
        where.url,
        metadataCheck.reason,
        new URL(where.url).origin,
      ),
      checks,
    });

  const fetchUnguarded = options.fetchJson;
  // Injected fetchers get the same guard as the default one: no path fetches an untrusted URL.
  const fetchJson: FetchJson = async (url) => {
    guardUrl(policy, url, l10n);
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
        throw new FetchError(l10n.t('the metadata is not a JSON object'), { transient: false });
      cache.set(where.url, meta, nowMs);
    }
    if (typeof meta.jwks_uri !== 'string' || !meta.jwks_uri.startsWith('https://')) {
      return withKid({
        status: 'cannot-verify',
        reason: l10n.t("The issuer's metadata ({0}) has no https jwks_uri.", where.url),
        checks,
      });
    }
    const keysRefused = jwksUriProblem(policy, where.url, meta.jwks_uri, l10n);
    if (keysRefused !== undefined)
      return withKid({
        status: 'cannot-verify',
        reason: l10n.t("The issuer's metadata ({0}) names keys that are not fetched: {1}.", where.url, keysRefused),
        checks,
      });
    if (
      typeof meta.issuer === 'string' &&
      typeof payload.tid === 'string' &&
      meta.issuer.replace('{tenantid}', payload.tid) !== payload.iss
    ) {
      return withKid({
        status: 'invalid',
        reason: l10n.t('iss ({0}) is not the issuer the metadata declares ({1}).', String(payload.iss), meta.issuer),
        checks,
        jwksUri: meta.jwks_uri,
      });
    }
    jwksUri = meta.jwks_uri;
  } catch (err) {
    return withKid({
      status: 'cannot-verify',
      reason: `${l10n.t(
        "Could not fetch the issuer's OpenID metadata ({0}): {1}.",
        where.url,
        fetchFailureDetail(err, l10n),
      )}${retryHint(err, l10n)}`,
      checks,
      ...retryable(err),
    });
  }

  const loadKeys = async (): Promise<JSONWebKeySet> => {
    const jwks = await fetchJson(jwksUri);
    if (!isKeySet(jwks)) throw new FetchError(l10n.t('the key set has no keys array'), { transient: false });
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
      reason: `${l10n.t(
        'Could not fetch the signing keys ({0}): {1}.',
        jwksUri,
        fetchFailureDetail(err, l10n),
      )}${retryHint(err, l10n)}`,
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
          reason: l10n.t('The signature is valid, but {0}', failed.map((c) => c.message).join(' ')),
          checks,
          jwksUri,
        });
      return withKid({
        status: 'valid',
        reason:
          kid === undefined
            ? l10n.t('Signed by key (no kid) of {0}.', new URL(jwksUri).host)
            : l10n.t('Signed by key {0} of {1}.', kid, new URL(jwksUri).host),
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
              reason: `${l10n.t(
                'Key {0} is not in the cached keys and refreshing them failed: {1}.',
                kid ?? l10n.t('(no kid)'),
                fetchFailureDetail(e, l10n),
              )}${retryHint(e, l10n)}`,
              checks,
              jwksUri,
              ...retryable(e),
            });
          }
        }
        return withKid({
          status: 'invalid',
          reason: l10n.t(
            "No key {0} in the issuer's key set, even after refreshing it: not signed by this issuer (or signed with a retired key).",
            kid ?? l10n.t('(no kid)'),
          ),
          checks,
          jwksUri,
        });
      }
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
        return withKid({
          status: 'invalid',
          reason: l10n.t('Bad signature: the header or payload was changed after signing, or another key signed it.'),
          checks,
          jwksUri,
        });
      if (code === 'ERR_JOSE_ALG_NOT_ALLOWED' || code === 'ERR_JOSE_NOT_SUPPORTED')
        return withKid({
          status: 'invalid',
          reason: l10n.t('The key does not fit algorithm {0}.', alg),
          checks,
          jwksUri,
        });
      if (code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS')
        return withKid({
          status: 'cannot-verify',
          reason: l10n.t('Several keys match and the header has no kid to choose one.'),
          checks,
          jwksUri,
        });
      return withKid({
        status: 'invalid',
        reason: l10n.t('Verification failed: {0}.', err instanceof Error ? err.message : String(err)),
        checks,
        jwksUri,
      });
    }
  }
}
