/**
 * Graph I/O of the write path: reads the application fresh, re-plans against it (conflicts with
 * the edit's base stop the apply), sends the plan's PATCHes in order, and the other writes
 * (create, delete, restore, addPassword, removePassword). Writes are never retried: a PATCH is
 * sent only after a fresh GET, and only the GET after a create is repeated on 404 (replication lag).
 * The planning itself is pure (core/plan).
 */
import { randomUUID } from 'node:crypto';
import { applicationKeys, applicationPath, deletedItemPath, getApplication, getApplicationByAppId } from './queries';
import type { PermissionCatalog } from '../../core/manifest/types';
import type { Localizer } from '../../core/text/localizer';
import { createPlan, type JsonObject, type Plan, type PlanRequest } from '../../core/plan';
import { addCertificateEdit, certificateCredential, type CertificateData } from '../../core/plan/credentials';
import type { GraphAccess } from './client';
import {
  GraphError,
  isGraphError,
  sentence,
  toGraphError,
  writeFailureText,
  type WriteFailureFacts,
} from '../../core/graph/errors';

/** Which app: its object id, its appId, or either (`any`: tried as object id, then as appId). */
export interface AppRef {
  readonly id?: string;
  readonly appId?: string;
  readonly any?: string;
}

/**
 * A failed write, in words the user can act on: `message` in English, `writeFailureText` in the
 * display language. `property` is the property the error concerns, when recognisable;
 * `missingPermission` (403) the permission the write needs.
 */
export type WriteFailure = WriteFailureFacts;

export interface RequestResult {
  readonly request: Pick<PlanRequest, 'method' | 'url' | 'purpose'>;
  readonly status: 'sent' | 'failed' | 'skipped';
  readonly failure?: WriteFailure;
}

export type ApplyOutcome =
  | { readonly status: 'applied' | 'unchanged'; readonly plan: Plan; readonly results: readonly RequestResult[] }
  | { readonly status: 'conflict' | 'blocked' | 'changed'; readonly plan: Plan; readonly results: readonly [] }
  | {
      readonly status: 'failed';
      readonly plan: Plan;
      readonly results: readonly RequestResult[];
      readonly failure: WriteFailure;
    };

/** The permission a write needs, named for the token's kind. */
export function writePermission(graph: Pick<GraphAccess, 'permissionType'>): string {
  return graph.permissionType === 'application'
    ? 'Application.ReadWrite.All (application), or Application.ReadWrite.OwnedBy (application) on apps the client owns'
    : 'Application.ReadWrite.All (delegated)';
}

const propertyByCode: Record<string, string> = {
  CannotDeleteOrUpdateEnabledEntitlement: 'api.oauth2PermissionScopes / appRoles (disable first)',
};

/** Turns a failed write into a {@link WriteFailure} naming the property or the permission. */
export function writeFailure(
  err: unknown,
  graph: Pick<GraphAccess, 'permissionType'>,
  body?: JsonObject,
): WriteFailure {
  const e: GraphError = isGraphError(err) ? err : toGraphError(err);
  if (e.kind === 'forbidden') {
    const facts = { status: e.status, code: e.code, missingPermission: writePermission(graph) };
    return { ...facts, message: writeFailureText({ ...facts, message: '' }) };
  }
  // The server's own text (the message puts a sentence of ours in front of it).
  const detail =
    e.details?.detail !== undefined
      ? sentence(e.details.detail.replace(/\s+/g, ' '))
      : e.message.replace(/^Microsoft Graph error \d+ \S+: /, '');
  const named = /propert(?:y|ies) '([^']+)'/i.exec(detail)?.[1] ?? /for property:? '?([A-Za-z.]+)/i.exec(detail)?.[1];
  const keys = body ? Object.keys(body) : [];
  const property = propertyByCode[e.code] ?? named ?? (keys.length === 1 ? keys[0] : undefined);
  const facts = {
    status: e.status,
    code: e.code,
    message: e.message,
    detail,
    kind: e.kind,
    ...(e.details ? { details: e.details } : {}),
    ...(property ? { property } : {}),
  };
  return { ...facts, message: writeFailureText(facts) };
}

