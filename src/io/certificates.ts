/**
 * Reads a public certificate to upload to an app registration: PEM (one CERTIFICATE block) or
 * DER (.cer/.crt). A file holding a private key (PEM key blocks, PKCS#8 or PKCS#12/PFX in DER)
 * is refused: an app registration takes only the public part. Parsing is node:crypto's
 * X509Certificate; what the plan needs is handed on as plain data (core/plan/credentials).
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type * as l10n from '@vscode/l10n';
import type { CertificateData } from '../core/plan/credentials';
import { systemErrorText } from '../core/text/systemErrors';
import { english, type Localizer } from '../core/text/localizer';

/** A file that is not one public certificate, with what to do instead. */
export class CertificateFileError extends Error {}

/** Certificates are a few kilobytes; a larger file is not one. */
const MAX_BYTES = 1_000_000;

/** What to do with a file that holds a private key: export the public certificate alone (`command` does it). */
const privateKeyAdvice = (l10n: Localizer<l10n.L10nReplacement>, command: string): string =>
  l10n.t(
    'An app registration takes only the public certificate. Export it without the key, e.g. `{0}`, and upload that.',
    command,
  );
const X509_EXPORT = 'openssl x509 -in FILE -out cert.pem';
const PKCS12_EXPORT = 'openssl pkcs12 -in FILE -nokeys -clcerts -out cert.pem';

/** The common name of a subject (`C=US\nCN=name` → `name`), else the subject on one line. */
function commonName(subject: string): string {
  const cn = subject
    .split('\n')
    .map((l) => /^CN=(.*)$/.exec(l.trim())?.[1])
    .find((v) => v !== undefined);
  return cn ?? subject.replace(/\n/g, ', ');
}

/** Parses a certificate from file contents. `name` is used in messages only. */
export function parseCertificate(
  bytes: Buffer,
  name: string,
  l10n: Localizer<l10n.L10nReplacement> = english,
): CertificateData {
  if (bytes.length === 0) throw new CertificateFileError(l10n.t('{0} is empty.', name));
  if (bytes.length > MAX_BYTES) throw new CertificateFileError(l10n.t('{0} is too large to be a certificate.', name));
  const textual = bytes.toString('latin1').includes('-----BEGIN ');
  let der: Buffer;
  if (textual) {
    const text = bytes.toString('latin1');
    if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text))
      throw new CertificateFileError(
        `${l10n.t('{0} holds a private key.', name)} ${privateKeyAdvice(l10n, X509_EXPORT)}`,
      );
    const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]*)-----END CERTIFICATE-----/g)];
    if (blocks.length === 0)
      throw new CertificateFileError(l10n.t('{0} holds no PEM certificate (no "BEGIN CERTIFICATE" block).', name));
    if (blocks.length > 1)
      throw new CertificateFileError(
        l10n.t("{0} holds {1} certificates (a chain?). Upload the app's own certificate alone.", name, blocks.length),
      );
    der = Buffer.from(blocks[0]![1]!.replace(/\s+/g, ''), 'base64');
  } else {
    der = bytes;
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    if (!textual && isPrivateKey(der))
      throw new CertificateFileError(
        `${l10n.t('{0} holds a private key (DER).', name)} ${privateKeyAdvice(l10n, X509_EXPORT)}`,
      );
    if (!textual && /\.(pfx|p12)$/i.test(name))
      throw new CertificateFileError(
        `${l10n.t('{0} is a PFX/PKCS#12 file, which holds the private key.', name)} ${privateKeyAdvice(l10n, PKCS12_EXPORT)}`,
      );
    throw new CertificateFileError(l10n.t('{0} is not a certificate in PEM or DER (.cer) form.', name));
  }
  const thumbprint = cert.fingerprint.replace(/:/g, '').toUpperCase();
  return {
    thumbprint,
    der: cert.raw.toString('base64'),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    subject: commonName(cert.subject),
  };
}

function isPrivateKey(der: Buffer): boolean {
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      createPrivateKey({ key: der, format: 'der', type });
      return true;
    } catch {
      // not this form
    }
  }
  return false;
}

/** Reads and parses a certificate file. */
export function readCertificateFile(file: string, l10n: Localizer<l10n.L10nReplacement> = english): CertificateData {
  let bytes: Buffer;
  try {
    if (statSync(file).size > MAX_BYTES)
      throw new CertificateFileError(l10n.t('{0} is too large to be a certificate.', file));
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof CertificateFileError) throw err;
    // The text names the file itself (a file error carries its path).
    throw new CertificateFileError(systemErrorText(err, l10n));
  }
  return parseCertificate(bytes, file, l10n);
}
