/**
 * JSON batches (`$batch`) through the Graph SDK's batch content helpers: steps from request
 * builders, the body from `BatchRequestContent`, the answers read with `BatchResponseContent`.
 */
import { BatchRequestContent, BatchResponseContent, type GraphRequest } from '@microsoft/microsoft-graph-client';
import { unreadable } from '../../core/graph/errors';

/** One sub-request of a JSON batch (facts §7.3): relative URL, optional dependsOn. */
export interface BatchRequest {
  readonly id: string;
  readonly url: string;
  readonly method?: 'GET';
  readonly headers?: Record<string, string>;
  readonly dependsOn?: readonly string[];
}

export interface BatchResponse {
  readonly id: string;
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

/** The API version every relative path is sent to. */
export const graphVersion = 'v1.0';

/**
 * The path and query (relative to `{graph}/v1.0`) a request builder composed: what a `$batch`
 * step and an error message name. The builder keeps the URL it will send to itself; this reads it.
 */
export function relativeUrl(request: GraphRequest): string {
  const build = (request as unknown as { buildFullUrl?: () => string }).buildFullUrl;
  if (typeof build !== 'function') {
    throw new TypeError('The Graph client no longer exposes the URL it builds.');
  }
  const full = build.call(request);
  const at = full.indexOf(`/${graphVersion}/`);
  return at < 0 ? full : full.slice(at + graphVersion.length + 1);
}

/** A `$batch` step from a request builder (GET). */
export function batchStep(id: string, request: GraphRequest): BatchRequest {
  return { id, url: relativeUrl(request) };
}

/** Any absolute origin: the batch content keeps only the path and query of a step's URL. */
const stepOrigin = 'https://graph.invalid';

/** Lower-case string headers of a batch answer. */
function headersOf(raw: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  raw.forEach((value, key) => {
    out[key.toLowerCase()] = value;
  });
  return out;
}

/** A sub-response's body: JSON when it has one, else undefined. */
async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The batch answer with each JSON body marked as such (the SDK's response content reads a body as
 * JSON only when its sub-response says `Content-Type: application/json`).
 */
function typedAnswer(raw: unknown): { responses: Array<Record<string, unknown>> } | undefined {
  const responses = (raw as { responses?: unknown } | null)?.responses;
  if (!Array.isArray(responses)) {
    return undefined;
  }
  return {
    responses: (responses as unknown[])
      .filter(
        (r): r is Record<string, unknown> =>
          r !== null && typeof r === 'object' && typeof (r as { id?: unknown }).id === 'string',
      )
      .filter((r) => typeof r.status === 'number')
      .map((r) => {
        const headers: Record<string, string> = {};
        if (r.headers && typeof r.headers === 'object') {
          for (const [k, v] of Object.entries(r.headers as Record<string, unknown>)) {
            if (typeof v === 'string') {
              headers[k] = v;
            }
          }
        }
        const json = r.body !== undefined && r.body !== null && typeof r.body === 'object';
        const status = r.status as number;
        // A status without a body (204, 304) cannot carry one in a fetch Response.
        const noBody = status === 204 || status === 205 || status === 304;
        return {
          ...r,
          status,
          headers: json ? { ...headers, 'Content-Type': 'application/json' } : headers,
          body: noBody ? undefined : json ? r.body : typeof r.body === 'string' ? r.body : undefined,
        };
      }),
  };
}

/** The `$batch` request body (ids unique, at most 20 steps: the SDK checks both). */
export function batchBody(requests: readonly BatchRequest[]): Promise<unknown> {
  const content = new BatchRequestContent(
    requests.map((r) => ({
      id: r.id,
      request: new Request(`${stepOrigin}${r.url}`, { method: r.method ?? 'GET', headers: r.headers }),
      ...(r.dependsOn?.length ? { dependsOn: [...r.dependsOn] } : {}),
    })),
  );
  return content.getContent();
}

/** The answers of a `$batch` by id; an answer without its responses is unreadable. */
export async function batchAnswers(raw: unknown): Promise<Map<string, BatchResponse>> {
  const answer = typedAnswer(raw);
  if (!answer) {
    throw unreadable('a batch answer without its responses');
  }
  const out = new Map<string, BatchResponse>();
  try {
    for (const [id, response] of new BatchResponseContent(answer as never).getResponses()) {
      out.set(id, { id, status: response.status, body: await bodyOf(response), headers: headersOf(response.headers) });
    }
  } catch {
    throw unreadable('a batch answer that cannot be read');
  }
  return out;
}
