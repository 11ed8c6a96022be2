// The token endpoint's errors in the emulator: an AADSTS code and description, answered with the
// body Entra sends (error, error_description with trace and correlation ids, error_codes, timestamp).
import { randomUUID } from 'node:crypto';
import { json, type EmuRequest, type EmuResponse } from './http.js';

export class TokenError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
  }
}

export function tokenErrorResponse(origin: string, req: EmuRequest, err: TokenError): EmuResponse {
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  const trace = randomUUID();
  return json(err.status, {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.description} Trace ID: ${trace} Correlation ID: ${req.clientRequestId} Timestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: trace,
    correlation_id: req.clientRequestId,
    error_uri: `${origin}/error?code=${err.code}`,
  });
}
