/**
 * One error type for everything that can go wrong talking to Microsoft Graph, narrowed once from
 * whatever the Graph client, @azure/identity or fetch threw. Messages say what to do next.
 * `message` is English (logs, JSON output); what a person reads comes from {@link graphErrorText}
 * in the caller's language, built again from the facts the error keeps.
 */
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';
import { explainSystemCode, systemErrorCode, systemErrorCodes } from '../text/systemErrors';

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

/** `text` as one sentence: trimmed, ending with exactly one full stop (Graph messages often end with one already). */
export function sentence(text: string): string {
  const t = text.trim().replace(/[.\s]+$/, '');
  return /[!?]$/.test(t) ? t : `${t}.`;
}

/** The facts a message is built from. */
export interface MessageDetails {
  readonly code: string;
  /** The server's (or the failed call's) own text, shown as it came. */
  readonly detail?: string;
  readonly missingPermission?: string;
  readonly host?: string;
  readonly retryAfterSeconds?: number;
  readonly status?: number;
  readonly timeoutSeconds?: number;
  readonly reason?: UnreadableReason | string;
  /** The Node error code of a connection that failed (ECONNREFUSED, ENOTFOUND, …). */
  readonly systemCode?: string;
}

/** Why a success answer could not be used (the reasons this code gives; others are shown as they are). */
export type UnreadableReason =
  | 'not valid JSON'
  | 'unexpected content'
  | 'not JSON'
  | 'text instead of JSON'
  | 'a batch answer without its responses'
  | 'a batch answer that cannot be read'
  | 'no app registration in it'
  | 'no list of app registrations in it';

function unreadableReason(reason: string, l10n: L10n): string {
  switch (reason as UnreadableReason) {
    case 'not valid JSON':
      return l10n.t('not valid JSON');
    case 'unexpected content':
      return l10n.t('unexpected content');
    case 'not JSON':
      return l10n.t('not JSON');
    case 'text instead of JSON':
      return l10n.t('text instead of JSON');
    case 'a batch answer without its responses':
      return l10n.t('a batch answer without its responses');
    case 'a batch answer that cannot be read':
      return l10n.t('a batch answer that cannot be read');
    case 'no app registration in it':
      return l10n.t('no app registration in it');
    case 'no list of app registrations in it':
      return l10n.t('no list of app registrations in it');
    default:
      return reason;
  }
}

/**
 * Graph error codes in words: what the refusal means and what to do. The code, the status and the
 * server's text follow in parentheses (see messageFor).
 */
function graphCodeSentence(code: string, l10n: L10n): string | undefined {
  switch (code) {
    case 'Request_BadRequest':
    case 'BadRequest':
      return l10n.t('Microsoft Graph rejected the request as invalid.');
    case 'Request_UnsupportedQuery':
      return l10n.t('Microsoft Graph does not support this query.');
    case 'Request_MultipleObjectsWithSameKeyValue':
      return l10n.t('Another object in the directory already has this value: choose another one.');
    case 'Directory_QuotaExceeded':
      return l10n.t('The directory has reached its object quota: delete objects it no longer needs, or ask an admin.');
    case 'Authorization_RequestDenied':
      return l10n.t('Microsoft Graph refused the request (insufficient privileges).');
    case 'Request_ResourceNotFound':
    case 'ResourceNotFound':
      return l10n.t('The object does not exist (any more).');
    case 'CannotDeleteOrUpdateEnabledEntitlement':
      return l10n.t('An enabled scope or app role cannot be changed or removed: disable it first.');
    case 'Service_InternalServerError':
    case 'InternalServerError':
    case 'generalException':
      return l10n.t('Microsoft Graph failed on its side: retry later.');
    case 'Request_Throttled':
      return l10n.t('Microsoft Graph is throttling requests: try again in a moment.');
    default:
      return undefined;
  }
}

/** Builds the user-facing message for a kind (English by default). */
export function messageFor(kind: GraphErrorKind, details: MessageDetails, l10n: L10n = english): string {
  switch (kind) {
    case 'signin':
      return l10n.t('Your sign-in is missing or expired ({0}). Sign in again.', details.code);
    case 'forbidden':
      return details.missingPermission
        ? l10n.t(
            'Microsoft Graph refused the request: this needs {0} — ask an admin to consent.',
            details.missingPermission,
          )
        : l10n.t('Microsoft Graph refused the request (insufficient privileges) — ask an admin to consent.');
    case 'throttled':
      return details.retryAfterSeconds != null
        ? l10n.t(
            'Microsoft Graph is throttling requests (429) and retries did not get through. Try again in {0} s.',
            Math.ceil(details.retryAfterSeconds),
          )
        : l10n.t(
            'Microsoft Graph is throttling requests (429) and retries did not get through. Try again in a moment.',
          );
    case 'unavailable':
      // Retries (honouring Retry-After) already failed: the outage outlasted them.
      return details.status === 504
        ? l10n.t('Microsoft Graph is unavailable ({0} gateway timeout) — retry later.', 504)
        : l10n.t('Microsoft Graph is unavailable ({0}) — retry later.', details.status ?? 503);
    case 'timeout':
      return l10n.t(
        'Microsoft Graph did not answer within {0} s (request timed out) — retry, or raise the request timeout on a slow connection.',
        details.timeoutSeconds ?? '?',
      );
    case 'unreadable':
      return l10n.t(
        'The response from Microsoft Graph could not be read ({0}) — retry; if it keeps happening, a proxy may be answering instead of Graph.',
        unreadableReason(details.reason ?? 'not valid JSON', l10n),
      );
    case 'offline': {
      const host = details.host ?? 'Microsoft Graph';
      const why = details.systemCode ? explainSystemCode(details.systemCode, l10n) : undefined;
      return why
        ? l10n.t(
            'Cannot reach {0}: you seem to be offline or the service is unreachable ({1}, {2}). Check the connection and retry.',
            host,
            why,
            details.systemCode!,
          )
        : l10n.t(
            'Cannot reach {0}: you seem to be offline or the service is unreachable. Check the connection and retry.',
            host,
          );
    }
    case 'notFound':
      return details.detail === undefined
        ? l10n.t('Not found: the object no longer exists. Refresh the list.')
        : l10n.t('Not found: {0} Refresh the list.', sentence(details.detail));
    default: {
      const known = graphCodeSentence(details.code, l10n);
      const status = details.status ?? '';
      if (details.detail === undefined)
        return known
          ? l10n.t('{0} (Microsoft Graph error {1} {2})', known, status, details.code).replace(/\s+/g, ' ')
          : sentence(
              l10n.t('Microsoft Graph error {0} {1}: unexpected response', status, details.code).replace(/\s+/g, ' '),
            );
      return known
        ? l10n
            .t('{0} (Microsoft Graph error {1} {2}: {3})', known, status, details.code, sentence(details.detail))
            .replace(/\s+/g, ' ')
        : sentence(
            l10n.t('Microsoft Graph error {0} {1}: {2}', status, details.code, details.detail).replace(/\s+/g, ' '),
          );
    }
  }
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
