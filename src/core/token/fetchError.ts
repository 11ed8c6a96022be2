// Why a key fetch failed, in words the user can act on: transient or not, untrusted certificates,
// refused URLs and redirects. The fetchers in src/io and src/vscode throw these; verify.ts reads them.
// The hints are in the language of the Localizer the caller passes (English by default).
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { fetchUrlCheck, type TrustPolicy } from './trust';
import { english, type Localizer } from '../text/localizer';
import {
  describeSystemError,
  explainSystemCode,
  isServerCertificateProblem,
  systemErrorCode,
} from '../text/systemErrors';

type L10n = Localizer<l10n.L10nReplacement>;

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

/** The TLS trust problem behind a failed fetch (its code in words), if that is what it was. */
export function tlsTrustProblem(
  err: unknown,
  depth = 0,
  l10n: L10n = english,
): { code: string; text: string } | undefined {
  const found = systemErrorCode(err, ['tls'], depth);
  return found ? { code: found.code, text: explainSystemCode(found.code, l10n)! } : undefined;
}

/**
 * Why a fetch failed, for the sentence that names what was fetched: an untrusted certificate by its
 * code (retryHint explains it), our own FetchError as written, a known network code in words, else
 * the original text quoted behind a translated sentence.
 */
export function fetchFailureDetail(err: unknown, l10n: L10n = english): string {
  const tls = tlsTrustProblem(err);
  if (tls) return tls.code;
  if (err instanceof FetchError) return err.message;
  return describeSystemError(err, l10n);
}

/** What to add to a fetch failure's reason: certificate trust and how to fix it, or whether trying again may help. */
export function retryHint(err: unknown, l10n: L10n = english): string {
  const tls = tlsTrustProblem(err, 0, l10n);
  if (tls) {
    const fix = isServerCertificateProblem(tls.code)
      ? l10n.t('The server has to present a valid certificate for its name.')
      : l10n.t(
          'To trust a private CA, start VS Code or the command line with NODE_EXTRA_CA_CERTS set to the CA\'s PEM file (in VS Code also set "http.systemCertificates": false), or add the CA to the system\'s certificate store.',
        );
    return ` ${l10n.t('Certificate trust: {0} ({1}).', tls.text, tls.code)} ${fix}`;
  }
  if (!isTransientFetchError(err)) return '';
  return err instanceof FetchError && err.status !== undefined
    ? ` ${l10n.t('The server may be briefly unavailable: retry later.')}`
    : ` ${l10n.t('Offline?')}`;
}

/** Rejects (for good) a URL the trust policy does not allow fetching. */
export function guardUrl(policy: TrustPolicy, url: string, l10n: L10n = english): void {
  const check = fetchUrlCheck(policy, url, l10n);
  if (!check.ok) throw new FetchError(l10n.t('refused to fetch it: {0}', check.reason), { transient: false });
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
