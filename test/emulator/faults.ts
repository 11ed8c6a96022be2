// Fault injection and the request log.
// Faults are matched by method and by path+query (substring or RegExp), fire `times` times (default:
// until cleared) and apply to identity and Graph requests, including each $batch sub-request.
import { graphError, type EmuRequest, type EmuResponse } from './http.js';

export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'throttle'; retryAfterSeconds?: number }
  /** Graph error with that status; 503 carries `Retry-After: 1` unless `retryAfterSeconds` says otherwise, 504 only when given. */
  | { kind: 'status'; status: 503 | 504 | 500; retryAfterSeconds?: number }
  | { kind: 'reset' }
  /**
   * 200 that is not a usable Graph answer: `truncated` JSON (default), an `html` page (a proxy or
   * captive portal answering in Graph's place), or valid JSON of the wrong `shape` (no `value`, no `id`).
   */
  | { kind: 'malformed'; body?: 'truncated' | 'html' | 'shape' }
  | { kind: 'expiredToken' }
  | { kind: 'forbidden' }
  /** Replication lag: matching GETs answer 404 Request_ResourceNotFound (use `times` for the first N). */
  | { kind: 'notFound' };

export interface FaultRule {
  method?: string;
  /** Substring of, or RegExp tested against, the path with its query (e.g. `/v1.0/applications?$top=5`). */
  path: string | RegExp;
  /** How many matching requests the fault applies to; unlimited when absent. */
  times?: number;
  fault: Fault;
}

/** JSON form of a rule for `POST /_emulator/faults`: `path` may be `{ "regex": "…", "flags": "i" }`. */
export interface FaultRuleJson extends Omit<FaultRule, 'path'> {
  path: string | { regex: string; flags?: string };
}

interface ActiveRule extends FaultRule {
  remaining: number;
}

export class FaultRegistry {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule | FaultRuleJson): void {
    const path =
      typeof rule.path === 'string' || rule.path instanceof RegExp
        ? rule.path
        : new RegExp(rule.path.regex, rule.path.flags);
    this.rules.push({ ...rule, path, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  get size(): number {
    return this.rules.length;
  }

  /** Returns (and consumes one use of) the first rule matching this request. */
  take(method: string, pathAndQuery: string): Fault | undefined {
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (!r.method || r.method.toUpperCase() === method.toUpperCase()) &&
        (typeof r.path === 'string' ? pathAndQuery.includes(r.path) : r.path.test(pathAndQuery)),
    );
    if (!rule) return undefined;
    rule.remaining--;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return rule.fault;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The response a fault produces, or undefined for latency (the caller waits, then serves normally). */
export function faultResponse(
  fault: Fault,
  req: Pick<EmuRequest, 'requestId' | 'clientRequestId' | 'url'>,
): EmuResponse | undefined {
  switch (fault.kind) {
    case 'latency':
      return undefined;
    case 'throttle':
      return graphError(req, 429, 'TooManyRequests', 'Please retry again later.', {
        'retry-after': String(fault.retryAfterSeconds ?? 1),
      });
    case 'status':
      return graphError(
        req,
        fault.status,
        fault.status === 504 ? 'GatewayTimeout' : fault.status === 503 ? 'serviceNotAvailable' : 'generalException',
        fault.status === 504
          ? 'The gateway did not receive a response in time.'
          : 'The service is temporarily unavailable. Please retry later.',
        fault.retryAfterSeconds !== undefined
          ? { 'retry-after': String(fault.retryAfterSeconds) }
          : fault.status === 503
            ? { 'retry-after': '1' }
            : {},
      );
    case 'reset':
      return { status: 0, headers: {}, reset: true };
    case 'malformed':
      if (fault.body === 'html') {
        return {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: '<!DOCTYPE html><html><head><title>Sign in to the network</title></head><body><p>Accept the terms to continue.</p></body></html>',
        };
      }
      if (fault.body === 'shape') {
        return {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify({ '@odata.context': `${req.url.origin}/v1.0/$metadata#Edm.String`, status: 'ok' }),
        };
      }
      return {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{"@odata.context":"truncated","value":[{"id":',
      };
    case 'expiredToken':
      return graphError(req, 401, 'InvalidAuthenticationToken', 'Access token has expired.', {
        'www-authenticate': 'Bearer realm="", error="invalid_token", error_description="The access token has expired"',
      });
    case 'forbidden':
      return graphError(req, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    case 'notFound': {
      const id = /\/([0-9a-f-]{36})/i.exec(req.url.pathname)?.[1] ?? req.url.pathname.split('/').pop() ?? '';
      return graphError(
        req,
        404,
        'Request_ResourceNotFound',
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    }
  }
}

export interface LoggedRequest {
  method: string;
  /** Path with query, e.g. `/v1.0/applications?$top=999`. */
  path: string;
  status: number;
  /** ISO time the request arrived. */
  time: string;
  durationMs: number;
  kind: 'identity' | 'graph' | 'batch' | 'batch-item' | 'other';
  /** For `batch-item`: the id inside the batch. */
  batchItemId?: string;
  /** Set when a fault answered or delayed the request. */
  fault?: Fault['kind'];
}

export type RequestFilter = Partial<Pick<LoggedRequest, 'method' | 'status' | 'kind'>> & { path?: string | RegExp };

/** The request log (never holds headers or bodies, so no tokens or secrets). */
export class RequestLog {
  readonly entries: LoggedRequest[] = [];

  push(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  clear(): void {
    this.entries.length = 0;
  }

  list(filter?: RequestFilter | ((e: LoggedRequest) => boolean)): LoggedRequest[] {
    if (!filter) return [...this.entries];
    if (typeof filter === 'function') return this.entries.filter(filter);
    return this.entries.filter(
      (e) =>
        (!filter.method || e.method === filter.method.toUpperCase()) &&
        (filter.status === undefined || e.status === filter.status) &&
        (!filter.kind || e.kind === filter.kind) &&
        (filter.path === undefined ||
          (typeof filter.path === 'string' ? e.path.includes(filter.path) : filter.path.test(e.path))),
    );
  }

  count(filter?: RequestFilter | ((e: LoggedRequest) => boolean)): number {
    return this.list(filter).length;
  }
}
