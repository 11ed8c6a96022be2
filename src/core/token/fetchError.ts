// Why a key fetch failed, in words the user can act on: transient or not, untrusted certificates,
// refused URLs and redirects. The fetchers in src/io and src/vscode throw these; verify.ts reads them.
import { fetchUrlCheck, type TrustPolicy } from './trust';

/** Reads a URL as JSON: the network access verification needs, injected (src/io/keys.ts has the real one). */
export type FetchJson = (url: string) => Promise<unknown>;

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
export function retryHint(err: unknown): string {
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
