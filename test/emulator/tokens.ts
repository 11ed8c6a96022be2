// Token signing for the emulator: a key ring published as JWKS (two keys: the signing key and the
// next one, like Entra during rollover), RS256 JWTs with Entra's claims, and the Microsoft Graph
// variant whose header carries a `nonce` and whose signature covers the SHA-256 of that nonce
// instead, so standard JWT libraries fail to verify it (as with the real service).
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
let josePromise: Promise<Jose> | undefined;
const loadJose = () => (josePromise ??= import('jose'));

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** base64 DER of the certificate (x5c); absent for the unpublished "other" key. */
  x5c?: string;
}

export interface Jwk {
  kty: 'RSA';
  use: 'sig';
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: string[];
  issuer?: string;
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

export function loadSigningKey(keyPath: string, certPath: string): SigningKey {
  const cert = new X509Certificate(readFileSync(certPath));
  return {
    kid: b64url(createHash('sha1').update(cert.raw).digest()),
    privateKey: createPrivateKey(readFileSync(keyPath)),
    publicKey: cert.publicKey,
    x5c: cert.raw.toString('base64'),
  };
}

/** Keys in rotation order; `current` signs, `current + 1` is published as the next key. */
export class KeyRing {
  private index = 0;
  private otherKey: SigningKey | undefined;

  constructor(private readonly keys: SigningKey[]) {
    if (keys.length < 2) throw new Error('KeyRing needs at least two keys');
  }

  get current(): SigningKey {
    return this.keys[this.index % this.keys.length] as SigningKey;
  }

  get next(): SigningKey {
    return this.keys[(this.index + 1) % this.keys.length] as SigningKey;
  }

  /** A key that is never published (tokens signed with it must fail validation). */
  get other(): SigningKey {
    if (!this.otherKey) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      this.otherKey = { kid: b64url(randomBytes(20)), privateKey, publicKey };
    }
    return this.otherKey;
  }

  /** Key rollover: the next key starts signing and a new next key is published. */
  rotate(): void {
    this.index++;
  }

  published(): SigningKey[] {
    return [this.current, this.next];
  }

  find(kid: string): SigningKey | undefined {
    return this.published().find((k) => k.kid === kid);
  }

  jwks(issuer?: string): { keys: Jwk[] } {
    return {
      keys: this.published().map((k) => {
        const jwk = k.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
        return {
          kty: 'RSA',
          use: 'sig',
          kid: k.kid,
          x5t: k.kid,
          n: jwk.n,
          e: jwk.e,
          x5c: [k.x5c as string],
          ...(issuer ? { issuer } : {}),
        };
      }),
    };
  }
}

export const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * Signs `claims` as an RS256 JWT. With `nonce`, the header published in the token carries the nonce
 * while the signature covers a header carrying sha256hex(nonce) (Microsoft Graph's format).
 */
export async function signJwt(
  claims: Record<string, unknown>,
  key: SigningKey,
  options: { version: 1 | 2; nonce?: string },
): Promise<string> {
  const header = (nonce?: string) => ({
    typ: 'JWT',
    ...(nonce !== undefined ? { nonce } : {}),
    alg: 'RS256',
    ...(options.version === 1 ? { x5t: key.kid } : {}),
    kid: key.kid,
  });
  const { CompactSign } = await loadJose();
  const payload = new TextEncoder().encode(JSON.stringify(claims));
  if (options.nonce === undefined) return new CompactSign(payload).setProtectedHeader(header()).sign(key.privateKey);
  const signed = await new CompactSign(payload)
    .setProtectedHeader(header(sha256Hex(options.nonce)))
    .sign(key.privateKey);
  const [, body, signature] = signed.split('.');
  return `${b64url(JSON.stringify(header(options.nonce)))}.${body}.${signature}`;
}

export type VerifyFailure = 'malformed' | 'signature' | 'expired' | 'notYetValid';

/**
 * Verifies a token the way the emulator's Graph endpoint does: finds the published key by `kid`,
 * undoes the Graph nonce transform when the header has a nonce, checks the signature and lifetime.
 */
export async function verifyJwt(
  token: string,
  ring: KeyRing,
  now = Date.now(),
): Promise<{ ok: true; claims: Record<string, unknown> } | { ok: false; reason: VerifyFailure }> {
  const { compactVerify, decodeProtectedHeader, errors: joseErrors } = await loadJose();
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const key = typeof header.kid === 'string' ? ring.find(header.kid) : undefined;
  if (!key) return { ok: false, reason: 'signature' };
  let compact = token;
  if (typeof header.nonce === 'string') {
    const transformed = JSON.parse(Buffer.from(parts[0] as string, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    transformed.nonce = sha256Hex(header.nonce);
    compact = `${b64url(JSON.stringify(transformed))}.${parts[1]}.${parts[2]}`;
  }
  let claims: Record<string, unknown>;
  try {
    const { payload } = await compactVerify(compact, key.publicKey, { algorithms: ['RS256'] });
    claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
  } catch (err) {
    return { ok: false, reason: err instanceof joseErrors.JWSSignatureVerificationFailed ? 'signature' : 'malformed' };
  }
  const seconds = Math.floor(now / 1000);
  if (typeof claims.exp === 'number' && claims.exp < seconds) return { ok: false, reason: 'expired' };
  if (typeof claims.nbf === 'number' && claims.nbf > seconds + 300) return { ok: false, reason: 'notYetValid' };
  return { ok: true, claims };
}

/** Opaque-looking values for Entra's internal claims (aio, rh, uti). */
export const opaque = {
  aio: () => `${randomBytes(48).toString('base64')}`.replace(/=+$/, ''),
  rh: (tid: string) => `1.A${b64url(randomBytes(24))}${tid.slice(0, 4)}AA.`,
  uti: () => b64url(randomBytes(16)).slice(0, 22),
  code: () => randomUUID(),
};
