// Graph's error answers in the emulator: the failure routes throw, and the response it becomes.
import { QueryError } from './query.js';
import { graphError, type EmuRequest, type EmuResponse } from './http.js';
import { WriteFailure } from './writes.js';

export class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFoundSegment = (segment: string) =>
  new GraphFailure(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
export const notFoundId = (id: string) =>
  new GraphFailure(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
export const methodNotAllowed = () =>
  new GraphFailure(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');

export function failureResponse(req: Pick<EmuRequest, 'requestId' | 'clientRequestId'>, err: unknown): EmuResponse {
  if (err instanceof GraphFailure) return graphError(req, err.status, err.code, err.message, err.headers);
  if (err instanceof WriteFailure) return graphError(req, err.status, err.code, err.message);
  if (err instanceof QueryError) return graphError(req, 400, err.code, err.message);
  return graphError(req, 500, 'generalException', err instanceof Error ? err.message : String(err));
}
