// Option parsing shared by every subcommand (node's parseArgs): unknown options, `--`, `-` for
// stdin, `--name=value`, repeatable and value-less options.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { parseOptions } from '../../src/cli/args';
import type { CliIo } from '../../src/cli/types';
import { NOW, unsigned, v2Delegated } from './token/helpers';

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  let reads = 0;
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: async () => {
      reads++;
      assert.equal(reads, 1, 'stdin is read once');
      return stdin;
    },
  };
  const code = await main(argv, io);
  return { code, out, err };
}

const manifest = JSON.stringify({ displayName: 'x', signInAudience: 'azureadmyorg', requiredResourceAccess: [] });
const token = unsigned({ typ: 'JWT', alg: 'RS256', kid: 'k1' }, v2Delegated({}), 'S'.repeat(342));
const nowIso = new Date(NOW).toISOString();
let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'entra-args-'));
  writeFileSync(join(dir, '--odd.json'), manifest);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('an unknown option exits 2 and names it, for every command', async () => {
  for (const [command, extra] of [
    ['lint', ['a.json']],
    ['decode', [token]],
    ['explain', ['AADSTS50011']],
    ['audit', []],
  ] as const) {
    const r = await run([command, '--bogus', ...extra]);
    assert.equal(r.code, 2, command);
    assert.match(r.err, new RegExp(`entra-workbench ${command}: unknown option --bogus`), command);
  }
  const short = await run(['decode', '-x', token]);
  assert.equal(short.code, 2);
  assert.match(short.err, /unknown option -x/);
});

test('a missing value, and a value given to a flag, exit 2 with the option named', async () => {
  const missing = await run(['lint', 'a.json', '--format']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /lint: --format needs a value/);
  const dash = await run(['decode', '--now', '-x']);
  assert.equal(dash.code, 2);
  assert.match(dash.err, /--now needs a value \(for a value starting with "-" write --now=…\)/);
  const flag = await run(['decode', '--json=yes', token]);
  assert.equal(flag.code, 2);
  assert.match(flag.err, /--json takes no value/);
});

test('-- ends the options: a file named like an option is linted', async () => {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const r = await run(['lint', '--format', 'json', '--', '--odd.json']);
    assert.equal(r.code, 1);
    const records = JSON.parse(r.out) as { file: string; ruleId: string }[];
    assert.deepEqual([...new Set(records.map((x) => x.file))], ['--odd.json']);
    const without = await run(['lint', '--odd.json']);
    assert.equal(without.code, 2);
    assert.match(without.err, /unknown option --odd\.json/);
  } finally {
    process.chdir(cwd);
  }
});

test('- reads stdin, for lint and decode; decode reads stdin without an argument too', async () => {
  const lint = await run(['lint', '--format=json', '-'], manifest);
  assert.equal(lint.code, 1);
  assert.equal((JSON.parse(lint.out) as { file: string }[])[0]!.file, '<stdin>');
  for (const args of [['-'], []]) {
    const decoded = await run(['decode', '--json', `--now=${nowIso}`, ...args], token);
    assert.equal(decoded.code, 0, args.join(' '));
    assert.equal((JSON.parse(decoded.out) as { summary: { kind: string } }).summary.kind, 'access');
  }
  const two = await run(['decode', token, token]);
  assert.equal(two.code, 2);
  assert.match(two.err, /give one token only/);
});

test('parseOptions: repeatable options keep their order; --name=value and --name value agree', () => {
  const spec = { audience: { type: 'string', multiple: true }, json: { type: 'boolean' } } as const;
  const a = parseOptions(['--audience', 'a', '--audience=b', '--json', 'x'], spec);
  assert.notEqual(typeof a, 'string');
  if (typeof a === 'string') return;
  assert.deepEqual(a.values.audience, ['a', 'b']);
  assert.equal(a.values.json, true);
  assert.deepEqual(a.positionals, ['x']);
  assert.equal(parseOptions(['x'], spec, false), 'unexpected argument x');
});
