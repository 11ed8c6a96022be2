// JSON over node:https for the extension host. Certificates are trusted the standard way: Node's
// roots, the system's (VS Code's "http.systemCertificates"), or NODE_EXTRA_CA_CERTS when VS Code
// starts with it and "http.systemCertificates" is off (how a private CA, e.g. a local emulator's, is
// trusted). Every URL passes the trust policy's guard first, and redirects are never followed.
import { get } from 'node:https';
import { trustPolicy, type TrustPolicy } from '../../core/token/trust';
import { fetchFailure, guardUrl, MAX_ANSWER_BYTES, redirectError, type FetchJson } from '../../core/token/fetchError';

export function httpsFetchJson(timeoutMs = 8000, policy: TrustPolicy = trustPolicy()): FetchJson {
  return (url) =>
    new Promise((resolve, reject) => {
      try {
        guardUrl(policy, url);
      } catch (err) {
        reject(err);
        return;
      }
      const host = new URL(url).host;
      const req = get(url, { headers: { accept: 'application/json' }, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER_BYTES) req.destroy(fetchFailure({ kind: 'tooLarge', host }));
          else chunks.push(c);
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400) {
            reject(redirectError(status, url, res.headers.location));
            return;
          }
          if (status < 200 || status >= 300) {
            reject(fetchFailure({ kind: 'status', status, host }));
            return;
          }
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
          } catch {
            reject(fetchFailure({ kind: 'notJson', host }));
          }
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(fetchFailure({ kind: 'timeout', host, seconds: timeoutMs / 1000 })));
      req.on('error', reject);
    });
}
