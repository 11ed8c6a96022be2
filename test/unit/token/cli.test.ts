import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/types';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  b64,
  boundsCases,
  hasShared,
  makeSigner,
  NOW,
  payloadWithRawClaims,
  repoRoot,
  sharedDir,
  startKeyServer,
  TENANT,
  unsigned,
  unsignedRaw,
  v2Delegated,
} from './helpers';

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => stdin };
  const code = await main(['decode', ...args], io);
  return { code, out, err };
}

const SIG = 'S'.repeat(342);
const token = unsigned({ typ: 'JWT', alg: 'RS256', kid: 'k1' }, v2Delegated({ roles: ['Accounts.Read.Team'] }), SIG);
const nowIso = new Date(NOW).toISOString();

test('--json prints the documented shape', async () => {
  const r = await run(['--json', '--now', nowIso, token]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as Record<string, unknown>;
  for (const k of ['header', 'payload', 'summary', 'claims', 'problems', 'signature'])
    assert.ok(k in j, `missing ${k}`);
  const s = j.summary as Record<string, unknown>;
  assert.equal(s.kind, 'access');
  assert.equal(s.version, '2.0');
  assert.equal(s.flow, 'delegated');
  assert.equal(s.issuerForm, 'v2');
  assert.equal(typeof s.audience, 'string');
  assert.equal(typeof s.issuer, 'string');
  assert.equal(typeof s.tenantId, 'string');
  assert.match(String(s.expiresAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(s.scopes, ['Crm.Read.Team', 'Sales.ReadWrite.Team']);
  assert.deepEqual(s.roles, ['Accounts.Read.Team']);
  const claims = j.claims as { name: string; value: unknown; explanation: string }[];
  assert.ok(claims.every((c) => typeof c.name === 'string' && 'value' in c && c.explanation.length > 10));
  assert.deepEqual(Object.keys(j.signature as object).sort(), ['reason', 'status']);
  assert.equal((j.signature as { status: string }).status, 'unchecked');
  assert.ok(!r.out.includes(SIG), 'the signature is never printed');
});

test('text output has summary, claims, problems and the signature verdict, without the token', async () => {
  const r = await run(['--now', nowIso, `Authorization: Bearer ${token}`]);
  assert.equal(r.code, 0);
  assert.match(r.out, /^Token +access token v2\.0, delegated/m);
  assert.match(r.out, /^Claims$/m);
  assert.match(r.out, /^ {2}scp +Crm\.Read\.Team Sales\.ReadWrite\.Team +Scopes:/m);
  assert.match(r.out, /^Problems$/m);
  assert.match(r.out, /^Signature +unchecked/m);
  assert.ok(!r.out.includes(SIG));
  assert.ok(!r.out.includes(token.split('.')[1]!));
});

test('reads stdin with "-" or without an argument', async () => {
  assert.equal((await run(['--json', '-'], `  ${token}\n`)).code, 0);
  const r = await run(['--json'], token);
  assert.equal(JSON.parse(r.out).summary.kind, 'access');
});

test('a Graph token with a header nonce is cannot-verify even without --verify', async () => {
  const g = unsigned(
    { typ: 'JWT', nonce: 'n', alg: 'RS256', kid: 'k' },
    v2Delegated({ aud: '00000003-0000-0000-c000-000000000000' }),
  );
  const j = JSON.parse((await run(['--json', g])).out);
  assert.equal(j.signature.status, 'cannot-verify');
});

test('not a decodable token: exit 1 with the message', async () => {
  const r = await run(['not-a-token']);
  assert.equal(r.code, 1);
  assert.match(r.err, /Not a JWT/);
  const jwe = await run(['--json', `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`]);
  assert.equal(jwe.code, 1);
  assert.equal(JSON.parse(jwe.out).error.code, 'encrypted');
  // A header value nested 5,000 levels: the message and the JSON stay bounded, in both formats.
  const deep = `${'['.repeat(5000)}"RSA-OAEP"${']'.repeat(5000)}`;
  const nested = `${Buffer.from(`{"alg":${deep},"enc":"A256GCM"}`).toString('base64url')}.a.b.c.d`;
  for (const args of [[nested], ['--json', nested]]) {
    const r = await run(args);
    assert.equal(r.code, 1, args.join(' ').slice(0, 20));
    assert.ok(r.out.length + r.err.length < 5000, `${r.out.length + r.err.length} characters of output`);
    assert.match(r.out + r.err, /more levels/);
  }
  assert.equal((await run([''], '')).code, 1);
});

test('--verify: exit 1 when the signature is invalid (alg none)', async () => {
  const none = `${b64({ alg: 'none' })}.${b64(v2Delegated())}.`;
  const r = await run(['--verify', '--json', none]);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.out).signature.status, 'invalid');
});

test('--verify: a signature that cannot be checked (HS256) exits 1, not 0: it is not proven valid', async () => {
  const hs = `${b64({ alg: 'HS256' })}.${b64(v2Delegated())}.c2ln`;
  const r = await run(['--verify', '--json', hs]);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.out).signature.status, 'cannot-verify');
  // Without --verify the same token decodes with exit 0.
  assert.equal((await run(['--json', hs])).code, 0);
});

