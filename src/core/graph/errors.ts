/**
 * One error type for everything that can go wrong talking to Microsoft Graph, narrowed once from
 * whatever the Graph client, @azure/identity or fetch threw. Messages say what to do next.
 * `message` is English (logs, JSON output); what a person reads comes from {@link graphErrorText}
 * in the caller's language, built again from the facts the error keeps.
 */
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';
import { systemErrorCode, systemErrorCodes, systemErrorText } from '../text/systemErrors';
import { messageFor, type MessageDetails } from './messages';

export {
  messageFor,
  sentence,
  writeFailureText,
  type MessageDetails,
  type UnreadableReason,
  type WriteFailureFacts,
} from './messages';

type L10n = Localizer<l10n.L10nReplacement>;

/**
 * - `throttled`: 429 Too Many Requests (Graph's only throttling answer, facts §7.5).
 * - `unavailable`: 503 Service Unavailable / 504 Gateway Timeout (the service is down or
 *   overloaded; retry later), even when they carry Retry-After.
 * - `timeout`: no answer within the request timeout.
 * - `unreadable`: a success status whose body is not JSON or not the expected shape.
 */
export type GraphErrorKind =
  'signin' | 'forbidden' | 'throttled' | 'unavailable' | 'timeout' | 'unreadable' | 'offline' | 'notFound' | 'other';

/** Whether the token carries delegated scopes (a user signed in) or application roles. */
export type PermissionType = 'delegated' | 'application';

export interface GraphErrorInit {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly requestId?: string;
  readonly kind: GraphErrorKind;
  readonly missingPermission?: string;
  readonly retryAfterSeconds?: number;
  /** What the message was built from, to build it again in another language (see graphErrorText). */
  readonly details?: MessageDetails;
}

export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly kind: GraphErrorKind;
  /** e.g. "Application.Read.All (delegated)"; set for `forbidden`. */
  readonly missingPermission: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly details: MessageDetails | undefined;

  constructor(init: GraphErrorInit) {
    super(init.message);
    this.name = 'GraphError';
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.kind = init.kind;
    this.missingPermission = init.missingPermission;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.details = init.details;
  }
}

/**
 * The error's message in the Localizer's language: built again from its kind and details when it
 * was narrowed here (the server's own text stays as it came, behind a sentence of ours); a message
 * the code wrote itself (already translated where it was made) is returned as it is.
 */
export function graphErrorText(e: GraphError, l10n: L10n = english): string {
  return e.details ? messageFor(e.kind, e.details, l10n) : e.message;
}

export function isGraphError(value: unknown): value is GraphError {
  return value instanceof GraphError;
}

/**
 * The least-privileged Graph permission that lets a read of `path` succeed (facts §7.5: reading
 * apps needs Application.Read.All; listing grants needs Directory.Read.All).
 */
export function requiredPermissionFor(path: string): string {
  const p = path
    .replace(/^https?:\/\/[^/]+/i, '')
    .replace(/^\/(v1\.0|beta)/i, '')
    .toLowerCase();
  if (p.includes('oauth2permissiongrants')) {
    return 'Directory.Read.All';
  }
  if (p.startsWith('/organization')) {
    return 'Organization.Read.All';
  }
  if (p === '/me' || p.startsWith('/me?')) {
    return 'User.Read';
  }
  return 'Application.Read.All';
}

const networkCodes = new RegExp(
  `\\b(${[...systemErrorCodes('network'), 'socket hang up', 'fetch failed', 'network'].join('|')})\\b`,
  'i',
);

/** Every name, code and message of an error and its causes, as one line (for matching codes in it). */
export function describeCause(err: unknown, depth = 0): string {
  if (depth > 4 || err == null) {
    return '';
  }
  if (typeof err !== 'object') {
    return String(err);
  }
  const e = err as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown; errors?: unknown };
  const parts = [e.name, e.code, e.message].filter((x) => typeof x === 'string') as string[];
  const nested = Array.isArray(e.errors) ? e.errors.map((x: unknown) => describeCause(x, depth + 1)) : [];
  return [...parts, describeCause(e.cause, depth + 1), ...nested].join(' ');
}

/** What fetch rejects with when an AbortSignal.timeout() fires (a DOMException named TimeoutError). */
const timeoutNames = /\bTimeoutError\b/;

const credentialErrorNames = new Set([
  'AuthenticationRequiredError',
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'SignInRequiredError',
]);

export interface NarrowContext {
  /** The request path or URL, to name the permission a 403 lacks. */
  readonly path?: string;
  readonly permissionType?: PermissionType;
  /** Graph host for offline messages. */
  readonly host?: string;
  readonly retryAfterSeconds?: number;
  /** The request timeout in force (seconds), named when a request timed out. */
  readonly timeoutSeconds?: number;
}

interface GraphBody {
  error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> };
}

function bodyError(body: unknown): { code?: string; message?: string; requestId?: string } {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return {};
    }
  }
  if (parsed && typeof parsed === 'object') {
    // Either {error:{…}} or the inner object itself (the Graph client stores the latter).
    const inner = (parsed as GraphBody).error ?? (parsed as GraphBody['error']);
    if (inner && typeof inner === 'object') {
      const code = typeof inner.code === 'string' ? inner.code : undefined;
      const message = typeof inner.message === 'string' ? inner.message : undefined;
      const rid = inner.innerError?.['request-id'];
      return { code, message, requestId: typeof rid === 'string' ? rid : undefined };
    }
  }
  return {};
}

/**
 * Anything caught, for a person: a Graph error in the Localizer's language, a known Node error code
 * in words (the code kept), else the error's own message.
 */
export function errorText(err: unknown, l10n: L10n = english): string {
  return err instanceof GraphError ? graphErrorText(err, l10n) : systemErrorText(err, l10n);
}

