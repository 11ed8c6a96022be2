import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { artifactUri, summary } from '../../../src/cli/lint';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/types';
import { rules } from '../../../src/core/manifest/rules';

let dir = '';
const files: Record<string, string> = {
  'clean.json': JSON.stringify(
    { displayName: 'Contoso', signInAudience: 'AzureADMyOrg', requiredResourceAccess: [] },
    null,
    2,
  ),
  'bad.json':
    '{\r\n  "displayName": "Contoso",\r\n  "signInAudience": "azureadmyorg",\r\n  "requiredResourceAccess": []\r\n}',
  'secret.json': JSON.stringify(
    {
      displayName: 'Contoso',
      signInAudience: 'AzureADMyOrg',
      requiredResourceAccess: [],
      passwordCredentials: [
        { keyId: '0b1c2d3e-0000-4000-8000-000000000001', displayName: 'ci', endDateTime: '2025-06-01T00:00:00Z' },
      ],
    },
    null,
    2,
  ),
  'package.json': '{"name":"x","version":"1.0.0"}',
};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'entra-lint-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => stdin };
  const code = await main(['lint', ...args], io);
  return { code, out, err };
}

test('text output: file:line:col severity ruleId message, 1-based; exit 1 on errors', async () => {
  const r = await run([join(dir, 'bad.json')]);
  assert.equal(r.code, 1);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /bad\.json:3:21 error schema-enum .*"AzureADMyOrg"/);
  assert.match(r.err, /1 problem \(1 error, 0 warnings\) in 1 file/);
});

test('exit 0 when there are no errors (warnings and notices do not fail the build)', async () => {
  const r = await run([join(dir, 'clean.json'), join(dir, 'package.json')]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /package\.json:1:1 info not-a-manifest/);
});

test('JSON output: records with file, format, ruleId, severity, message, pointer path and 0-based range', async () => {
  const r = await run(['--format', 'json', join(dir, 'bad.json'), join(dir, 'package.json')]);
  assert.equal(r.code, 1);
  const records = JSON.parse(r.out) as Record<string, unknown>[];
  assert.deepEqual(records[0], {
    file: records[0]!.file,
    format: 'graph',
    ruleId: 'schema-enum',
    severity: 'error',
    message: records[0]!.message,
    path: '/signInAudience',
    range: { start: { line: 2, character: 20 }, end: { line: 2, character: 34 } },
  });
  assert.match(String(records[0]!.file), /bad\.json$/);
  assert.deepEqual(records[1]!.path, '');
  assert.equal(records[1]!.format, 'not-manifest');
  assert.equal(r.err, '');
});