test('the argument may name a file holding the token; a folder or a missing file says so', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'ew-decode-'));
  try {
    const file = join(dir, 'access.jwt');
    writeFileSync(file, `${token}\n`);
    const r = await run(['--json', '--now', nowIso, file]);
    assert.equal(r.code, 0, r.err);
    assert.equal((JSON.parse(r.out) as { summary: { kind: string } }).summary.kind, 'access');
    assert.ok(!r.out.includes(token), 'the token is not printed back');
    const folder = await run([dir]);
    assert.equal(folder.code, 2);
    assert.match(folder.err, /is a folder\. Give the token, a file holding it, or - to read stdin/);
    for (const missing of [join(dir, 'nope.jwt'), './nope/token', 'token.txt']) {
      const m = await run([missing]);
      assert.equal(m.code, 2, missing);
      assert.match(m.err, /There is no file .*\. Give the token/, missing);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad usage exits 2', async () => {
  assert.equal((await run(['--now', 'yesterday', token])).code, 2);
  assert.equal((await run(['--frobnicate', token])).code, 2);
});

test('--verify against the tenant emulator: valid exits 0, tampered exits 1', async (t) => {
  const entry = join(repoRoot, 'test/emulator/index.ts');
  if (!existsSync(entry)) return t.skip('tenant emulator (test/emulator/index.ts) not present yet');
  const { startEmulator } = (await import(entry)) as {
    startEmulator: (o: { scenario: string; port: number }) => Promise<{
      config: { authorityHost: string };
      issueToken(o?: object): Promise<string>;
      close(): Promise<void>;
    }>;
  };
  const emu = await startEmulator({ scenario: 'sample', port: 0 });
  try {
    const good = await emu.issueToken({ audience: 'api://c1000000-0000-4000-8000-000000000001', user: true });
    // The emulator (https on 127.0.0.1) is trusted explicitly.
    const ok = await run([
      '--verify',
      '--json',
      '--trust-issuer',
      emu.config.authorityHost,
      '--audience',
      'c1000000-0000-4000-8000-000000000001',
      good,
    ]);
    assert.equal(ok.code, 0, ok.out);
    assert.equal(JSON.parse(ok.out).signature.status, 'valid');
    const [h, p, s] = good.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const bad = await run([
      '--verify',
      '--trust-issuer',
      emu.config.authorityHost,
      `${h}.${b64({ ...claims, scp: 'Crm.ReadWrite.All' })}.${s}`,
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /^Signature +invalid/m);
  } finally {
    await emu.close();
  }
});

test('--verify when the keys are out of reach: exit 1 with cannot-verify and the reason printed (a CI job fails)', async () => {
  // A v1 token's keys come from --authority: port 1 on this machine refuses at once, no network needed.
  // (A loopback authority is only fetched when trusted explicitly.)
  const v1 = unsigned(
    { typ: 'JWT', alg: 'RS256', kid: 'k1' },
    { ...v2Delegated(), iss: 'https://sts.windows.net/11111111-2222-3333-4444-555555555555/', ver: '1.0' },
    SIG,
  );
  const local = ['--authority', 'https://127.0.0.1:1', '--trust-issuer', 'https://127.0.0.1:1'];
  const text = await run(['--verify', ...local, '--now', nowIso, v1]);
  assert.equal(text.code, 1, text.out);
  assert.match(
    text.out,
    /^Signature +cannot-verify: Could not fetch the issuer's OpenID metadata \(https:\/\/127\.0\.0\.1:1\/11111111-2222-3333-4444-555555555555\/\.well-known\/openid-configuration\): .+ Offline\?$/m,
  );
  const json = await run(['--verify', '--json', ...local, '--now', nowIso, v1]);
  assert.equal(json.code, 1);
  const sig = (JSON.parse(json.out) as { signature: { status: string; reason: string; retryable?: boolean } })
    .signature;
  assert.equal(sig.status, 'cannot-verify');
  assert.equal(sig.retryable, true, 'a network failure may pass later');
  // Without --verify the same token is only decoded: exit 0.
  assert.equal((await run(['--now', nowIso, v1])).code, 0);
});

test('decode --help documents file arguments and that --verify passes only a valid signature', async () => {
  const r = await run(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /<token \| file \| ->/);
  assert.match(r.out, /names an existing file is read as the\s+token/);
  assert.match(r.out, /looks like a path .* but names no file is an error/s);
  assert.match(r.out, /0 decoded \(with --verify: only when the signature was verified valid\)/);
  assert.match(
    r.out,
    /1 not a\s+decodable token, or \(with --verify\) a signature that is invalid or could not be checked/,
  );
  assert.doesNotMatch(r.out, /\b3\b.*could not/);
});

test('a file argument is read and trimmed; paths that name no file are refused, tokens are not mistaken for paths', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'ew-decode-'));
  try {
    const file = join(dir, 'token with spaces.txt');
    writeFileSync(file, `\n\n  ${token}  \r\n\n`);
    const r = await run(['--json', '--now', nowIso, file]);
    assert.equal(r.code, 0, r.err);
    assert.equal((JSON.parse(r.out) as { summary: { flow: string } }).summary.flow, 'delegated');
    // A file holding something else says what is wrong with its content, not that the path is a token.
    const notToken = join(dir, 'notes.txt');
    writeFileSync(notToken, 'hello');
    const n = await run([notToken]);
    assert.equal(n.code, 1);
    assert.match(n.err, /Not a JWT/);
    assert.doesNotMatch(n.err, /notes\.txt/);
    for (const missing of [join(dir, 'missing', 'deep'), '~/nope.jwt', 'C:\\tokens\\access.jwt', '../x']) {
      const m = await run([missing]);
      assert.equal(m.code, 2, missing);
      assert.match(m.err, /There is no file .*\. Give the token, a file holding it, or - to read stdin\./, missing);
      assert.doesNotMatch(m.err, /Not a complete JWT|opaque/, missing);
    }
    // The token itself, and a Bearer header, are still decoded as given.
    assert.equal((await run(['--now', nowIso, token])).code, 0);
    assert.equal((await run(['--now', nowIso, `Bearer ${token}`])).code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a corpus token given by its path decodes (../shared)', async (t) => {
  const file = join(sharedDir, 'corpus/tokens/teamsfx-v2-access-sso.jwt');
  if (!hasShared) return t.skip('../shared is absent: corpus tokens not available');
  const r = await run(['--json', '--now', '2026-01-01T00:00:00Z', file]);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { summary: { kind: string; version: string; scopes: string[] } };
  assert.equal(j.summary.kind, 'access');
  assert.equal(j.summary.version, '2.0');
  assert.deepEqual(j.summary.scopes, ['access_as_user']);
  const folder = await run([join(sharedDir, 'corpus/tokens')]);
  assert.equal(folder.code, 2);
  assert.match(folder.err, /is a folder/);
});

