// $batch in the emulator: up to 20 requests, dependsOn order and failed dependencies (424),
// faults per sub-request, and the answer with every response in request order.
import { faultResponse, sleep, type Fault, type LoggedRequest } from './faults.js';
import type { Caller } from './graphAccess.js';
import { ODATA_JSON } from './graphCollections.js';
import { failureResponse, GraphFailure, methodNotAllowed } from './graphFailure.js';
import { graphError, json, type EmuRequest, type EmuResponse } from './http.js';

/** What a $batch needs of the Graph service: its origin, faults, log and the router of one request. */
export interface BatchEnv {
  origin: () => string;
  takeFault: (method: string, pathAndQuery: string) => Fault | undefined;
  log: (entry: LoggedRequest) => void;
  dispatch: (
    method: string,
    rel: string,
    query: URLSearchParams,
    headers: Record<string, string | undefined>,
    body: unknown,
    caller: Caller,
    req: Pick<EmuRequest, 'requestId' | 'clientRequestId'>,
  ) => EmuResponse;
}

export async function batch(req: EmuRequest, caller: Caller, env: BatchEnv): Promise<EmuResponse> {
  if (req.method !== 'POST') throw methodNotAllowed();
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new GraphFailure(400, 'BadRequest', 'Invalid batch payload format.');
  }
  const requests = (parsed as { requests?: unknown }).requests;
  if (!Array.isArray(requests))
    throw new GraphFailure(400, 'BadRequest', 'Invalid batch payload format: the "requests" array is missing.');
  if (requests.length > 20)
    throw new GraphFailure(400, 'BadRequest', 'Invalid batch payload: the number of requests exceeds the limit of 20.');
  type Sub = {
    id: string;
    method: string;
    url: string;
    headers?: Record<string, string>;
    body?: unknown;
    dependsOn?: string[];
  };
  const subs = requests as Sub[];
  const ids = new Set<string>();
  for (const s of subs) {
    if (!s || typeof s.id !== 'string' || typeof s.method !== 'string' || typeof s.url !== 'string')
      throw new GraphFailure(400, 'BadRequest', 'Invalid batch payload: every request needs id, method and url.');
    if (ids.has(s.id)) throw new GraphFailure(400, 'BadRequest', `Batch request contains duplicate id '${s.id}'.`);
    ids.add(s.id);
    if (s.body !== undefined && !Object.keys(s.headers ?? {}).some((h) => h.toLowerCase() === 'content-type')) {
      throw new GraphFailure(
        400,
        'BadRequest',
        `Invalid batch payload: request '${s.id}' has a body but no Content-Type header.`,
      );
    }
  }
  for (const s of subs)
    for (const d of s.dependsOn ?? [])
      if (!ids.has(d))
        throw new GraphFailure(400, 'BadRequest', `Request '${s.id}' depends on unknown request '${d}'.`);
  const results = new Map<string, { id: string; status: number; headers: Record<string, string>; body?: unknown }>();
  const pending = [...subs];
  while (pending.length > 0) {
    const idx = pending.findIndex((s) => (s.dependsOn ?? []).every((d) => results.has(d)));
    if (idx < 0) throw new GraphFailure(400, 'BadRequest', 'Invalid batch payload: dependsOn contains a cycle.');
    const s = pending.splice(idx, 1)[0] as Sub;
    const started = Date.now();
    const rel = s.url.replace(/^https?:\/\/[^/]+/, '').replace(/^\/?(v1\.0\/)?/, '/');
    const url = new URL(`${env.origin()}/v1.0${rel}`);
    const subReq = { requestId: crypto.randomUUID(), clientRequestId: req.clientRequestId, url };
    const pathAndQuery = `/v1.0${rel}`;
    let res: EmuResponse;
    let faultKind: Fault['kind'] | undefined;
    const failedDep = (s.dependsOn ?? []).find((d) => {
      const st = results.get(d)?.status ?? 0;
      return st < 200 || st >= 300;
    });
    if (failedDep) {
      res = graphError(
        subReq,
        424,
        'FailedDependency',
        `Request failed because the request it depends on ('${failedDep}') failed.`,
      );
    } else {
      const fault = env.takeFault(s.method, pathAndQuery);
      faultKind = fault?.kind;
      if (fault?.kind === 'latency') await sleep(fault.ms);
      const faulted =
        fault && fault.kind !== 'reset' && fault.kind !== 'malformed' ? faultResponse(fault, subReq) : undefined;
      if (faulted) res = faulted;
      else {
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(s.headers ?? {})) headers[k.toLowerCase()] = v;
        try {
          res = env.dispatch(
            s.method.toUpperCase(),
            rel.split('?')[0] as string,
            url.searchParams,
            headers,
            s.body,
            caller,
            subReq,
          );
        } catch (err) {
          res = failureResponse(subReq, err);
        }
      }
    }
    const isJson = res.headers['content-type']?.startsWith('application/json');
    results.set(s.id, {
      id: s.id,
      status: res.status,
      headers: {
        ...(res.body !== undefined
          ? { 'Content-Type': isJson ? ODATA_JSON : (res.headers['content-type'] ?? 'text/plain') }
          : {}),
        ...(res.headers['retry-after'] ? { 'Retry-After': res.headers['retry-after'] } : {}),
      },
      ...(res.body !== undefined ? { body: isJson ? (JSON.parse(res.body) as unknown) : res.body } : {}),
    });
    env.log({
      method: s.method.toUpperCase(),
      path: pathAndQuery,
      status: res.status,
      time: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      kind: 'batch-item',
      batchItemId: s.id,
      ...(faultKind ? { fault: faultKind } : {}),
    });
  }
  return json(200, { responses: subs.map((s) => results.get(s.id)) });
}
