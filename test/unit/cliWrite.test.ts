// The write commands (pull, plan, apply, secret) in plain Node against an in-process tenant
// emulator, signing in through DefaultAzureCredential's environment variables (client credentials).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { MANIFEST_KEY_ORDER } from '../../src/core/plan';
import { startEmulator, type Emulator } from '../emulator/index';
import { requireTrustedCa, type Json } from './emulator/helpers';

const CRM_API = { id: 'b1000000-0000-4000-8000-000000000001', appId: 'c1000000-0000-4000-8000-000000000001' };
const ADMIN = { id: 'c1000000-0000-4000-8000-000000000010', secret: 'Emulator~Admin~Client~Secret~0006' };

async function run(
  argv: string[],
  options: { interactive?: boolean } = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: async () => '',
    interactive: options.interactive ?? false,
  });
  return { code, out, err };
}

describe('entra-workbench pull / plan / apply / secret', () => {
  let emu: Emulator;
  let dir: string;
  let conn: string[];
  const file = () => join(dir, 'crm.manifest.json');
  const readManifest = (): Json => JSON.parse(readFileSync(file(), 'utf8'));
  const writeManifest = (m: Json) => writeFileSync(file(), JSON.stringify(m, null, 2));
  const app = (): Json => emu.tenant.applications.find((a) => a.id === CRM_API.id);
  const signInAs = (clientId: string, secret: string) =>
    Object.assign(process.env, {
      AZURE_CLIENT_ID: clientId,
      AZURE_CLIENT_SECRET: secret,
      AZURE_TENANT_ID: emu.config.tenantId,
      AZURE_AUTHORITY_HOST: emu.config.authorityHost,
    });

  before(async () => {
    requireTrustedCa();
    emu = await startEmulator({ scenario: 'sample' });
    dir = mkdtempSync(join(tmpdir(), 'ew-write-'));
    conn = ['--graph-base-url', emu.config.graphBaseUrl];
  });
  after(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    signInAs(ADMIN.id, ADMIN.secret);
    const pulled = await run(['pull', '--app', CRM_API.appId, '--out', file(), ...conn]);
    assert.equal(pulled.code, 0, pulled.err);
  });

  it('pull writes strict JSON in the admin center key order, with a base copy', async () => {
    const text = readFileSync(file(), 'utf8');
    const m = JSON.parse(text);
    assert.equal(m.id, CRM_API.id);
    assert.equal('@odata.context' in m, false);
    const ranks = Object.keys(m)
      .map((k) => MANIFEST_KEY_ORDER.indexOf(k))
      .filter((r) => r >= 0);
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
    );
    assert.equal(readFileSync(join(dir, 'crm.manifest.base.json'), 'utf8'), text);
    const toStdout = await run(['pull', '--app', CRM_API.id, ...conn]);
    assert.equal(toStdout.code, 0);
    assert.equal(JSON.parse(toStdout.out).appId, CRM_API.appId);
  });

  it('pull → edit → plan (exit 2, JSON shape) → apply → plan (exit 0)', async () => {
    const m = readManifest();
    m.spa.redirectUris.push('https://crm.contoso.example/spa');
    writeManifest(m);
    const plan = await run(['plan', file(), '--format', 'json', ...conn]);
    assert.equal(plan.code, 2, plan.err);
    const json = JSON.parse(plan.out);
    assert.deepEqual(Object.keys(json), ['app', 'changes', 'requests', 'blocked']);
    assert.deepEqual(Object.keys(json.app), ['id', 'appId', 'displayName']);
    assert.deepEqual(json.changes, [
      {
        path: 'spa.redirectUris',
        op: 'add',
        before: null,
        after: 'https://crm.contoso.example/spa',
        summary: 'adds SPA redirect URI https://crm.contoso.example/spa',
      },
    ]);
    assert.deepEqual(json.requests, [{ method: 'PATCH', url: `/applications/${CRM_API.id}` }]);
    assert.deepEqual(json.blocked, []);
    emu.requests.clear();
    const applied = await run(['apply', file(), '--yes', ...conn]);
    assert.equal(applied.code, 0, applied.err);
    assert.match(applied.out, /Applied: 1 request sent/);
    assert.deepEqual(
      emu.requests
        .list()
        .filter((r) => r.kind === 'graph')
        .map((r) => r.method),
      ['GET', 'PATCH'],
    );
    assert.ok(app().spa.redirectUris.includes('https://crm.contoso.example/spa'));
    const again = await run(['plan', file(), ...conn]);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match(again.out, /No changes/);
  });

  it('removing an enabled app role is planned and applied as two PATCHes (disable first)', async () => {
    const m = readManifest();
    const removed = m.appRoles.pop();
    writeManifest(m);
    const plan = await run(['plan', file(), '--format', 'json', ...conn]);
    assert.equal(plan.code, 2, plan.err);
    const json = JSON.parse(plan.out);
    assert.equal(json.requests.length, 2);
    assert.deepEqual(
      json.changes.map((c: Json) => c.summary),
      [`removes app role ${removed.value}`],
    );
    const applied = await run(['apply', file(), '--yes', ...conn]);
    assert.equal(applied.code, 0, applied.err);
    assert.match(applied.out, /disable first: app role/);
    assert.equal(
      app().appRoles.some((r: Json) => r.id === removed.id),
      false,
    );
  });

  it('a property changed in the tenant since the pull stops apply with the three versions (exit 1)', async () => {
    const m = readManifest();
    m.displayName = 'CRM API (mine)';
    writeManifest(m);
    const baseName = app().displayName;
    app().displayName = 'CRM API (tenant)';
    emu.requests.clear();
    const applied = await run(['apply', file(), '--yes', ...conn]);
    assert.equal(applied.code, 1);
    assert.match(
      applied.err,
      /displayName\n\s+base:\s+"CRM API"\n\s+tenant:\s+"CRM API \(tenant\)"\n\s+mine:\s+"CRM API \(mine\)"/,
    );
    assert.equal(baseName, 'CRM API');
    assert.equal(app().displayName, 'CRM API (tenant)', 'nothing written');
    assert.equal(emu.requests.list().filter((r) => r.method === 'PATCH').length, 0);
    app().displayName = baseName;
  });

  it('a manifest rule error on the result blocks plan (exit 1) and apply', async () => {
    const m = readManifest();
    m.web.redirectUris.push('http://insecure.contoso.example/cb');
    writeManifest(m);
    const plan = await run(['plan', file(), '--format', 'json', ...conn]);
    assert.equal(plan.code, 1);
    const json = JSON.parse(plan.out);
    assert.ok(json.blocked.length > 0);
    assert.deepEqual(Object.keys(json.blocked[0]), ['ruleId', 'message']);
    const applied = await run(['apply', file(), '--yes', ...conn]);
    assert.equal(applied.code, 1);
    assert.equal(app().web.redirectUris.includes('http://insecure.contoso.example/cb'), false);
  });

  it('apply refuses without --yes when stdin is not a terminal', async () => {
    const m = readManifest();
    m.notes = 'not confirmed';
    writeManifest(m);
    const applied = await run(['apply', file(), ...conn]);
    assert.equal(applied.code, 1);
    assert.match(applied.err, /--yes/);
    assert.notEqual(app().notes, 'not confirmed');
  });

  it('secret add prints the value to stdout only; secret remove deletes it', async () => {
    const added = await run(['secret', 'add', '--app', CRM_API.appId, '--description', 'ci', '--days', '30', ...conn]);
    assert.equal(added.code, 0, added.err);
    const value = added.out.trim();
    assert.equal(added.out, `${value}\n`, 'stdout holds the value alone');
    const record = emu.tenant.secrets.find((s) => s.secretText === value);
    assert.ok(record, 'the tenant accepts the printed value');
    assert.equal(added.err.includes(value), false, 'the value is not on stderr');
    assert.match(added.err, new RegExp(record.keyId));
    const days = (Date.parse(record.endDateTime) - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30);
    const pulled = await run(['pull', '--app', CRM_API.appId, ...conn]);
    assert.equal(pulled.out.includes(value), false);
    const refused = await run(['secret', 'remove', '--app', CRM_API.appId, '--key-id', record.keyId, ...conn]);
    assert.equal(refused.code, 1, 'removing asks first; without a terminal it needs --yes');
    assert.match(refused.err, /--yes/);
    assert.ok(app().passwordCredentials.some((c: Json) => c.keyId === record.keyId));
    const removed = await run(['secret', 'remove', '--app', CRM_API.appId, '--key-id', record.keyId, '--yes', ...conn]);
    assert.equal(removed.code, 0, removed.err);
    assert.equal(removed.out, '');
    assert.equal(
      app().passwordCredentials.some((c: Json) => c.keyId === record.keyId),
      false,
    );
  });

  it('secret rotate adds the new secret while the old one lives, then removes the one named (--yes)', async () => {
    const first = await run(['secret', 'add', '--app', CRM_API.appId, '--description', 'old', ...conn]);
    assert.equal(first.code, 0, first.err);
    const old = emu.tenant.secrets.find((s) => s.secretText === first.out.trim())!;
    // Without a word on the old secret, nothing is written.
    const count = app().passwordCredentials.length;
    const vague = await run(['secret', 'rotate', '--app', CRM_API.appId, ...conn]);
    assert.equal(vague.code, 1);
    assert.match(vague.err, /--remove-old KEYID --yes, or --keep-old/);
    assert.match(vague.err, new RegExp(old.keyId));
    assert.equal(vague.out, '');
    assert.equal(app().passwordCredentials.length, count);
    const unconfirmed = await run(['secret', 'rotate', '--app', CRM_API.appId, '--remove-old', old.keyId, ...conn]);
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.err, /--yes/);
    assert.equal(app().passwordCredentials.length, count, 'nothing added without --yes');
    const wrong = await run(['secret', 'rotate', '--app', CRM_API.appId, '--remove-old', 'nope', '--yes', ...conn]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /no client secret with key id nope/);
    assert.equal(app().passwordCredentials.length, count);

    const rotated = await run([
      'secret',
      'rotate',
      '--app',
      CRM_API.appId,
      '--remove-old',
      old.keyId,
      '--yes',
      '--days',
      '90',
      ...conn,
    ]);
    assert.equal(rotated.code, 0, rotated.err);
    const value = rotated.out.trim();
    assert.equal(rotated.out, `${value}\n`, 'stdout holds the new value alone');
    assert.equal(rotated.err.includes(value), false);
    const fresh = emu.tenant.secrets.find((s) => s.secretText === value)!;
    assert.ok(fresh, 'the printed value is the new secret');
    assert.match(rotated.err, /Removed the client secret "old"/);
    const keyIds = app().passwordCredentials.map((c: Json) => c.keyId);
    assert.ok(keyIds.includes(fresh.keyId));
    assert.equal(keyIds.includes(old.keyId), false);
    const days = (Date.parse(fresh.endDateTime) - Date.now()) / 86_400_000;
    assert.ok(days > 89.9 && days <= 90);
    const order = emu.requests.entries.filter((r: Json) => /addPassword|removePassword/.test(r.path)).slice(-2);
    assert.deepEqual(
      order.map((r: Json) => r.path.split('/').pop()),
      ['addPassword', 'removePassword'],
      'the new secret exists before the old one goes',
    );

    const kept = await run(['secret', 'rotate', '--app', CRM_API.appId, '--keep-old', ...conn]);
    assert.equal(kept.code, 0, kept.err);
    assert.match(kept.err, new RegExp(`Kept .*${fresh.keyId}`));
    assert.ok(app().passwordCredentials.some((c: Json) => c.keyId === fresh.keyId));
  });

  it('secret rotate on a terminal asks about each old secret', async () => {
    const before = app().passwordCredentials.map((c: Json) => c.keyId);
    const asked: string[] = [];
    let out = '';
    const code = await main(['secret', 'rotate', '--app', CRM_API.appId, ...conn], {
      stdout: (t) => (out += t),
      stderr: () => undefined,
      readStdin: async () => '',
      interactive: true,
      confirm: async (q) => {
        asked.push(q);
        return true;
      },
    });
    assert.equal(code, 0);
    assert.equal(asked.length, before.length);
    assert.ok(asked.every((q) => /^Remove the client secret .*key id .*expires/.test(q)));
    const left = app().passwordCredentials.map((c: Json) => c.keyId);
    assert.equal(left.length, 1);
    assert.equal(emu.tenant.secrets.find((s) => s.keyId === left[0])?.secretText, out.trim());
  });

  it('cert add uploads a PEM certificate beside the existing one; a private key is refused; cert remove', async (t) => {
    if (spawnSync('openssl', ['version']).status !== 0) return t.skip('openssl is not installed');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
        '-days',
        '200',
        '-subj',
        '/CN=crm-api-2026',
      ],
      { stdio: 'ignore' },
    );
    const before = structuredClone(app().keyCredentials);
    assert.equal(before.length, 1);
    const refused = await run(['cert', 'add', '--app', CRM_API.appId, '--file', join(dir, 'k.pem'), '--yes', ...conn]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /private key/);
    const unconfirmed = await run(['cert', 'add', '--app', CRM_API.appId, '--file', join(dir, 'c.pem'), ...conn]);
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.out, /adds certificate crm-api-2026/);
    assert.match(unconfirmed.err, /--yes/);
    assert.deepEqual(app().keyCredentials, before);

    const from = emu.requests.entries.length;
    const added = await run(['cert', 'add', '--app', CRM_API.appId, '--file', join(dir, 'c.pem'), '--yes', ...conn]);
    assert.equal(added.code, 0, added.err);
    const creds = app().keyCredentials;
    assert.equal(creds.length, 2);
    assert.deepEqual(creds[0], before[0], 'the existing certificate is kept as it was, key included');
    const fp = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-fingerprint', '-sha1'], {
      encoding: 'utf8',
    });
    assert.equal(creds[1].customKeyIdentifier, fp.split('=')[1]!.trim().replace(/:/g, ''));
    assert.equal(creds[1].type, 'AsymmetricX509Cert');
    assert.equal(creds[1].usage, 'Verify');
    assert.deepEqual(
      emu.requests.entries
        .slice(from)
        .filter((r: Json) => r.method === 'PATCH')
        .map((r: Json) => r.status),
      [204],
    );
    const again = await run(['cert', 'add', '--app', CRM_API.appId, '--file', join(dir, 'c.pem'), '--yes', ...conn]);
    assert.equal(again.code, 1);
    assert.match(again.err, /already has this certificate/);

    const removed = await run(['cert', 'remove', '--app', CRM_API.appId, '--key-id', creds[1].keyId, '--yes', ...conn]);
    assert.equal(removed.code, 0, removed.err);
    assert.deepEqual(app().keyCredentials, before);
  });

  it('a read-only client can plan; its apply gets 403 naming Application.ReadWrite.All', async () => {
    const m = readManifest();
    m.notes = 'read-only attempt';
    writeManifest(m);
    signInAs(emu.config.clientId, emu.config.clientSecret);
    const plan = await run(['plan', file(), ...conn]);
    assert.equal(plan.code, 2, plan.err);
    const applied = await run(['apply', file(), '--yes', ...conn]);
    assert.equal(applied.code, 1);
    assert.match(applied.err, /needs Application\.ReadWrite\.All/);
    const secret = await run(['secret', 'add', '--app', CRM_API.appId, ...conn]);
    assert.equal(secret.code, 1);
    assert.equal(secret.out, '');
    assert.match(secret.err, /Application\.ReadWrite\.All/);
  });
});
