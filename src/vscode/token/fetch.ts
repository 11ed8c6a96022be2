// JSON over node:https for the extension host. VS Code's network patches (proxy support, system
// certificates) replace Node's certificate store, so NODE_EXTRA_CA_CERTS is ignored in the extension
// host; when it is set (a custom authority with its own CA, e.g. the local emulator) its
// certificates are passed explicitly, together with Node's built-in roots. Every URL passes the
// trust policy's guard first, and redirects are never followed.
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { rootCertificates } from 'node:tls';
import { trustPolicy, type TrustPolicy } from '../../core/token/trust';
import { FetchError, guardUrl, redirectError, type FetchJson } from '../../core/token/verify';

const MAX_BYTES = 1024 * 1024;

let extraCa: string[] | null | undefined;
/** Node's roots plus NODE_EXTRA_CA_CERTS for node:https in the extension host (empty when unset). */
export function caOption(): { ca?: string[] } {
  if (extraCa === undefined) {
    const file = process.env.NODE_EXTRA_CA_CERTS;
    try {
      extraCa = file ? [...rootCertificates, readFileSync(file, 'utf8')] : null;
    } catch {
      extraCa = null;
    }
  }
  return extraCa ? { ca: extraCa } : {};
}

export function httpsFetchJson(timeoutMs = 8000, policy: TrustPolicy = trustPolicy()): FetchJson {
  return (url) =>
    new Promise((resolve, reject) => {
      try {
        guardUrl(policy, url);
      } catch (err) {
        reject(err);
        return;
      }
      const req = get(url, { headers: { accept: 'application/json' }, timeout: timeoutMs, ...caOption() }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BYTES) req.destroy(new FetchError('response too large', { transient: false }));
          else chunks.push(c);
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400) {
            reject(redirectError(status, url, res.headers.location));
            return;
          }
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
            reject(
              new FetchError(
                `HTTP ${res.statusCode ?? '?'} from ${new URL(url).host}`,
                res.statusCode === undefined ? {} : { status: res.statusCode },
              ),
            );
            return;
          }
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
          } catch {
            reject(new Error(`the answer from ${new URL(url).host} is not JSON`));
          }
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
    });
}
