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

test("a reader that closes the pipe early ends the output quietly, with the command's exit code", async () => {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join, resolve } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'ew-cli-'));
  try {
    // Enough findings that the output is far larger than a pipe's buffer (one write per line).
    const uris = Array.from({ length: 2000 }, (_, i) => `http://app${i}.contoso.example/signin`);
    const file = join(dir, 'app.manifest.json');
    writeFileSync(
      file,
      JSON.stringify({ displayName: 'x', signInAudience: 'AzureADMyOrg', web: { redirectUris: uris } }, null, 2),
    );
    const main = resolve(__dirname, '../../src/cli/main.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'lint', '--format', 'json', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Read one chunk, then close our end, as `head -c` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    assert.equal(stderr, '', 'nothing on stderr');
    // The manifest has errors (http redirect URIs on web), so lint exits 1, as without the pipe.
    assert.equal(code, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