test('--verify of a token whose issuer serves its own keys: exit 1 (cannot-verify, issuer-untrusted) unless --trust-issuer names it', async () => {
  const signer = await makeSigner('forger');
  const server = await startKeyServer(() => [signer.publicJwk]);
  try {
    const iss = `${server.origin}/${TENANT}/v2.0`;
    const forged = await signer.sign(v2Delegated({ iss }));
    const r = await run(['--verify', '--json', '--now', nowIso, forged]);
    assert.equal(r.code, 1, r.out);
    const j = JSON.parse(r.out) as {
      signature: { status: string; reason: string };
      problems: { code: string; severity: string }[];
    };
    assert.equal(j.signature.status, 'cannot-verify');
    assert.match(j.signature.reason, /--trust-issuer/);
    assert.ok(
      j.problems.some((p) => p.code === 'issuer-untrusted' && p.severity === 'warning'),
      JSON.stringify(j.problems),
    );
    assert.deepEqual(server.requests, [], 'the issuer was never asked');
    // A public-looking forged issuer: the same verdict, without going online.
    const text = await run([
      '--verify',
      '--now',
      nowIso,
      await signer.sign(v2Delegated({ iss: `https://login.microsoftonline.com.attacker.example/${TENANT}/v2.0` })),
    ]);
    assert.equal(text.code, 1);
    assert.match(
      text.out,
      /^ {2}warning +issuer-untrusted: The issuer is not a Microsoft authority \(login\.microsoftonline\.com\.attacker\.example\)/m,
    );
    assert.match(
      text.out,
      /^Signature +cannot-verify: The issuer login\.microsoftonline\.com\.attacker\.example is not a Microsoft authority/m,
    );
    // Trusted explicitly (the issuer itself, or its origin): verified, exit 0.
    for (const trusted of [iss, server.origin]) {
      const ok = await run(['--verify', '--json', '--now', nowIso, '--trust-issuer', trusted, forged]);
      assert.equal(ok.code, 0, ok.out);
      const okJson = JSON.parse(ok.out) as { signature: { status: string }; problems: { code: string }[] };
      assert.equal(okJson.signature.status, 'valid');
      assert.ok(!okJson.problems.some((p) => p.code === 'issuer-untrusted'));
    }
    // A bad --trust-issuer is bad usage.
    assert.equal((await run(['--verify', '--trust-issuer', 'http://127.0.0.1:1', forged])).code, 2);
    assert.equal((await run(['--verify', '--trust-issuer', 'https://u:p@127.0.0.1:1', forged])).code, 2);
  } finally {
    await server.close();
  }
});

