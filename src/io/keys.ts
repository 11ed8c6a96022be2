// Fetching an issuer's OpenID metadata and signing keys over the network: the I/O half of
// signature verification (core/token/verify.ts decides what may be fetched and checks the keys).
import { fetchFailure, guardUrl, MAX_ANSWER_BYTES, redirectError, type FetchJson } from '../core/token/fetchError';
import { trustPolicy, type TrustPolicy } from '../core/token/trust';

/**
 * Global fetch with a timeout; rejects on non-2xx, on redirects (never followed) and on answers
 * over MAX_ANSWER_BYTES (reading stops there), and refuses any URL the trust policy does not allow
 * (default: Microsoft authorities of the global cloud).
 */
export function defaultFetchJson(timeoutMs = 8000, policy: TrustPolicy = trustPolicy()): FetchJson {
  return async (url) => {
    guardUrl(policy, url);
    let res: Response;
    try {
      res = await fetch(url, {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: 'application/json' },
        redirect: 'manual',
      });
    } catch (err) {
      // fetch says only "fetch failed"; the cause names what failed (getaddrinfo ENOTFOUND …).
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : undefined;
      throw cause ? new Error(`fetch failed: ${cause}`, { cause: err }) : err;
    }
    if (res.status >= 300 && res.status < 400)
      throw redirectError(res.status, url, res.headers.get('location') ?? undefined);
    const host = new URL(url).host;
    if (!res.ok) throw fetchFailure({ kind: 'status', status: res.status, host });
    const text = await readCapped(res, host);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw fetchFailure({ kind: 'notJson', host });
    }
  };
}

/** The body as text, or a "too large" failure once more than MAX_ANSWER_BYTES came (the rest is not read). */
async function readCapped(res: Response, host: string): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw fetchFailure({ kind: 'tooLarge', host });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
