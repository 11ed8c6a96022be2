// Node's error codes in words: failed connections, certificates the client does not trust and file
// access. The code stays next to the sentence (it is what people search for); the English message
// Node wrote is shown only for a code this table does not know. Written once: the Graph error
// narrowing (core/graph/errors.ts) and the key fetch hints (core/token/fetchError.ts) read it.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see localizer.ts).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from './localizer';

type L10n = Localizer<l10n.L10nReplacement>;
type Sentence = (l10n: L10n) => string;

/** A connection that failed before any answer (DNS, refused, reset, timed out). */
const NETWORK = new Map<string, Sentence>([
  ['ECONNREFUSED', (l10n) => l10n.t('the connection was refused (nothing listens there, or a firewall refuses it)')],
  ['ENOTFOUND', (l10n) => l10n.t('the host name could not be resolved (DNS)')],
  ['EAI_AGAIN', (l10n) => l10n.t('the host name could not be resolved for now (DNS did not answer)')],
  ['ETIMEDOUT', (l10n) => l10n.t('the connection timed out')],
  ['ECONNRESET', (l10n) => l10n.t('the connection was reset')],
  ['ENETUNREACH', (l10n) => l10n.t('the network is unreachable')],
  ['EHOSTUNREACH', (l10n) => l10n.t('the host is unreachable')],
  ['EPIPE', (l10n) => l10n.t('the connection closed while sending')],
  ['UND_ERR_SOCKET', (l10n) => l10n.t('the connection closed unexpectedly')],
  ['UND_ERR_CONNECT_TIMEOUT', (l10n) => l10n.t('the connection timed out')],
]);

/** A certificate the client does not trust. */
const TLS_TRUST = new Map<string, Sentence>([
  ['DEPTH_ZERO_SELF_SIGNED_CERT', (l10n) => l10n.t("the server's certificate is self-signed")],
  [
    'SELF_SIGNED_CERT_IN_CHAIN',
    (l10n) =>
      l10n.t(
        'the certificate chain ends in a self-signed CA that is not trusted here (a private CA, or a proxy that inspects TLS)',
      ),
  ],
  [
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    (l10n) =>
      l10n.t(
        'the certificate was issued by a CA that is not trusted here (unknown CA: a private CA, or a proxy that inspects TLS)',
      ),
  ],
  [
    'UNABLE_TO_GET_ISSUER_CERT',
    (l10n) => l10n.t('the certificate was issued by a CA that is not trusted here (unknown CA)'),
  ],
  [
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    (l10n) =>
      l10n.t(
        'the certificate could not be traced to a trusted CA (unknown CA, or the server does not send its intermediate certificates)',
      ),
  ],
  ['CERT_UNTRUSTED', (l10n) => l10n.t('the certificate is not trusted')],
  ['CERT_HAS_EXPIRED', (l10n) => l10n.t("the server's certificate has expired")],
  ['CERT_NOT_YET_VALID', (l10n) => l10n.t("the server's certificate is not valid yet (check the clock)")],
  ['ERR_TLS_CERT_ALTNAME_INVALID', (l10n) => l10n.t('the certificate is for another host name')],
]);

/** Certificate problems only the server can fix (the others: the client does not trust the CA). */
const SERVER_CERTIFICATE = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** Whether a TLS code is about the server's certificate itself (expired, not yet valid, another name). */
export function isServerCertificateProblem(code: string): boolean {
  return SERVER_CERTIFICATE.has(code);
}

/** Reading or writing a file. */
const FILE = new Map<string, Sentence>([
  ['ENOENT', (l10n) => l10n.t('no such file or folder')],
  ['EACCES', (l10n) => l10n.t('permission denied')],
  ['EPERM', (l10n) => l10n.t('the operation is not permitted')],
  ['EISDIR', (l10n) => l10n.t('it is a folder, not a file')],
  ['ENOTDIR', (l10n) => l10n.t('a part of the path is not a folder')],
  ['EMFILE', (l10n) => l10n.t('too many open files')],
]);

export type SystemErrorFamily = 'network' | 'tls' | 'file';

const FAMILIES: readonly (readonly [SystemErrorFamily, ReadonlyMap<string, Sentence>])[] = [
  ['tls', TLS_TRUST],
  ['network', NETWORK],
  ['file', FILE],
];

/** The codes of one family (for matching them in an error's text). */
export function systemErrorCodes(family: SystemErrorFamily): readonly string[] {
  return [...FAMILIES.find(([f]) => f === family)![1].keys()];
}

/** The sentence for a known code, in the Localizer's language. */
export function explainSystemCode(code: string, l10n: L10n = english): string | undefined {
  for (const [, table] of FAMILIES) {
    const sentence = table.get(code);
    if (sentence) return sentence(l10n);
  }
  return undefined;
}

/**
 * The first known code of an error, its causes and the errors it aggregates (depth-bounded): the
 * `code` property, else a code named in the message ("getaddrinfo ENOTFOUND host", "self-signed
 * certificate in certificate chain" has none and is not guessed from).
 */
export function systemErrorCode(
  err: unknown,
  families: readonly SystemErrorFamily[] = ['tls', 'network', 'file'],
  depth = 0,
): { code: string; family: SystemErrorFamily } | undefined {
  if (depth > 4 || err === null || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; cause?: unknown; message?: unknown; errors?: unknown };
  const tables = FAMILIES.filter(([f]) => families.includes(f));
  if (typeof e.code === 'string') {
    const own = tables.find(([, table]) => table.has(e.code as string));
    if (own) return { code: e.code, family: own[0] };
  }
  if (typeof e.message === 'string') {
    for (const [family, table] of tables)
      for (const code of table.keys()) if (new RegExp(`\\b${code}\\b`).test(e.message)) return { code, family };
  }
  const nested = [e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]).slice(0, 8) : [])];
  for (const n of nested) {
    const found = systemErrorCode(n, families, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * What went wrong, for a person: "{sentence} ({CODE})" for a known code; otherwise a translated
 * sentence with the original text quoted (Node's and libraries' messages are English only).
 */
export function describeSystemError(err: unknown, l10n: L10n = english): string {
  const known = systemErrorCode(err);
  if (known) {
    const text = l10n.t('{0} ({1})', explainSystemCode(known.code, l10n)!, known.code);
    // A file error names its file (Node's message does; the sentence must too).
    const path = known.family === 'file' ? (err as { path?: unknown }).path : undefined;
    return typeof path === 'string' ? l10n.t('{0}: {1}', path, text) : text;
  }
  return l10n.t('unexpected error: “{0}”', originalText(err));
}

/**
 * An error for a person: its known code in words ("{sentence} ({CODE})"), else its own message as it
 * is (an error this code threw, already in words, or one without a code to explain).
 */
export function systemErrorText(err: unknown, l10n: L10n = english): string {
  return systemErrorCode(err) ? describeSystemError(err, l10n) : err instanceof Error ? err.message : String(err);
}

/** The error's own message (or its text), on one line and at most 300 characters. */
export function originalText(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === 'string' ? err : String(err);
  const line = raw.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