/** GET the application (one request; two when `any` is an appId rather than an object id). */
export async function readApplication(graph: GraphAccess, ref: AppRef): Promise<JsonObject> {
  if (ref.id) return graph.get<JsonObject>(getApplication(graph, ref.id));
  if (ref.appId) return graph.get<JsonObject>(getApplicationByAppId(graph, ref.appId));
  if (!ref.any) throw new Error("No application given: pass --app, or keep the manifest's id or appId.");
  try {
    return await graph.get<JsonObject>(getApplication(graph, ref.any));
  } catch (err) {
    if (isGraphError(err) && err.kind === 'notFound')
      return graph.get<JsonObject>(getApplicationByAppId(graph, ref.any));
    throw err;
  }
}

export interface PlanOptions {
  readonly desired: string | JsonObject;
  readonly base?: JsonObject;
  readonly catalog?: PermissionCatalog;
  readonly now?: Date;
  /** Translates the plan's change descriptions, request purposes and notes (default: English). */
  readonly l10n?: Localizer;
}

/** Certificates' keys come only with `$select=keyCredentials` on one object (facts §1.1). */
async function withKeys(graph: GraphAccess, live: JsonObject): Promise<JsonObject> {
  const read = await graph.get<JsonObject>(applicationKeys(graph, String(live.id)));
  return { ...live, keyCredentials: read.keyCredentials ?? [] };
}

/** Whether the plan writes certificates, or stops on one (the tenant's keys are then needed to compare). */
const touchesKeys = (plan: Plan) =>
  plan.requests.some((r) => r.body && 'keyCredentials' in r.body) ||
  plan.conflicts.some((c) => c.path.startsWith('keyCredentials'));

/** Reads the app (1 request; 2 when certificates change) and plans the edit against it. */
export async function planForTenant(
  graph: GraphAccess,
  ref: AppRef,
  options: PlanOptions,
): Promise<{ plan: Plan; live: JsonObject }> {
  let live = await readApplication(graph, ref);
  let plan = createPlan({ live, ...options });
  if (touchesKeys(plan)) {
    live = await withKeys(graph, live);
    plan = createPlan({ live, ...options });
  }
  return { plan, live };
}

const sameRequests = (a: readonly PlanRequest[], b: readonly PlanRequest[]) =>
  JSON.stringify(a.map((r) => [r.method, r.url, r.body ?? null])) ===
  JSON.stringify(b.map((r) => [r.method, r.url, r.body ?? null]));

/**
 * Applies an edit: reads the app fresh, plans again (conflicts with the base stop here; with
 * `confirmed`, a plan whose requests differ from the confirmed ones stops as `changed`), then sends
 * the PATCHes in order and stops at the first failure.
 */
export async function applyEdit(
  graph: GraphAccess,
  ref: AppRef,
  options: PlanOptions & { readonly confirmed?: Plan },
): Promise<ApplyOutcome> {
  const { plan } = await planForTenant(graph, ref, options);
  if (plan.conflicts.length > 0) return { status: 'conflict', plan, results: [] };
  if (plan.blocked.length > 0) return { status: 'blocked', plan, results: [] };
  if (options.confirmed && !sameRequests(options.confirmed.requests, plan.requests))
    return { status: 'changed', plan, results: [] };
  if (plan.requests.length === 0) return { status: 'unchanged', plan, results: [] };
  const results: RequestResult[] = [];
  for (const [i, request] of plan.requests.entries()) {
    try {
      await graph.write(request.method, request.url, request.body);
      results.push({ request: { method: request.method, url: request.url, purpose: request.purpose }, status: 'sent' });
    } catch (err) {
      const failure = writeFailure(err, graph, request.body);
      results.push({
        request: { method: request.method, url: request.url, purpose: request.purpose },
        status: 'failed',
        failure,
      });
      for (const rest of plan.requests.slice(i + 1))
        results.push({ request: { method: rest.method, url: rest.url, purpose: rest.purpose }, status: 'skipped' });
      return { status: 'failed', plan, results, failure };
    }
  }
  return { status: 'applied', plan, results };
}