test('SARIF 2.1.0: rules with ids, help links and descriptions; results with level and 1-based regions', async () => {
  const r = await run(['--format=sarif', join(dir, 'bad.json'), join(dir, 'package.json')]);
  assert.equal(r.code, 1);
  interface SarifRule {
    id: string;
    shortDescription: { text: string };
    helpUri: string;
  }
  interface SarifResult {
    ruleId: string;
    ruleIndex: number;
    level: string;
    locations: { physicalLocation: { region: unknown; artifactLocation: { uri: string } } }[];
  }
  const log = JSON.parse(r.out) as {
    version: string;
    $schema: string;
    runs: { tool: { driver: { name: string; rules: SarifRule[] } }; results: SarifResult[] }[];
  };
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const driver = log.runs[0]!.tool.driver;
  assert.equal(driver.name, 'entra-workbench');
  const ruleIds = driver.rules.map((x) => x.id);
  assert.equal(new Set(ruleIds).size, ruleIds.length, 'rule ids are unique');
  for (const rule of driver.rules) {
    assert.ok(rule.shortDescription.text.length > 0, rule.id);
    assert.match(rule.helpUri, /^https:\/\//);
  }
  for (const rule of rules) assert.ok(ruleIds.includes(rule.id), `registry rule ${rule.id} is described`);
  const results = log.runs[0]!.results;
  assert.equal(results.length, 2);
  const enumResult = results[0]!;
  const notice = results[1]!;
  assert.equal(enumResult.ruleId, 'schema-enum');
  assert.equal(ruleIds[enumResult.ruleIndex], 'schema-enum');
  assert.equal(enumResult.level, 'error');
  assert.deepEqual(enumResult.locations[0]!.physicalLocation.region, {
    startLine: 3,
    startColumn: 21,
    endLine: 3,
    endColumn: 35,
  });
  assert.match(enumResult.locations[0]!.physicalLocation.artifactLocation.uri, /bad\.json$/);
  assert.equal(notice.level, 'note');
});

test('--now moves the clock of date rules', async (t) => {
  if (!rules.some((r) => r.id === 'credential-expiry')) return t.skip('credential-expiry is not in the rule registry');
  const before2025 = await run(['--format', 'json', '--now', '2025-01-01T00:00:00Z', join(dir, 'secret.json')]);
  const after2025 = await run(['--format', 'json', '--now', '2026-01-01T00:00:00Z', join(dir, 'secret.json')]);
  const ids = (out: string) => (JSON.parse(out) as { ruleId: string }[]).map((x) => x.ruleId);
  assert.ok(!ids(before2025.out).includes('credential-expiry'));
  assert.ok(ids(after2025.out).includes('credential-expiry'));
});

test('--catalog loads every Graph permission from a microsoft-info folder', async (t) => {
  const info = resolve(__dirname, '../../../../shared/data/microsoft-info');
  if (!existsSync(info)) return t.skip('../shared is absent: microsoft-info not available');
  const ok = await run(['--catalog', info, join(dir, 'clean.json')]);
  assert.equal(ok.code, 0);
  const bad = await run(['--catalog', join(dir, 'nowhere'), join(dir, 'clean.json')]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /cannot load the catalogue/);
});

test('usage errors and unreadable files exit 2 with a message', async () => {
  for (const args of [
    [],
    ['--format', 'xml', 'a.json'],
    ['--now', 'yesterday', 'a.json'],
    ['--bogus', 'a.json'],
    ['--catalog'],
  ]) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, /entra-workbench lint: /);
  }
  const missing = await run([join(dir, 'clean.json'), join(dir, 'missing.json')]);
  assert.equal(missing.code, 2);
  // Text: the unreadable file is an error line, and the summary says it was not read.
  assert.match(
    missing.out,
    /missing\.json:1:1 error file-unreadable Cannot read this file: there is no such file\. Check the path\./,
  );
  assert.match(missing.err, /^1 problem \(1 error, 0 warnings\) in 2 files; 1 file could not be read$/m);
  const directory = await run([dir]);
  assert.equal(directory.code, 2);
  assert.match(directory.out, /file-unreadable Cannot read this file: it is a folder/);
  // JSON and SARIF: a record / result, so no report of an unread file looks clean.
  const json = await run(['--format', 'json', join(dir, 'missing.json')]);
  assert.equal(json.code, 2);
  assert.match(json.err, /cannot read .*missing\.json \(ENOENT\)/);
  const records = JSON.parse(json.out) as {
    file: string;
    ruleId: string;
    severity: string;
    format: string;
    path: string;
    range: unknown;
  }[];
  assert.deepEqual(
    records.map((r) => [r.ruleId, r.severity, r.format, r.path, r.range]),
    [
      [
        'file-unreadable',
        'error',
        'not-manifest',
        '',
        { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      ],
    ],
  );
  const sarif = JSON.parse(
    (await run(['--format', 'sarif', join(dir, 'missing.json'), join(dir, 'clean.json')])).out,
  ) as { runs: { invocations: { executionSuccessful: boolean }[]; results: { ruleId: string; level: string }[] }[] };
  assert.deepEqual(sarif.runs[0]!.invocations, [{ executionSuccessful: false }]);
  assert.deepEqual(
    sarif.runs[0]!.results.map((r) => [r.ruleId, r.level]),
    [['file-unreadable', 'error']],
  );
  const ok = JSON.parse((await run(['--format', 'sarif', join(dir, 'clean.json')])).out) as {
    runs: { invocations: { executionSuccessful: boolean }[] }[];
  };
  assert.deepEqual(ok.runs[0]!.invocations, [{ executionSuccessful: true }]);
});

test('the text summary counts every severity', async () => {
  const rec = (severity: 'error' | 'warning' | 'info' | 'hint') => ({
    file: 'a',
    format: 'graph' as const,
    ruleId: 'x',
    severity,
    message: 'm',
    path: '',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  });
  assert.equal(summary([rec('info')], 1, 0), '1 problem (0 errors, 0 warnings, 1 info) in 1 file');
  assert.equal(
    summary([rec('error'), rec('warning'), rec('warning'), rec('hint'), rec('hint'), rec('info')], 3, 0),
    '6 problems (1 error, 2 warnings, 1 info, 2 hints) in 3 files',
  );
  assert.equal(summary([], 2, 0), '0 problems (0 errors, 0 warnings) in 2 files');
});

test('"-" reads the manifest from stdin', async () => {
  const r = await run(['--format', 'json', '-'], files['bad.json']);
  assert.equal(r.code, 1);
  assert.equal((JSON.parse(r.out) as { file: string }[])[0]!.file, '<stdin>');
});

test('lint --help prints the usage', async () => {
  const r = await run(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /--format text\|json\|sarif/);
});

