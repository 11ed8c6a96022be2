import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/main';
import { version } from '../../src/core/version';
import type { CliIo } from '../../src/cli/types';

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => '' },
    out: () => out,
    err: () => err,
  };
}

test('--version prints the package version', async () => {
  const c = capture();
  assert.equal(await main(['--version'], c.io), 0);
  assert.equal(c.out(), `${version}\n`);
  assert.match(version, /^\d+\.\d+\.\d+/);
});

test('no arguments prints help with usage', async () => {
  const c = capture();
  assert.equal(await main([], c.io), 0);
  assert.match(c.out(), /Usage: entra-workbench <command>/);
});

test('an unknown command exits 2 and says how to get help', async () => {
  const c = capture();
  assert.equal(await main(['frobnicate'], c.io), 2);
  assert.match(c.err(), /unknown command 'frobnicate'.*--help/);
});
