// Test helpers: build tokens from claims, sign them with locally generated keys, serve a fake issuer.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { JWK } from 'jose' with { 'resolution-mode': 'import' };
import { FetchError } from '../../../src/core/token/verify';

export const repoRoot = resolve(__dirname, '../../..');
export const sharedDir = resolve(repoRoot, '../shared');
export const hasShared = existsSync(resolve(sharedDir, 'corpus/tokens/SOURCES.md'));

export const b64 = (v: unknown): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** A compact token with the given header and payload and a fake 342-character signature. */
export function unsigned(header: Record<string, unknown>, payload: Record<string, unknown>, signature = 'x'.repeat(342)): string {
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
    sign: (payload, header = {}) => new jose.SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, ...header }).sign(privateKey),
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

/** A compact token whose payload is the given JSON text, as is (nesting too deep for JSON.stringify). */
export function unsignedRaw(payloadJson: string, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }): string {
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
