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
  /** What happened, to say it again in the display language (`message` stays English). */
  readonly failure: FetchFailure | undefined;
  constructor(message: string, options: { status?: number; transient?: boolean; failure?: FetchFailure } = {}) {
    super(message);
    this.name = 'FetchError';
    this.status = options.status;
    this.failure = options.failure;
    this.transient =
      options.transient ??
      (options.status === undefined || options.status >= 500 || options.status === 408 || options.status === 429);
  }
}

/** The largest metadata or key-set answer a fetcher reads (real ones are a few KB). */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** What a fetcher got instead of JSON it can use: the facts a FetchError's text is built from. */
export type FetchFailure =
  | { readonly kind: 'status'; readonly status: number; readonly host: string }
  | { readonly kind: 'redirect'; readonly status: number; readonly host: string; readonly to?: string }
  | { readonly kind: 'tooLarge'; readonly host: string }
  | { readonly kind: 'notJson'; readonly host: string }
  | { readonly kind: 'timeout'; readonly host: string; readonly seconds: number };

/** A fetch failure in the Localizer's language (a clause: it follows the sentence that names what was fetched). */
export function fetchFailureText(f: FetchFailure, l10n: L10n = english): string {
  switch (f.kind) {
    case 'status':
      return l10n.t('HTTP {0} from {1}', f.status, f.host);
    case 'redirect':
      return f.to === undefined
        ? l10n.t('HTTP {0} from {1} redirects: redirects are not followed', f.status, f.host)
        : l10n.t('HTTP {0} from {1} redirects to {2}: redirects are not followed', f.status, f.host, f.to);
    case 'tooLarge':
      return l10n.t('the answer from {0} is too large', f.host);
    case 'notJson':
      return l10n.t('the answer from {0} is not JSON', f.host);
    case 'timeout':
      return l10n.t('no answer from {0} within {1} s', f.host, f.seconds);
  }
}

/**
 * The FetchError for a failure: its English message, the status, and whether a retry may help
 * (server errors, timeouts and answers that are not JSON may pass later; redirects and oversized
 * answers will not).
 */
export function fetchFailure(f: FetchFailure): FetchError {
  const status = f.kind === 'status' || f.kind === 'redirect' ? f.status : undefined;
  const transient = f.kind === 'status' ? undefined : f.kind === 'timeout' || f.kind === 'notJson';
  return new FetchError(fetchFailureText(f), {
    ...(status === undefined ? {} : { status }),
    ...(transient === undefined ? {} : { transient }),
    failure: f,
  });
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
  if (err instanceof FetchError) return err.failure ? fetchFailureText(err.failure, l10n) : err.message;
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
  let to: string | undefined;
  try {
    if (location) to = new URL(location, url).host;
  } catch {
    // an unparsable Location: say only that it redirected
  }
  return fetchFailure({ kind: 'redirect', status, host: new URL(url).host, ...(to === undefined ? {} : { to }) });
}
