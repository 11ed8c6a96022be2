// Credentials of an app registration, the pure part: how long a new client secret lives, how an
// existing secret is named in a confirmation, which secrets a rotation may remove, and the
// keyCredentials entry of an uploaded certificate (from data the caller parsed; no I/O here).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';
import { isObject } from './properties';
import type { Json, JsonObject } from './types';

/** Lifetime of a new client secret, in days: Graph's own limit is two years; 180 is the admin center's suggestion. */
export const SECRET_DAYS = { min: 1, max: 730, default: 180 } as const;

/** Days from text (a whole number within {@link SECRET_DAYS}); undefined when not acceptable. */
export function secretDays(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return SECRET_DAYS.default;
  if (!/^\d+$/.test(text.trim())) return undefined;
  const days = Number(text.trim());
  return days >= SECRET_DAYS.min && days <= SECRET_DAYS.max ? days : undefined;
}

/** The end of a secret valid for `days` from `now`, as Graph takes it (ISO 8601, UTC). */
export function secretEndDateTime(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString();
}

/** A client secret as Graph lists it (no value). */
export interface SecretInfo {
  readonly keyId: string;
  readonly displayName: string | null;
  readonly hint: string | null;
  readonly endDateTime: string | null;
}

const text = (v: Json | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The app's client secrets (passwordCredentials), soonest expiry first. */
export function secretsOf(app: JsonObject): SecretInfo[] {
  const creds = Array.isArray(app.passwordCredentials) ? app.passwordCredentials.filter(isObject) : [];
  return creds
    .filter((c) => typeof c.keyId === 'string')
    .map((c) => ({
      keyId: String(c.keyId),
      displayName: text(c.displayName),
      hint: text(c.hint),
      endDateTime: text(c.endDateTime),
    }))
    .sort((a, b) => (Date.parse(a.endDateTime ?? '') || Infinity) - (Date.parse(b.endDateTime ?? '') || Infinity));
}

/** One line naming a secret for a confirmation: `"CI" (starts with abc…, key id …, expires 2026-01-31)`. */
export function secretLabel(secret: SecretInfo, l10n: Localizer<l10n.L10nReplacement> = english, now?: Date): string {
  const name = secret.displayName ? `"${secret.displayName}"` : l10n.t('unnamed secret');
  const id = secret.keyId;
  const end = secret.endDateTime;
  const day = end === null ? undefined : end.slice(0, 10);
  const expired = end !== null && now !== undefined && Date.parse(end) < now.getTime();
  // One whole text per case, so that a language can order the parts its own way.
  if (secret.hint) {
    const hint = `${secret.hint}…`;
    if (day === undefined) return l10n.t('{0} (starts with {1}, key id {2}, no expiry given)', name, hint, id);
    return expired
      ? l10n.t('{0} (starts with {1}, key id {2}, expired {3})', name, hint, id, day)
      : l10n.t('{0} (starts with {1}, key id {2}, expires {3})', name, hint, id, day);
  }
  if (day === undefined) return l10n.t('{0} (key id {1}, no expiry given)', name, id);
  return expired
    ? l10n.t('{0} (key id {1}, expired {2})', name, id, day)
    : l10n.t('{0} (key id {1}, expires {2})', name, id, day);
}

/** The secrets a rotation that added `newKeyId` may remove: every other one, soonest expiry first. */
export function rotationCandidates(app: JsonObject, newKeyId: string): SecretInfo[] {
  return secretsOf(app).filter((s) => s.keyId.toLowerCase() !== newKeyId.toLowerCase());
}

/** A public certificate, as read from its file. */
export interface CertificateData {
  /** SHA-1 thumbprint, 40 upper-case hex digits (what the admin center shows). */
  readonly thumbprint: string;
  /** The certificate (DER), base64. */
  readonly der: string;
  /** Validity, ISO 8601 UTC. */
  readonly notBefore: string;
  readonly notAfter: string;
  /** The subject's common name, else the whole subject. */
  readonly subject: string;
}

/** Graph's limit on a keyCredential's displayName (longer ones are shortened silently). */
export const CERTIFICATE_NAME_MAX = 90;

/**
 * The keyCredentials entry of an uploaded certificate: a verification key (AsymmetricX509Cert,
 * Verify), its thumbprint as customKeyIdentifier, its validity as start and end.
 */
export function certificateCredential(
  cert: CertificateData,
  options: { readonly keyId: string; readonly displayName?: string },
): JsonObject {
  return {
    customKeyIdentifier: cert.thumbprint,
    displayName: (options.displayName?.trim() || cert.subject).slice(0, CERTIFICATE_NAME_MAX),
    endDateTime: cert.notAfter,
    key: cert.der,
    keyId: options.keyId,
    startDateTime: cert.notBefore,
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
  };
}

/** Why a certificate cannot be added to an app. */
export class CertificateRefused extends Error {}

/**
 * Adds a certificate: keyCredentials built from the tenant's value plus the new entry (Graph
 * replaces the collection whole). Throws {@link CertificateRefused} when the app already holds it,
 * or when it has expired at `now`.
 */
export function addCertificateEdit(
  live: JsonObject,
  cert: CertificateData,
  entry: JsonObject,
  now: Date,
  l10n: Localizer<l10n.L10nReplacement> = english,
): JsonObject {
  const creds = Array.isArray(live.keyCredentials) ? live.keyCredentials.filter(isObject) : [];
  const same = creds.find(
    (k) =>
      (typeof k.customKeyIdentifier === 'string' && k.customKeyIdentifier.toUpperCase() === cert.thumbprint) ||
      (typeof k.key === 'string' && k.key === cert.der),
  );
  if (same)
    throw new CertificateRefused(
      l10n.t('The app already has this certificate (thumbprint {0}, key id {1}).', cert.thumbprint, String(same.keyId)),
    );
  if (Date.parse(cert.notAfter) <= now.getTime())
    throw new CertificateRefused(
      l10n.t(
        'The certificate expired on {0}: Entra would not accept a token signed with it. Upload a current one.',
        cert.notAfter.slice(0, 10),
      ),
    );
  return { keyCredentials: [...creds, entry] };
}
