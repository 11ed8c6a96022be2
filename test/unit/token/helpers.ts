// Test helpers: build tokens from claims, sign them with locally generated keys, serve a fake issuer.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { JWK } from 'jose' with { 'resolution-mode': 'import' };
import { FetchError } from '../../../src/core/token/fetchError';
import { ensureServerFiles } from '../../emulator/ca';

export const repoRoot = resolve(__dirname, '../../..');
export const sharedDir = resolve(repoRoot, '../shared');
export const hasShared = existsSync(resolve(sharedDir, 'corpus/tokens/SOURCES.md'));

export const b64 = (v: unknown): string =>
  Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** A compact token with the given header and payload and a fake 342-character signature. */
export function unsigned(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signature = 'x'.repeat(342),
): string {
  return `${b64(header)}.${b64(payload)}.${signature}`;
}

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const API = 'aaaaaaaa-0000-0000-0000-000000000001';
export const CLIENT = 'cccccccc-0000-0000-0000-000000000002';
export const USER_OID = 'dddddddd-0000-0000-0000-000000000003';
export const NOW = Date.parse('2026-03-01T12:00:00Z');
export const nowS = NOW / 1000;

export function v2Delegated(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    aud: API,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    iat: nowS - 600,
    nbf: nowS - 600,
    exp: nowS + 3000,
    azp: CLIENT,
    azpacr: '0',
    name: 'Ada',
    oid: USER_OID,
    preferred_username: 'ada@contoso.example',
    scp: 'Crm.Read.Team Sales.ReadWrite.Team',
    sub: 'pairwise-subject-value',
    tid: TENANT,
    ver: '2.0',
    ...extra,
  };
}

export interface Signer {
  kid: string;
  sign(payload: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  publicJwk: JWK;
}

export async function makeSigner(kid: string): Promise<Signer> {
  const jose = await import('jose');
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await jose.exportJWK(publicKey)), kid, use: 'sig' };
  return {
    kid,
    publicJwk,
    sign: (payload, header = {}) =>
      new jose.SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, ...header }).sign(privateKey),
  };
}

/** A fake issuer answering metadata and JWKS requests; records every URL asked. */
export function fakeIssuer(keys: () => JWK[], opts: { host?: string; offline?: boolean } = {}) {
  const host = opts.host ?? 'login.microsoftonline.com';
  const requests: string[] = [];
  const fetchJson = async (url: string): Promise<unknown> => {
    requests.push(url);
    if (opts.offline) throw new Error('getaddrinfo ENOTFOUND');
    const m = /^https:\/\/([^/]+)\/([^/]+)\/(v2\.0\/)?\.well-known\/openid-configuration$/.exec(url);
    if (m) {
      const [, h, tenant, v2] = m;
      return {
        issuer: v2 ? `https://${h}/{tenantid}/v2.0` : `https://sts.windows.net/{tenantid}/`,
        jwks_uri: `https://${h}/${tenant}/discovery/${v2 ? 'v2.0/' : ''}keys`,
      };
    }
    if (/\/discovery\/(v2\.0\/)?keys$/.test(url)) return { keys: keys() };
    throw new FetchError(`HTTP 404 from ${host}`, { status: 404 });
  };
  return { fetchJson, requests };
}

export interface KeyServer {
  /** `https://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** Paths asked, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A local https issuer on 127.0.0.1 (certificate of the tenant emulator's test CA, which the unit
 * test runner trusts): OpenID metadata for any tenant and the given keys. `redirect` answers the
 * metadata with a 302 to that origin instead.
 */
export async function startKeyServer(
  keys: () => JWK[],
  opts: { redirect?: (port: number) => string; keysBytes?: number } = {},
): Promise<KeyServer> {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { createServer } = await import('node:https');
  const files = ensureServerFiles(process.env.ENTRA_EMULATOR_CA_DIR ?? join(repoRoot, 'test-results', 'emulator-ca'));
  const requests: string[] = [];
  let port = 0;
  const server = createServer(
    { key: readFileSync(files.serverKeyPath), cert: readFileSync(files.serverCertPath) },
    (req, res) => {
      const path = req.url ?? '/';
      requests.push(path);
      const origin = `https://127.0.0.1:${port}`;
      const meta = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
      if (meta && opts.redirect) {
        res.writeHead(302, { location: `${opts.redirect(port)}${path}` }).end();
      } else if (meta || path.startsWith('/elsewhere/')) {
        const tenant = meta ? meta[1]! : 'x';
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            issuer: `${origin}/{tenantid}/v2.0`,
            jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
          }),
        );
      } else if (path.endsWith('/keys') && opts.keysBytes !== undefined) {
        // A key set padded with spaces to keysBytes, sent in 64 KB pieces (stops when the client goes).
        const body = JSON.stringify({ keys: keys() });
        let left = Math.max(0, opts.keysBytes - body.length);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(body.slice(0, -1));
        const more = (): void => {
          while (left > 0 && !res.destroyed) {
            const n = Math.min(left, 65_536);
            left -= n;
            if (!res.write(' '.repeat(n))) return void res.once('drain', more);
          }
          if (!res.destroyed) res.end(body.slice(-1));
        };
        more();
      } else if (path.endsWith('/keys')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: keys() }));
      } else res.writeHead(404).end();
    },
  );
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  port = (server.address() as { port: number }).port;
  return {
    origin: `https://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

/** A compact token whose payload is the given JSON text, as is (nesting too deep for JSON.stringify). */
export function unsignedRaw(
  payloadJson: string,
  header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' },
): string {
  return `${b64(header)}.${b64(payloadJson)}.${'x'.repeat(342)}`;
}

/** A v2 delegated payload with extra claims given as JSON text (`"name": value` pairs joined by commas). */
export function payloadWithRawClaims(rawClaims: string, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify(v2Delegated(extra)).slice(0, -1)},${rawClaims}}`;
}

/** Adversarial claims: nested `depth` levels, wide and nested, many properties, one long string. */
export function boundsCases(depth = 5000): Record<string, string> {
  return {
    deep: `"deep":${'['.repeat(depth)}${']'.repeat(depth)}`,
    'deep objects': `"deepo":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
    'wide and nested': `"wide":[${Array.from({ length: 400 }, () => '[[[[[[[[[[[[1]]]]]]]]]]]]').join(',')}]`,
    'many properties': `"many":{${Array.from({ length: 3000 }, (_, i) => `"k${i}":[[[${i}]]]`).join(',')}}`,
    'many claims': Array.from({ length: 2000 }, (_, i) => `"c${i}":[[[[[[[[[[0]]]]]]]]]]`).join(','),
    long: `"long":"${'z'.repeat(100_000)}"`,
  };
}
