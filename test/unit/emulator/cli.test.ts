// `npm run tenant`: the first stdout line is the JSON config; the process serves until SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { ClientSecretCredential } from '@azure/identity';
import { requireTrustedCa, type Json } from './helpers';

const repoRoot = resolve(__dirname, '../../..');

async function startCli(
  args: string[],
): Promise<{ config: Json; ms: number; child: ReturnType<typeof spawn>; firstLine: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/emulator/main.ts', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [firstLine] = (await once(lines, 'line')) as [string];
  return { config: JSON.parse(firstLine) as Json, ms: performance.now() - started, child, firstLine };
}

async function stop(child: ReturnType<typeof spawn>): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}

describe('npm run tenant', () => {
  it('prints exactly one JSON object first, serves the scenario, exits cleanly on SIGTERM', async (t) => {
    requireTrustedCa();
    const { config, ms, child, firstLine } = await startCli(['--scenario', 'sample', '--port', '0']);
    try {
      t.diagnostic(`sample: process start to JSON line ${ms.toFixed(0)} ms`);
      assert.deepEqual(Object.keys(config).sort(), [
        'authorityHost',
        'caCertPath',
        'clientId',
        'clientSecret',
        'graphBaseUrl',
        'tenantId',
      ]);
      assert.equal(firstLine.trim(), JSON.stringify(config));
      assert.match(config.authorityHost, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(config.graphBaseUrl, `${config.authorityHost}/v1.0`);
      const credential = new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret, {
        authorityHost: config.authorityHost,
        disableInstanceDiscovery: true,
      });
      const token = await credential.getToken('https://graph.microsoft.com/.default');
      const res = await fetch(`${config.graphBaseUrl}/applications?$top=1`, {
        headers: { authorization: `Bearer ${token.token}` },
      });
      assert.equal(res.status, 200);
    } finally {
      assert.equal(await stop(child), 0);
    }
  });

  it('starts large:10000 with --latency and reports its startup time', async (t) => {
    const { config, ms, child } = await startCli(['--scenario', 'large:10000', '--latency', '50']);
    try {
      t.diagnostic(`large:10000: process start to JSON line ${ms.toFixed(0)} ms`);
      const token = (await (
        await fetch(`${config.authorityHost}/${config.tenantId}/oauth2/v2.0/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: config.clientId,
            client_secret: config.clientSecret,
            scope: 'https://graph.microsoft.com/.default',
          }).toString(),
        })
      ).json()) as Json;
      const started = Date.now();
      const count = await fetch(`${config.graphBaseUrl}/applications/$count`, {
        headers: { authorization: `Bearer ${token.access_token}`, ConsistencyLevel: 'eventual' },
      });
      assert.equal(await count.text(), '10000');
      assert.ok(Date.now() - started >= 45, 'latency option applies');
    } finally {
      assert.equal(await stop(child), 0);
    }
  });

  it('rejects bad arguments', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/emulator/main.ts', '--port', 'abc'], {
      cwd: repoRoot,
      stdio: 'ignore',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 2);
  });
});
