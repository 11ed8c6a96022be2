// `entra-workbench audit` against the in-process emulator (client credentials from environment
// variables, as DefaultAzureCredential reads them in CI).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { startEmulator, type Emulator } from '../../emulator/index';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), readStdin: async () => '' },
  };
}

describe('entra-workbench audit', () => {
  let emu: Emulator;
  let args: string[];
  before(async () => {
    emu = await startEmulator({ scenario: 'sample', port: 0, latencyMs: 0 });
    Object.assign(process.env, {
      AZURE_CLIENT_ID: emu.config.clientId,
      AZURE_CLIENT_SECRET: emu.config.clientSecret,
      AZURE_TENANT_ID: emu.config.tenantId,
      AZURE_AUTHORITY_HOST: emu.config.authorityHost,
    });
    args = ['audit', '--graph-base-url', emu.config.graphBaseUrl];
  });
  after(() => emu.close());

  it('text: one line per finding, summary on stderr, exit 1 on errors', async () => {
    const t = io();
    const code = await main([...args], t.io);
    assert.equal(code, 1, t.err.join(''));
    const text = t.out.join('');
    assert.match(
      text,
      /^error audit-redirect-uri-tunnel ClientApp \(multi-tenant\) \(c1000000-0000-4000-8000-000000000006\) \/web\/redirectUris\/2: /m,
    );
    assert.match(t.err.join(''), /\d+ findings: /);
  });

  it('json with --rules and --fail-on warning', async () => {
    const t = io();
    const code = await main([...args, '--format', 'json', '--rules', 'audit-no-owners', '--fail-on', 'warning'], t.io);
    assert.equal(code, 1);
    const findings = JSON.parse(t.out.join('')) as { ruleId: string; displayName: string }[];
    assert.ok(findings.length > 0 && findings.every((f) => f.ruleId === 'audit-no-owners'));
    const t2 = io();
    assert.equal(
      await main([...args, '--format', 'json', '--rules', 'audit-no-owners'], t2.io),
      0,
      'warnings do not fail by default',
    );
  });

  it('sarif: 2.1.0 shape, locations name the app', async () => {
    const t = io();
    await main([...args, '--format', 'sarif'], t.io);
    const log = JSON.parse(t.out.join('')) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0]!;
    for (const r of run.results) {
      assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId);
      assert.match(
        r.locations[0]!.physicalLocation.artifactLocation.uri,
        new RegExp(`^entra://${emu.config.tenantId}/applications/[0-9a-f-]+#/`),
      );
    }
    assert.ok(
      run.results.some((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.endsWith('#/web/redirectUris/2')),
    );
  });

  it('csv and html escape what comes from the tenant', async () => {
    const app = emu.tenant.applications.find((a) => a.displayName === 'ClientApp (multi-tenant)')!;
    const before = app.displayName;
    app.displayName = '=cmd|<script>alert(1)</script>, "x"';
    try {
      const csv = io();
      await main([...args, '--format', 'csv', '--rules', 'audit-multitenant-unverified'], csv.io);
      assert.ok(csv.out.join('').includes(`"'=cmd|<script>alert(1)</script>, ""x"""`), csv.out.join(''));
      const html = io();
      await main([...args, '--format', 'html'], html.io);
      const page = html.out.join('');
      assert.ok(!page.includes('<script>'));
      assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.match(page, /<h2>By rule and severity<\/h2>/);
    } finally {
      app.displayName = before;
    }
  });

  it('baseline: new, fixed and unchanged; only new findings fail the run', async () => {
    const first = io();
    await main([...args, '--format', 'json'], first.io);
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const file = join(dir, 'previous.json');
    const previous = JSON.parse(first.out.join('')) as { ruleId: string }[];
    // Pretend one tunnel finding was already fixed before, and one old finding disappeared.
    const withoutTunnel = previous.filter((f) => f.ruleId !== 'audit-redirect-uri-tunnel');
    writeFileSync(
      file,
      JSON.stringify([
        ...withoutTunnel,
        {
          ruleId: 'audit-no-owners',
          severity: 'warning',
          appId: 'x',
          objectId: 'gone',
          displayName: 'Deleted app',
          path: '',
          message: 'm',
        },
      ]),
    );
    const t = io();
    const code = await main([...args, '--format', 'json', '--baseline', file], t.io);
    const diff = JSON.parse(t.out.join('')) as {
      new: { ruleId: string }[];
      fixed: { objectId: string }[];
      unchanged: number;
    };
    assert.deepEqual(
      diff.new.map((f) => f.ruleId),
      ['audit-redirect-uri-tunnel'],
    );
    assert.deepEqual(
      diff.fixed.map((f) => f.objectId),
      ['gone'],
    );
    assert.equal(diff.unchanged, withoutTunnel.length);
    assert.equal(code, 1);
    writeFileSync(file, first.out.join(''));
    assert.equal(await main([...args, '--baseline', file], io().io), 0, 'nothing new');
  });

  it('bad usage exits 2', async () => {
    for (const bad of [['--format', 'xml'], ['--rules', 'nope'], ['--fail-on', 'info'], ['--unknown']]) {
      const t = io();
      assert.equal(await main(['audit', ...bad], t.io), 2, bad.join(' '));
    }
  });
});
