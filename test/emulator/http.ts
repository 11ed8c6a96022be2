// Request/response values passed between the emulator's HTTP server and its handlers.

export interface EmuRequest {
  method: string;
  url: URL;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
  requestId: string;
  clientRequestId: string;
}

export interface EmuResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
  /** Fault: destroy the socket instead of answering. */
  reset?: boolean;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): EmuResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

/** Graph's error body: `{"error":{"code","message","innerError":{date, request-id, client-request-id}}}`. */
export function graphError(
  req: Pick<EmuRequest, 'requestId' | 'clientRequestId'>,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmuResponse {
  return json(
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().slice(0, 19),
          'request-id': req.requestId,
          'client-request-id': req.clientRequestId,
        },
      },
    },
    headers,
  );
}
