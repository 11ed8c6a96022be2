import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/types';

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => stdin };
  const code = await main(['explain', ...args], io);
  return { code, out, err };
}

const message =
  "AADSTS50011: The redirect URI 'https://app.example/cb' specified in the request does not match the redirect URIs configured for the application 'c1000000-0000-4000-8000-000000000002'. Trace ID: 0b5e7d1c-1111-4a2b-9c3d-aaaaaaaaaaaa Correlation ID: 22222222-3333-4444-5555-666666666666 Timestamp: 2025-03-01 10:11:12Z";

test('explains an argument in text', async () => {
  const r = await run([message]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^AADSTS50011: Redirect URI mismatch/);
  assert.match(r.out, /What to change/);
  assert.match(r.out, /redirect_uri\s+https:\/\/app\.example\/cb/);
  assert.match(r.out, /https:\/\/login\.microsoftonline\.com\/error\?code=50011/);
});

test('--json from stdin prints the documented shape', async () => {
  const r = await run(['--json', '-'], message);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as {
    request: Record<string, unknown>;
    explanation: Record<string, unknown>;
    others: unknown[];
    empty: boolean;
  };
  assert.deepEqual(Object.keys(j).sort(), ['empty', 'explanation', 'others', 'request']);
  assert.equal(j.request.code, '50011');
  assert.equal(j.request.clientId, 'c1000000-0000-4000-8000-000000000002');
  assert.equal(j.request.traceId, '0b5e7d1c-1111-4a2b-9c3d-aaaaaaaaaaaa');
  assert.equal(j.request.flow, 'unknown');
  assert.equal(j.explanation.known, true);
  for (const k of ['code', 'title', 'meaning', 'fix', 'links']) assert.ok(k in j.explanation, k);
  assert.equal(j.empty, false);
});

test('nothing recognised exits 1 with what to paste; bad options exit 2; --help', async () => {
  const none = await run(['hello']);
  assert.equal(none.code, 1);
  assert.match(none.err, /nothing recognised/);
  const json = await run(['--json', 'hello']);
  assert.equal(json.code, 1);
  assert.equal((JSON.parse(json.out) as { empty: boolean }).empty, true);
  const bad = await run(['--nope', 'x']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /Usage: entra-workbench explain/);
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /--json/);
});

test('an OAuth error without a code gets a hint', async () => {
  const r = await run(['https://app.example/cb?error=invalid_client&client_id=c1000000-0000-4000-8000-000000000002']);
  assert.equal(r.code, 0);
  assert.match(r.out, /No AADSTS code found/);
  assert.match(r.out, /invalid_client: the client could not be authenticated/);
});