/** The English message and the details it was built from (for a GraphError's init). */
function described(kind: GraphErrorKind, details: MessageDetails): { message: string; details: MessageDetails } {
  return { message: messageFor(kind, details), details };
}

/** Kind from an HTTP status and Graph error code. */
export function kindForStatus(status: number, code = ''): GraphErrorKind {
  if (status === 401 || code === 'InvalidAuthenticationToken') {
    return 'signin';
  }
  if (status === 403) {
    return 'forbidden';
  }
  if (status === 429) {
    return 'throttled';
  }
  if (status === 503 || status === 504) {
    return 'unavailable';
  }
  if (status === 404) {
    return 'notFound';
  }
  return 'other';
}

/** A success answer whose body could not be used: not JSON, or not the shape the request returns. */
export function unreadable(reason: string, status = 200, requestId?: string): GraphError {
  return new GraphError({
    status,
    code: 'UnreadableResponse',
    kind: 'unreadable',
    requestId,
    ...described('unreadable', { code: 'UnreadableResponse', reason }),
  });
}

/** No app registration with this client id in the tenant (a `$filter` by appId found none): refresh the list. */
export function appNotFound(appId: string, tenant: string): GraphError {
  const code = 'Request_ResourceNotFound';
  return new GraphError({
    status: 404,
    code,
    kind: 'notFound',
    ...described('notFound', { code, status: 404, appId, tenant }),
  });
}

/** "Owned by me" of an app-only sign-in: no user, so no request is sent for it. */
export function appOnlySignIn(): GraphError {
  const code = 'AppOnlySignIn';
  return new GraphError({ status: 0, code, kind: 'other', ...described('other', { code }) });
}

/** Builds a GraphError from a status and a Graph error body (also used for $batch sub-responses). */
export function fromResponse(status: number, body: unknown, ctx: NarrowContext = {}): GraphError {
  if (status >= 200 && status < 300) {
    // The Graph client reports a body it could not parse with the (successful) status it came with.
    return unreadable(
      typeof body === 'string' && /SyntaxError|JSON/i.test(body) ? 'not valid JSON' : 'unexpected content',
    );
  }
  const b = bodyError(body);
  const code = b.code ?? String(status);
  const kind = kindForStatus(status, code);
  const missingPermission =
    kind === 'forbidden' && ctx.path
      ? `${requiredPermissionFor(ctx.path)} (${ctx.permissionType ?? 'delegated'})`
      : undefined;
  return new GraphError({
    status,
    code,
    requestId: b.requestId,
    kind,
    missingPermission,
    retryAfterSeconds: ctx.retryAfterSeconds,
    ...described(kind, {
      code,
      detail: b.message,
      missingPermission,
      host: ctx.host,
      retryAfterSeconds: ctx.retryAfterSeconds,
      status,
    }),
  });
}

/**
 * Narrows anything thrown while calling Graph: the Graph client's GraphError (statusCode, code,
 * body, requestId), @azure/identity credential errors, fetch/network errors.
 */
export function toGraphError(err: unknown, ctx: NarrowContext = {}): GraphError {
  if (err instanceof GraphError) {
    return err;
  }
  const e = (err ?? {}) as {
    statusCode?: unknown;
    code?: unknown;
    body?: unknown;
    requestId?: unknown;
    name?: unknown;
    message?: unknown;
  };
  const status = typeof e.statusCode === 'number' ? e.statusCode : -1;
  const name = typeof e.name === 'string' ? e.name : '';
  const text = describeCause(err);
  if (credentialErrorNames.has(name)) {
    if (networkCodes.test(text)) {
      return new GraphError({
        status: 0,
        code: name,
        kind: 'offline',
        ...described('offline', { code: name, host: ctx.host, systemCode: systemErrorCode(err, ['network'])?.code }),
      });
    }
    const c = /AADSTS\d+/.exec(text)?.[0] ?? name;
    return new GraphError({ status: 401, code: c, kind: 'signin', ...described('signin', { code: c }) });
  }
  if (status > 0) {
    const fromBody = fromResponse(status, e.body, ctx);
    if (fromBody.requestId === undefined && typeof e.requestId === 'string') {
      return new GraphError({ ...fromBody, message: fromBody.message, requestId: e.requestId });
    }
    return fromBody;
  }
  // No HTTP status: the request never got an answer, or the credential failed.
  const code = typeof e.code === 'string' && e.code ? e.code : name || 'Error';
  if (timeoutNames.test(`${name} ${code}`) || (name === 'AbortError' && /timeout|timed out/i.test(text))) {
    return new GraphError({
      status: 0,
      code: 'RequestTimeout',
      kind: 'timeout',
      ...described('timeout', { code: 'RequestTimeout', timeoutSeconds: ctx.timeoutSeconds }),
    });
  }
  if (networkCodes.test(text)) {
    return new GraphError({
      status: 0,
      code,
      kind: 'offline',
      ...described('offline', { code, host: ctx.host, systemCode: systemErrorCode(err, ['network'])?.code }),
    });
  }
  if (
    credentialErrorNames.has(name) ||
    credentialErrorNames.has(code) ||
    /AADSTS\d+|invalid_client|invalid_grant|unauthorized_client/i.test(text)
  ) {
    const aadsts = /AADSTS\d+/.exec(text)?.[0];
    const c = aadsts ?? name ?? code;
    return new GraphError({
      status: 401,
      code: c || 'SignInRequired',
      kind: 'signin',
      ...described('signin', { code: c || 'SignInRequired' }),
    });
  }
  const detail = typeof e.message === 'string' ? e.message : String(err);
  return new GraphError({ status: 0, code, kind: 'other', ...described('other', { code, detail }) });
}
