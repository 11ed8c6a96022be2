// Writes of the emulated Graph beside PATCH: POST /applications (the defaults Graph fills in),
// DELETE (to deleted items), restore, addPassword / removePassword, and the validation every
// application write goes through (keyCredentials rules, tokenEncryptionKeyId, identifierUris in
// use by another app). Who may write: Application.ReadWrite.All, or Application.ReadWrite.OwnedBy
// for apps the calling service principal owns (facts §7.5).
import { randomBytes, randomUUID } from 'node:crypto';
import { applicationDefaults } from './scenario.js';
import type { Application, TenantStore } from './types.js';

/** A Graph error raised by a write (graph.ts turns it into Graph's error body). */
export class WriteFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface WriteCaller {
  delegated: boolean;
  oid: string;
  roles: string[];
}

type Json = Record<string, unknown>;

const denied = () =>
  new WriteFailure(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
const badRequest = (message: string) => new WriteFailure(400, 'Request_BadRequest', message);

/** App-only callers with only Application.ReadWrite.OwnedBy may write the apps they own. */
export function requireWriteOn(tenant: TenantStore, app: { id: string }, caller: WriteCaller): void {
  if (caller.delegated || caller.roles.includes('Application.ReadWrite.All')) return;
  if (!(tenant.owners.get(app.id) ?? []).includes(caller.oid)) throw denied();
}

export function parseBody(raw: unknown): Json {
  let body: unknown;
  try {
    body = Buffer.isBuffer(raw) ? (raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'))) : raw;
  } catch {
    body = undefined;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new WriteFailure(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
  return body as Json;
}

const KEY_PAIRS: Record<string, string[]> = {
  AsymmetricX509Cert: ['Verify', 'Encrypt'],
  X509CertAndPassword: ['Sign'],
  Symmetric: ['Sign', 'Verify'],
};

/** Rules a written application must meet beyond the PATCH rules in graph.ts. */
export function validateApplication(
  tenant: TenantStore,
  next: Application,
  previous: Application | undefined,
  written: ReadonlySet<string>,
): void {
  const creds = (next.keyCredentials ?? []) as Json[];
  if (written.has('keyCredentials')) checkKeyCredentials(creds);
  const tek = next.tokenEncryptionKeyId;
  if (
    (written.has('tokenEncryptionKeyId') || written.has('keyCredentials')) &&
    tek &&
    !creds.some((k) => String(k.keyId).toLowerCase() === String(tek).toLowerCase())
  ) {
    throw badRequest("Property 'tokenEncryptionKeyId' must be the keyId of one of the application's keyCredentials.");
  }
  const before = new Set(previous?.identifierUris ?? []);
  for (const uri of next.identifierUris ?? []) {
    if (before.has(uri)) continue;
    if (
      tenant.applications.some(
        (a) => a.id !== next.id && (a.identifierUris ?? []).some((u) => u.toLowerCase() === uri.toLowerCase()),
      )
    ) {
      throw badRequest('Another object with the same value for property identifierUris already exists.');
    }
  }
}

function checkKeyCredentials(creds: Json[]): void {
  const seen = new Set<string>();
  for (const k of creds) {
    const keyId = String(k.keyId ?? '').toLowerCase();
    if (keyId) {
      if (seen.has(keyId))
        throw new WriteFailure(400, 'DuplicateValue', 'Request contains a property with duplicate values.');
      seen.add(keyId);
    }
    // A PATCH replaces the collection: every certificate is sent with its key (read with $select).
    if (typeof k.key !== 'string' || k.key === '')
      throw badRequest("Invalid value specified for property 'key' of resource 'KeyCredential'.");
    const usage = String(k.usage ?? '');
    const allowed = KEY_PAIRS[String(k.type ?? '')];
    if (!allowed || !allowed.includes(usage))
      throw badRequest(
        `Invalid value specified for property 'type' or 'usage' of resource 'KeyCredential' (${String(k.type)}, ${usage}).`,
      );
    // displayName longer than 90 characters is shortened silently (facts §1.1).
    if (typeof k.displayName === 'string' && k.displayName.length > 90) k.displayName = k.displayName.slice(0, 90);
    if (!keyId) k.keyId = randomUUID();
  }
}

/** Application properties Graph sets itself: a POST or PATCH that names one is refused. */
export const APP_READ_ONLY: ReadonlySet<string> = new Set([
  'id',
  'appId',
  'createdDateTime',
  'deletedDateTime',
  'publisherDomain',
  'applicationTemplateId',
  'disabledByMicrosoftStatus',
  'certification',
  'createdByAppId',
  'verifiedPublisher',
]);

/** POST /applications: Graph fills in id, appId, createdDateTime, publisherDomain and every default. */
export function createApplication(
  tenant: TenantStore,
  raw: unknown,
  caller: WriteCaller,
  known: Set<string>,
): Application {
  const body = parseBody(raw);
  for (const k of Object.keys(body)) {
    if (k.startsWith('@odata.')) continue;
    if (APP_READ_ONLY.has(k) || k === 'passwordCredentials')
      throw badRequest(`Property '${k}' is read-only and cannot be set.`);
    if (!known.has(k)) throw badRequest(`Invalid property '${k}'.`);
  }
  if (typeof body.displayName !== 'string' || body.displayName.trim() === '')
    throw badRequest("Property 'displayName' is required and cannot be empty.");
  const defaults = applicationDefaults() as unknown as Json;
  const app = { ...defaults } as Json;
  for (const [k, v] of Object.entries(body)) {
    if (k.startsWith('@odata.')) continue;
    const d = defaults[k];
    app[k] =
      d && typeof d === 'object' && !Array.isArray(d) && v && typeof v === 'object' && !Array.isArray(v)
        ? { ...(d as Json), ...structuredClone(v as Json) }
        : structuredClone(v);
  }
  Object.assign(app, {
    id: randomUUID(),
    appId: randomUUID(),
    createdDateTime: new Date().toISOString(),
    publisherDomain: tenant.domain,
    passwordCredentials: [],
  });
  const created = app as unknown as Application;
  validateApplication(tenant, created, undefined, new Set(Object.keys(body)));
  tenant.applications.push(created);
  tenant.owners.set(created.id, caller.oid ? [caller.oid] : []);
  return created;
}

/** DELETE /applications/{id}: the app moves to deleted items (restorable for 30 days). */
export function deleteApplication(tenant: TenantStore, app: Application): void {
  const at = tenant.applications.indexOf(app);
  if (at >= 0) tenant.applications.splice(at, 1);
  app.deletedDateTime = new Date().toISOString();
  tenant.deletedApplications.push(app);
}

/** POST /directory/deletedItems/{id}/restore. */
export function restoreApplication(tenant: TenantStore, id: string, caller: WriteCaller): Application {
  const app = tenant.deletedApplications.find((a) => a.id === id);
  if (!app)
    throw new WriteFailure(
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  requireWriteOn(tenant, app, caller);
  tenant.deletedApplications.splice(tenant.deletedApplications.indexOf(app), 1);
  app.deletedDateTime = null;
  tenant.applications.push(app);
  return app;
}

/** A secret as Entra makes them: 40 characters, the 4th-6th are a version marker. */
function secretText(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.~';
  const bytes = randomBytes(37);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 3)}8Q~${chars.slice(3, 37)}`;
}

/** POST /applications/{id}/addPassword: the only time `secretText` is returned. */
export function addPassword(tenant: TenantStore, app: Application, raw: unknown): Json {
  const body = parseBody(raw);
  const given = (body.passwordCredential ?? {}) as Json;
  if (typeof given !== 'object' || Array.isArray(given))
    throw badRequest("Property 'passwordCredential' must be an object.");
  const start = typeof given.startDateTime === 'string' ? given.startDateTime : new Date().toISOString();
  const end =
    typeof given.endDateTime === 'string'
      ? given.endDateTime
      : new Date(Date.parse(start) + 2 * 365 * 86_400_000).toISOString();
  if (Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(end)))
    throw badRequest("Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'.");
  if (Date.parse(end) <= Date.parse(start)) throw badRequest('Key credential end date must be after the start date.');
  const text = secretText();
  const credential = {
    customKeyIdentifier: null,
    displayName: typeof given.displayName === 'string' ? given.displayName : null,
    endDateTime: new Date(end).toISOString(),
    hint: text.slice(0, 3),
    keyId: randomUUID(),
    startDateTime: new Date(start).toISOString(),
  };
  app.passwordCredentials = [...(app.passwordCredentials ?? []), credential];
  tenant.secrets.push({
    appId: app.appId,
    keyId: credential.keyId,
    secretText: text,
    endDateTime: credential.endDateTime,
  });
  return { ...credential, secretText: text };
}

/** POST /applications/{id}/removePassword. */
export function removePassword(tenant: TenantStore, app: Application, raw: unknown): void {
  const body = parseBody(raw);
  const keyId = typeof body.keyId === 'string' ? body.keyId.toLowerCase() : '';
  const creds = app.passwordCredentials ?? [];
  if (!keyId || !creds.some((c) => String(c.keyId).toLowerCase() === keyId)) {
    // Message shape UNCONFIRMED: Graph answers 400 for an unknown keyId.
    throw badRequest(`No password credential with keyId '${String(body.keyId ?? '')}' exists on the application.`);
  }
  app.passwordCredentials = creds.filter((c) => String(c.keyId).toLowerCase() !== keyId);
  tenant.secrets = tenant.secrets.filter((s) => !(s.appId === app.appId && s.keyId.toLowerCase() === keyId));
}