test('a 2.5 MB manifest holding a secret fails the run (the secret check runs on big files)', async () => {
  const file = join(dir, 'big.manifest.json');
  writeFileSync(
    file,
    JSON.stringify({
      displayName: 'Contoso',
      signInAudience: 'AzureADMyOrg',
      requiredResourceAccess: [],
      notes: 'x'.repeat(2_500_000),
      passwordCredentials: [{ secretText: 'not-a-real-secret' }],
    }),
  );
  const r = await run(['--format', 'json', file]);
  assert.equal(r.code, 1);
  const ids = (JSON.parse(r.out) as { ruleId: string }[]).map((x) => x.ruleId);
  assert.ok(ids.includes('credential-secret-in-file'), ids.join());
  assert.ok(ids.includes('lint-limits'), ids.join());
});

test('SARIF artifact URIs percent-encode #, ? and spaces (relative reference, or a file: URI outside the folder)', async () => {
  assert.equal(artifactUri('apps/a b#c?.manifest.json'), 'apps/a%20b%23c%3F.manifest.json');
  assert.equal(artifactUri('<stdin>'), 'stdin');
  const outside = resolve(dir, 'x y#1.json');
  assert.match(artifactUri(outside), /^file:\/\/.*\/x%20y%231\.json$/);
  // A real file with such a name, when the file system allows '?'.
  const name = process.platform === 'win32' ? 'a b#c.manifest.json' : 'a b#c?.manifest.json';
  const sub = mkdtempSync(join(process.cwd(), 'test-results', 'sarif-'));
  try {
    writeFileSync(join(sub, name), files['bad.json']!);
    const r = await run(['--format', 'sarif', join(sub, name)]);
    const sarif = JSON.parse(r.out) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const uri = sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
    assert.ok(
      uri.endsWith(process.platform === 'win32' ? '/a%20b%23c.manifest.json' : '/a%20b%23c%3F.manifest.json'),
      uri,
    );
    assert.ok(!uri.includes('#') && !uri.includes('?') && !uri.includes(' '), uri);
  } finally {
    rmSync(sub, { recursive: true, force: true });
  }
});

test('lint - with empty stdin exits 2 with a message', async () => {
  for (const stdin of ['', '  \n']) {
    const r = await run(['-'], stdin);
    assert.equal(r.code, 2);
    assert.match(r.err, /stdin is empty/);
  }
});

test('a quoted glob is expanded (sorted); a glob matching nothing exits 2', async () => {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    writeFileSync(join(dir, 'glob.manifest.json'), files['bad.json']!);
    const r = await run(['--format', 'json', '*.manifest.json', 'b*.json']);
    // Files with findings appear in the records (clean.json, matched by neither, has none anyway).
    const names = [...new Set((JSON.parse(r.out) as { file: string }[]).map((x) => x.file))];
    assert.deepEqual(names, [
      ...(existsSync(join(dir, 'big.manifest.json')) ? ['big.manifest.json'] : []),
      'glob.manifest.json',
      'bad.json',
    ]);
    const text = await run(['*.json']);
    assert.match(text.err, new RegExp(`in ${readdirSync(dir).filter((n) => n.endsWith('.json')).length} files`));
    const none = await run(['apps/**/*.manifest.json']);
    assert.equal(none.code, 2);
    assert.match(none.err, /no file matches apps\/\*\*\/\*\.manifest\.json/);
  } finally {
    process.chdir(cwd);
  }
});

test('lint --format json --verdicts names the verdict of every file, clean ones too; comments fail the run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'entra-verdicts-'));
  try {
    const clean = join(dir, 'clean.manifest.json');
    const other = join(dir, 'package.json');
    writeFileSync(
      clean,
      JSON.stringify({ displayName: 'x', signInAudience: 'AzureADMyOrg', requiredResourceAccess: [] }),
    );
    writeFileSync(other, JSON.stringify({ name: 'pkg', version: '1.0.0' }));
    const r = await run(['--format', 'json', '--verdicts', clean, other]);
    assert.equal(r.code, 0);
    const records = JSON.parse(r.out) as { file: string; ruleId: string; format: string }[];
    const verdicts = records.filter((x) => x.ruleId === 'format-verdict').map((x) => x.format);
    assert.deepEqual(verdicts, ['graph', 'not-manifest']);
    const without = JSON.parse((await run(['--format', 'json', clean])).out) as unknown[];
    assert.deepEqual(without, [], 'without --verdicts a clean file has no record');
    const commented = join(dir, 'commented.manifest.json');
    writeFileSync(commented, '{\n  // note\n  "displayName": "x",\n  "signInAudience": "AzureADMyOrg"\n}');
    assert.equal((await run([commented])).code, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
