// Shared set-up for the emulator tests: real clients (@azure/identity, the Graph client) pointed at
// an in-process emulator. The unit runner (scripts/test-unit.mjs) makes the test CA and passes
// NODE_EXTRA_CA_CERTS, so Node's https and fetch trust the emulator's certificate.
import assert from 'node:assert/strict';
import { ClientSecretCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { Emulator } from '../../emulator/index';

// Response bodies are parsed JSON of many shapes; tests index into them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export function requireTrustedCa(): void {
  assert.ok(
    process.env.NODE_EXTRA_CA_CERTS,
    'run through scripts/test-unit.mjs (it sets NODE_EXTRA_CA_CERTS for the emulator CA)',
  );
}

export function credentialFor(
  emu: Emulator,
  clientId = emu.config.clientId,
  secret = emu.config.clientSecret,
): ClientSecretCredential {
  return new ClientSecretCredential(emu.config.tenantId, clientId, secret, {
    authorityHost: emu.config.authorityHost,
    disableInstanceDiscovery: true,
  });
}

/** The Graph SDK client with its default middleware (auth, retry, redirect, telemetry) aimed at the emulator. */
export function graphClientFor(emu: Emulator, credential = credentialFor(emu)): Client {
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] }),
    baseUrl: emu.config.graphBaseUrl.replace(/\/v1\.0$/, ''),
    defaultVersion: 'v1.0',
    customHosts: new Set([new URL(emu.config.graphBaseUrl).hostname]),
  });
}

/** Plain fetch against the emulator's Graph endpoint with a token the emulator issues. */
export async function graphFetch(
  emu: Emulator,
  path: string,
  init: { token?: string | null; method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; headers: Headers; body: Json; text: string }> {
  const token = init.token === undefined ? await emu.issueToken() : init.token;
  const res = await fetch(`${emu.config.graphBaseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  let body: Json;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

export function decodePayload(token: string): Record<string, Json> {
  return JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as Record<string, Json>;
}

export function decodeHeader(token: string): Record<string, Json> {
  return JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString('utf8')) as Record<string, Json>;
}
