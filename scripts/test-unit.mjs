#!/usr/bin/env node
// Runs the plain-Node unit tests (test/unit/**/*.test.ts) with node:test through tsx.
// Prints node's spec output and, as its last line, "unit: N passed, N failed, N skipped".
// Exit code 1 when any test fails. Optional arguments filter test files by substring.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
// A filter may also be given as a path (test/unit/cli.test.ts).
const filters = process.argv.slice(2).map((x) => x.replace(/\\/g, '/').replace(/^(\.\/)?test\/unit\//, ''));
const files = readdirSync(join(root, 'test/unit'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()
  .map((f) => join('test/unit', f));
if (files.length === 0) {
  // Without files, node --test would search the whole repository.
  console.error(`unit: no test file under test/unit matches ${filters.map((x) => JSON.stringify(x)).join(' or ')}`);
  process.exit(1);
}

mkdirSync(join(root, 'test-results'), { recursive: true });
const tap = join(root, 'test-results', `unit-${process.pid}.tap`);
// The tenant emulator's throw-away CA: made once here, trusted by every test process (Node reads
// NODE_EXTRA_CA_CERTS only at start) and reused by in-process emulators through ENTRA_EMULATOR_CA_DIR.
const caDir = join(root, 'test-results', 'emulator-ca');
const ca = spawnSync(process.execPath, ['--import', 'tsx', 'test/emulator/ca.ts', caDir], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, NODE_OPTIONS: '' },
});
if (ca.status !== 0) {
  console.error(`emulator CA: ${ca.stderr || ca.error}`);
  process.exit(1);
}
const emulatorEnv = { NODE_EXTRA_CA_CERTS: ca.stdout.trim(), ENTRA_EMULATOR_CA_DIR: caDir };
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...emulatorEnv, NODE_OPTIONS: '' } },
);
const text = readFileSync(tap, 'utf8');
rmSync(tap, { force: true });
const count = (name) => Number((text.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
const passed = count('pass');
const failed = count('fail') + count('cancelled');
const skipped = count('skipped') + count('todo');
console.log(`unit: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