/** Runs a write, turning failures into {@link WriteError}. */
async function writing<T>(graph: GraphAccess, body: JsonObject | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw new WriteError(writeFailure(err, graph, body));
  }
}

export class WriteError extends Error {
  constructor(readonly failure: WriteFailure) {
    super(failure.message);
    this.name = 'WriteError';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * POST /applications, then GET the new app; that GET (not the POST) is repeated on 404 while
 * the directory replicates (`lagRetries` times, waiting `lagDelayMs`, doubled each time).
 */
export async function createApplication(
  graph: GraphAccess,
  body: JsonObject,
  options: { lagRetries?: number; lagDelayMs?: number } = {},
): Promise<JsonObject> {
  const created = await writing(graph, body, () => graph.write<JsonObject>('POST', '/applications', body));
  const id = String(created.id);
  let delay = options.lagDelayMs ?? 1000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await graph.get<JsonObject>(getApplication(graph, id));
    } catch (err) {
      if (!(isGraphError(err) && err.kind === 'notFound') || attempt >= (options.lagRetries ?? 4)) throw err;
      await sleep(delay);
      delay *= 2;
    }
  }
}

/** DELETE /applications/{id}: the app goes to deleted items (restorable for 30 days). */
export async function deleteApplication(graph: GraphAccess, id: string): Promise<void> {
  await writing(graph, undefined, () => graph.write('DELETE', applicationPath(id)));
}

/** POST /directory/deletedItems/{id}/restore. */
export async function restoreApplication(graph: GraphAccess, id: string): Promise<JsonObject> {
  return writing(graph, undefined, () => graph.write<JsonObject>('POST', `${deletedItemPath(id)}/restore`));
}

export interface NewSecret {
  readonly keyId: string;
  readonly hint: string;
  readonly displayName: string | null;
  readonly startDateTime: string;
  readonly endDateTime: string;
  /** The secret value: shown once; never log or store it. */
  readonly secretText: string;
}

/** POST /applications/{id}/addPassword. */
export async function addPassword(
  graph: GraphAccess,
  id: string,
  options: { displayName?: string; endDateTime?: string } = {},
): Promise<NewSecret> {
  const body: JsonObject = {
    passwordCredential: {
      ...(options.displayName ? { displayName: options.displayName } : {}),
      ...(options.endDateTime ? { endDateTime: options.endDateTime } : {}),
    },
  };
  return writing(graph, body, () => graph.write<NewSecret>('POST', `${applicationPath(id)}/addPassword`, body));
}

/** POST /applications/{id}/removePassword. */
export async function removePassword(graph: GraphAccess, id: string, keyId: string): Promise<void> {
  await writing(graph, { keyId }, () => graph.write('POST', `${applicationPath(id)}/removePassword`, { keyId }));
}

/** An edit planned against the tenant's value, ready for {@link applyEdit} (`desired`, `base`, `confirmed: plan`). */
export interface PlannedEdit {
  readonly desired: JsonObject;
  readonly base: JsonObject;
  readonly plan: Plan;
}

/**
 * Plans adding a certificate: reads the app with its certificates' keys (2 requests), then
 * keyCredentials = the tenant's entries (sent back with their keys, as Graph requires) plus the
 * new one. Throws CertificateRefused (core) when the app already has it or it has expired.
 */
export async function planCertificateUpload(
  graph: GraphAccess,
  ref: AppRef,
  cert: CertificateData,
  options: {
    readonly displayName?: string;
    readonly keyId?: string;
    readonly now?: Date;
    readonly catalog?: PermissionCatalog;
    readonly l10n?: Localizer;
  } = {},
): Promise<PlannedEdit> {
  const live = await withKeys(graph, await readApplication(graph, ref));
  const now = options.now ?? new Date();
  const entry = certificateCredential(cert, {
    keyId: options.keyId ?? randomUUID(),
    ...(options.displayName ? { displayName: options.displayName } : {}),
  });
  const desired = addCertificateEdit(live, cert, entry, now, options.l10n);
  const plan = createPlan({
    live,
    desired,
    base: live,
    now,
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.l10n ? { l10n: options.l10n } : {}),
  });
  return { desired, base: live, plan };
}