test('claims nested thousands of levels deep, wide or long: decoded, cut with "… n more" markers, output proportional to the token', async () => {
  for (const [name, claims] of Object.entries({ ...boundsCases(5000), 'smaller deep': boundsCases(1500).deep! })) {
    const t = unsignedRaw(payloadWithRawClaims(claims));
    for (const args of [
      ['--now', nowIso, t],
      ['--json', '--now', nowIso, t],
    ]) {
      const r = await run(args);
      assert.equal(r.code, 0, `${name} ${args[0]}: ${r.err}`);
      assert.ok(
        r.out.length <= 30 * t.length + 50_000,
        `${name} ${args[0]}: ${r.out.length} characters of output for a token of ${t.length}`,
      );
      if (args[0] === '--json') JSON.parse(r.out);
      if (name === 'deep') assert.match(r.out, /… 4,99\d more levels/);
      if (name === 'long') assert.match(r.out, /more characters/);
    }
  }
  const wide = await run(['--json', '--now', nowIso, unsignedRaw(payloadWithRawClaims(boundsCases().deep!))]);
  const j = JSON.parse(wide.out) as { payload: Record<string, unknown>; claims: { name: string; value: unknown }[] };
  assert.deepEqual(j.payload.deep, [[[[[[[['… 4,992 more levels']]]]]]]]);
  assert.deepEqual(j.claims.find((c) => c.name === 'deep')!.value, j.payload.deep);
});

test('bidi overrides and invisible characters in claims are shown as markers in text and escaped in --json', async () => {
  const spoof = unsigned(
    { typ: 'JWT', alg: 'RS256' },
    v2Delegated({
      name: 'Ada\u202egnp.exe',
      preferred_username: 'admin\u200b@contoso.example',
      'x\u2066claim': 'a\u0007b',
    }),
    SIG,
  );
  const text = await run(['--now', nowIso, spoof]);
  assert.equal(text.code, 0);
  assert.ok(!/[\u202e\u200b\u2066\u0007]/.test(text.out), 'no invisible character reaches the terminal');
  assert.match(text.out, /Ada⟨U\+202E⟩gnp\.exe/);
  assert.match(text.out, /admin⟨U\+200B⟩@contoso\.example/);
  assert.match(text.out, /x⟨U\+2066⟩claim +a⟨U\+0007⟩b/);
  const json = await run(['--json', '--now', nowIso, spoof]);
  assert.ok(!/[\u202e\u200b\u2066]/.test(json.out));
  assert.ok(json.out.includes('"Ada\\u202egnp.exe"'));
  assert.equal(
    (JSON.parse(json.out) as { payload: { name: string } }).payload.name,
    'Ada\u202egnp.exe',
    'the JSON value is unchanged',
  );
});

test('decode - refuses stdin over 1 MB with exit 2', async () => {
  const big = `${token}${' '.repeat(1024 * 1024)}`;
  const r = await run(['-'], big);
  assert.equal(r.code, 2);
  assert.match(r.err, /stdin holds more than 1,048,576 bytes \(1 MB\)/);
  const j = await run(['--json'], big);
  assert.equal(j.code, 2);
  assert.equal((JSON.parse(j.out) as { error: { code: string } }).error.code, 'unreadable');
  // Just under the cap is read as usual.
  assert.equal((await run(['--now', nowIso, '-'], `${token}${' '.repeat(1000)}`)).code, 0);
});

test('decode - stops reading a real stdin past 1 MB (exit 2, no hang)', async () => {
  const { spawn } = await import('node:child_process');
  const main = join(repoRoot, 'src/cli/main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'decode', '-'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: repoRoot,
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.on('error', () => undefined); // the reader closes its end early
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  for (let i = 0; i < 40; i++) child.stdin.write(chunk);
  child.stdin.end();
  const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  assert.equal(code, 2, stderr);
  assert.match(stderr, /stdin holds more than 1,048,576 bytes/);
});
