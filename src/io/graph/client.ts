/**
 * Microsoft Graph access: one TokenCredential feeds the Graph client's middleware chain
 * (authentication → retry honouring Retry-After for 429/503/504 → redirect → telemetry →
 * per-attempt timeout → HTTP).
 * Every failure leaves this module as a typed {@link GraphError}.
 */
import type { TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  type GraphRequest,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { graphHostNames, type Cloud } from '../../core/entra/clouds';
import { fromResponse, toGraphError, unreadable, type GraphError, type PermissionType } from '../../core/graph/errors';
import { batchAnswers, batchBody, graphVersion, relativeUrl, type BatchRequest, type BatchResponse } from './batch';

export { batchStep, relativeUrl, type BatchRequest, type BatchResponse } from './batch';

/**
 * Reported before a request is retried: throttled (429) or unavailable (503/504) by the retry
 * middleware, or not found yet (404, replication lag) by the tenant model.
 */
export interface RetryEvent {
  readonly status: number;
  /** 1 for the first retry. */
  readonly attempt: number;
  /** How long the client waits before retrying (Retry-After when the service sent one). */
  readonly delaySeconds: number;
  readonly url: string;
}

export interface GraphAccessOptions {
  readonly credential: TokenCredential;
  readonly cloud: Cloud;
  /** Token scopes, e.g. `https://graph.microsoft.com/Application.Read.All` or `…/.default`. */
  readonly scopes: readonly string[];
  /** Delegated (a user signed in) or application (app-only) token; used to name missing permissions. */
  readonly permissionType: PermissionType;
  /** Retries of 429/503/504 responses (Graph client maximum 10). Default 3. */
  readonly maxRetries?: number;
  /** Fallback delay in seconds when the service sends no Retry-After. Default 3. */
  readonly retryDelaySeconds?: number;
  /** Observer: called when a request is throttled and about to be retried. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** Observer: called for every request sent (after retries each attempt counts). */
  readonly onRequest?: (url: string) => void;
  /**
   * Seconds each attempt may take until its response body is read; an attempt that takes longer
   * is aborted and fails as `timeout` (not retried). Default 30; 0 or less: no timeout.
   */
  readonly requestTimeoutSeconds?: number;
}

/** Default of {@link GraphAccessOptions.requestTimeoutSeconds}. */
export const defaultRequestTimeoutSeconds = 30;

/** Graph allows at most 20 sub-requests per batch. */
export const maxBatchSize = 20;

function retryAfterOf(response: Response | undefined): number | undefined {
  const value = response?.headers?.get('Retry-After');
  if (value == null) {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isNaN(n)) {
    return n;
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

function urlOf(request: unknown): string {
  if (typeof request === 'string') {
    return request;
  }
  const url = (request as { url?: unknown } | null)?.url;
  return typeof url === 'string' ? url : '';
}

/** A parsed JSON object (what every Graph read returns), not a stream, string or array. */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)
  );
}

/** Counts requests leaving the process (each retry is a request too). */
class ObserverHandler implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly onRequest: (url: string) => void) {}
  async execute(context: { request: unknown }): Promise<void> {
    this.onRequest(urlOf(context.request));
    await this.next?.execute(context as never);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * Gives every attempt (each retry too) its own AbortSignal that fires after the timeout; fetch
 * and the reading of the body both honour it. A signal the caller passed still applies.
 */
class TimeoutHandler implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly timeoutMs: number) {}
  async execute(context: { options?: RequestInit }): Promise<void> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const own = context.options?.signal;
    context.options = { ...context.options, signal: own ? AbortSignal.any([own, timeout]) : timeout };
    await this.next?.execute(context as never);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * fetch rejects with only "fetch failed"; the Graph client keeps that message and drops the cause.
 * The cause's message and code ("connect ECONNREFUSED 127.0.0.1:443", "other side closed
 * (UND_ERR_SOCKET)") are added to it, so the narrowed error can say what failed in words (core/text/systemErrors.ts).
 */
