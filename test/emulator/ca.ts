// Throw-away test certificate authority for the tenant emulator.
// Made with /usr/bin/openssl: a CA, a server certificate for 127.0.0.1/localhost signed by it, and a
// small pool of self-signed signing certificates whose keys sign the emulator's tokens (published in
// the JWKS with their x5c chain, like Entra's own keys). Clients trust the CA through NODE_EXTRA_CA_CERTS.
// Usage as a command: `tsx test/emulator/ca.ts <dir>` prints the CA certificate path.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface CaFiles {
  caCertPath: string;
  caKeyPath: string;
}

export interface ServerFiles extends CaFiles {
  serverCertPath: string;
  serverKeyPath: string;
  /** Signing key pairs (PEM paths), in rotation order. */
  signing: { keyPath: string; certPath: string }[];
}

/** Number of token-signing keys kept in the pool; rotation walks through them. */
export const SIGNING_KEY_COUNT = 4;
const OPENSSL = existsSync('/usr/bin/openssl') ? '/usr/bin/openssl' : 'openssl';
const MIN_REMAINING_MS = 24 * 3600 * 1000;

function openssl(cwd: string, args: string[]): void {
  execFileSync(OPENSSL, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function stillValid(certPath: string): boolean {
  try {
    const cert = new X509Certificate(readFileSync(certPath));
    return new Date(cert.validTo).getTime() - Date.now() > MIN_REMAINING_MS;
  } catch {
    return false;
  }
}

function serverFiles(dir: string): ServerFiles {
  const signing = Array.from({ length: SIGNING_KEY_COUNT }, (_, i) => ({
    keyPath: join(dir, `signing-${i}.key`),
    certPath: join(dir, `signing-${i}.crt`),
  }));
  return {
    caCertPath: join(dir, 'ca.crt'),
    caKeyPath: join(dir, 'ca.key'),
    serverCertPath: join(dir, 'server.crt'),
    serverKeyPath: join(dir, 'server.key'),
    signing,
  };
}

function complete(files: ServerFiles): boolean {
  return (
    [files.caKeyPath, files.serverKeyPath, ...files.signing.flatMap((s) => [s.keyPath, s.certPath])].every((p) =>
      existsSync(p),
    ) &&
    stillValid(files.caCertPath) &&
    stillValid(files.serverCertPath)
  );
}

function generate(dir: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '30',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-subj',
    '/CN=Entra Workbench Emulator Test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  openssl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  ]);
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=CA:FALSE\n',
  );
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '29',
    '-sha256',
    '-extfile',
    'server.ext',
  ]);
  for (let i = 0; i < SIGNING_KEY_COUNT; i++) {
    openssl(dir, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '365',
      '-keyout',
      `signing-${i}.key`,
      '-out',
      `signing-${i}.crt`,
      '-subj',
      '/CN=accounts.accesscontrol.windows.net',
    ]);
  }
}

/**
 * Makes (or reuses) the CA, the 127.0.0.1 server certificate and the token-signing keys in `dir`.
 * Safe to call from several processes at once: files are made in a temporary folder and moved in.
 */
export function ensureServerFiles(dir: string): ServerFiles {
  const target = resolve(dir);
  const files = serverFiles(target);
  if (complete(files)) return files;
  mkdirSync(dirname(target), { recursive: true });
  const tmp = mkdtempSync(`${target}.tmp-`);
  try {
    generate(tmp);
    if (existsSync(target)) {
      if (complete(files)) return files; // another process won the race
      rmSync(target, { recursive: true, force: true });
    }
    try {
      renameSync(tmp, target);
    } catch (err) {
      if (!complete(files)) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return files;
}

/** Creates the test CA in `dir` when missing (or about to expire), reuses it otherwise. */
export function ensureCa(dir: string): CaFiles {
  const { caCertPath, caKeyPath } = ensureServerFiles(dir);
  return { caCertPath, caKeyPath };
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: tsx test/emulator/ca.ts <dir>');
    process.exit(2);
  }
  console.log(ensureCa(dir).caCertPath);
}