class FetchCauseHandler implements Middleware {
  private next: Middleware | undefined;
  async execute(context: { options?: RequestInit }): Promise<void> {
    try {
      await this.next?.execute(context as never);
    } catch (err) {
      if (!(err instanceof TypeError) || !(err.cause instanceof Error)) throw err;
      const cause = err.cause;
      const code = (cause as { code?: unknown }).code;
      const named = typeof code === 'string' && !cause.message.includes(code) ? ` (${code})` : '';
      throw new TypeError(`${err.message}: ${cause.message}${named}`, { cause: err });
    }
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

export class GraphAccess {
  readonly cloud: Cloud;
  readonly permissionType: PermissionType;
  private readonly client: Client;
  private readonly host: string;
  private readonly retryObservers = new Set<(event: RetryEvent) => void>();
  private lastRetryAfter: number | undefined;
  private readonly maxRetries: number;
  private readonly retryDelaySeconds: number;
  /** The request timeout in force, in seconds (undefined: none). */
  readonly requestTimeoutSeconds: number | undefined;

  constructor(options: GraphAccessOptions) {
    this.cloud = options.cloud;
    this.permissionType = options.permissionType;
    this.host = new URL(options.cloud.graphBaseUrl).host;
    if (options.onRetry) {
      this.retryObservers.add(options.onRetry);
    }
    const auth = new TokenCredentialAuthenticationProvider(options.credential, { scopes: [...options.scopes] });
    const fallbackDelay = options.retryDelaySeconds ?? 3;
    this.maxRetries = options.maxRetries ?? 3;
    this.retryDelaySeconds = fallbackDelay;
    const shouldRetry = (
      delay: number,
      attempt: number,
      request: unknown,
      _o: unknown,
      response: Response,
    ): boolean => {
      const retryAfter = retryAfterOf(response);
      this.lastRetryAfter = retryAfter;
      const event: RetryEvent = {
        status: response.status,
        attempt: attempt + 1,
        delaySeconds: retryAfter ?? delay ?? fallbackDelay,
        url: urlOf(request),
      };
      for (const observer of this.retryObservers) {
        try {
          observer(event);
        } catch {
          // Observers never break requests.
        }
      }
      return true;
    };
    const chain: Middleware[] = [
      new AuthenticationHandler(auth),
      new RetryHandler(new RetryHandlerOptions(fallbackDelay, options.maxRetries ?? 3, shouldRetry as never)),
      new RedirectHandler(new RedirectHandlerOptions()),
      new TelemetryHandler(),
    ];
    if (options.onRequest) {
      chain.push(new ObserverHandler(options.onRequest));
    }
    const timeoutSeconds = options.requestTimeoutSeconds ?? defaultRequestTimeoutSeconds;
    this.requestTimeoutSeconds = timeoutSeconds > 0 ? timeoutSeconds : undefined;
    if (this.requestTimeoutSeconds !== undefined) {
      chain.push(new TimeoutHandler(this.requestTimeoutSeconds * 1000));
    }
    chain.push(new FetchCauseHandler(), new HTTPMessageHandler());
    this.client = Client.initWithMiddleware({
      middleware: chain,
      baseUrl: options.cloud.graphBaseUrl,
      defaultVersion: graphVersion,
      customHosts: options.cloud.custom ? graphHostNames(options.cloud) : undefined,
    });
  }

  /** Subscribes to "throttled, retrying in N s" events; returns an unsubscribe function. */
  onRetry(observer: (event: RetryEvent) => void): () => void {
    this.retryObservers.add(observer);
    return () => this.retryObservers.delete(observer);
  }

  /** Tells retry observers about a retry decided outside the middleware (e.g. a 404 during replication). */
  reportRetry(event: RetryEvent): void {
    for (const observer of this.retryObservers) {
      try {
        observer(event);
      } catch {
        // Observers never break requests.
      }
    }
  }

  /** A request stopped through the caller's AbortSignal fails with the signal's reason (an AbortError), not as a Graph error. */
  private narrow(err: unknown, path: string, signal?: AbortSignal): never {
    if (signal?.aborted) {
      throw signal.reason ?? err;
    }
    throw toGraphError(err, {
      path,
      permissionType: this.permissionType,
      host: this.host,
      retryAfterSeconds: this.lastRetryAfter,
      timeoutSeconds: this.requestTimeoutSeconds,
    });
  }

  /** A request builder for a path relative to `{graph}/v1.0`, or an absolute URL (an `@odata.nextLink`). */
  api(pathOrUrl: string): GraphRequest {
    return this.client.api(pathOrUrl);
  }

  /**
   * GET what a request builder from {@link api} describes, a path relative to `{graph}/v1.0`, or
   * an absolute URL (an `@odata.nextLink`, used as given).
   */
  async get<T = unknown>(
    pathOrRequest: string | GraphRequest,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<T> {
    this.lastRetryAfter = undefined;
    const pathOrUrl = typeof pathOrRequest === 'string' ? pathOrRequest : relativeUrl(pathOrRequest);
    try {
      signal?.throwIfAborted();
      let request = typeof pathOrRequest === 'string' ? this.client.api(pathOrRequest) : pathOrRequest;
      for (const [name, value] of Object.entries(headers)) {
        request = request.header(name, value);
      }
      if (signal) {
        request = request.option('signal', signal);
      }
      const body: unknown = await request.get();
      if (!isJsonObject(body)) {
        // Not JSON (e.g. an HTML page from a proxy, which the client hands over as a stream).
        await (body as { cancel?: () => Promise<void> } | null)?.cancel?.().catch(() => undefined);
        throw unreadable(typeof body === 'string' ? 'text instead of JSON' : 'not JSON');
      }
      return body as T;
    } catch (err) {
      return this.narrow(err, pathOrUrl, signal);
    }
  }

  /**
   * Sends one JSON batch (≤ 20 sub-requests). The outer request goes through the retry
   * middleware; sub-responses come back as they are (callers decide per sub-request).
   */
  async batch(requests: readonly BatchRequest[], signal?: AbortSignal): Promise<Map<string, BatchResponse>> {
    if (requests.length === 0) {
      return new Map();
    }
    if (requests.length > maxBatchSize) {
      throw new RangeError(`A Graph batch holds at most ${maxBatchSize} requests (got ${requests.length}).`);
    }
    this.lastRetryAfter = undefined;
    let raw: unknown;
    try {
      signal?.throwIfAborted();
      const body = await batchBody(requests);
      const request = this.client.api('/$batch');
      raw = await (signal ? request.option('signal', signal) : request).post(body);
    } catch (err) {
      return this.narrow(err, '/$batch', signal);
    }
    return batchAnswers(raw);
  }

  /**
   * Sends a batch and re-sends only the sub-requests answered 429/503/504, after the longest
   * Retry-After among them (the retry middleware sees only the outer 200). Observers are told.
   */
  async batchWithRetries(
    requests: readonly BatchRequest[],
    maxRounds = this.maxRetries,
    signal?: AbortSignal,
  ): Promise<Map<string, BatchResponse>> {
    const results = await this.batch(requests, signal);
    for (let round = 1; round <= maxRounds; round++) {
      const again = requests.filter((r) => {
        const status = results.get(r.id)?.status;
        return status === 429 || status === 503 || status === 504;
      });
      if (again.length === 0) {
        break;
      }
      const waits = again
        .map((r) => Number(results.get(r.id)?.headers['retry-after'] ?? NaN))
        .filter((n) => !Number.isNaN(n));
      const delaySeconds = Math.min(waits.length ? Math.max(...waits) : this.retryDelaySeconds * round, 60);
      this.reportRetry({
        status: results.get(again[0]!.id)?.status ?? 429,
        attempt: round,
        delaySeconds,
        url: '/$batch',
      });
      await new Promise((resolve) => setTimeout(resolve, delaySeconds * 1000));
      const ids = new Set(again.map((r) => r.id));
      // Dependencies on requests that already succeeded are dropped; those still retried stay.
      const retry = again.map((r) => ({ ...r, dependsOn: r.dependsOn?.filter((d) => ids.has(d)) }));
      for (const [id, response] of await this.batch(retry, signal)) {
        results.set(id, response);
      }
    }
    return results;
  }

  /**
   * Sends one write (PATCH, POST or DELETE) to a path relative to `{graph}/v1.0`. The retry
   * middleware is switched off for it: a write is never repeated blindly (see graph/writes.ts).
   */
  async write<T = unknown>(method: 'PATCH' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    this.lastRetryAfter = undefined;
    try {
      const request = this.client.api(path).middlewareOptions([new RetryHandlerOptions(0, 0, () => false)]);
      if (method === 'PATCH') return (await request.patch(body)) as T;
      if (method === 'POST') return (await request.post(body ?? {})) as T;
      return (await request.delete()) as T;
    } catch (err) {
      return this.narrow(err, path);
    }
  }

  /** Narrows a failed batch sub-response into a GraphError. */
  subError(response: BatchResponse, url: string): GraphError {
    const retryAfter =
      response.headers['retry-after'] !== undefined ? Number(response.headers['retry-after']) : undefined;
    return fromResponse(response.status, response.body, {
      path: url,
      permissionType: this.permissionType,
      host: this.host,
      retryAfterSeconds: retryAfter,
      timeoutSeconds: this.requestTimeoutSeconds,
    });
  }
}
