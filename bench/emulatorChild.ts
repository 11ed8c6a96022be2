// The set-up the Graph benchmarks share: the parent starts the emulator's large:N tenant with a
// latency per Graph request and runs the same script again as a child process that trusts the
// emulator's CA from its start; the child measures through the real clients and prints one JSON
// line last.
import { ClientSecretCredential } from '@azure/identity';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { getCloud, graphDefaultScope } from '../src/core/entra/clouds';
import { GraphAccess } from '../src/io/graph/client';
import { ensureServerFiles } from '../test/emulator/ca';
import { defaultCaDir, startEmulator, type EmulatorConfig } from '../test/emulator/index';

const repoRoot = path.resolve(__dirname, '..');
const childEnv = 'ENTRA_BENCH_CHILD';

export interface ChildRun {
  /** Lines the child printed before its last. */
  readonly lines: string[];
  /** The child's last line (its JSON result). */
  readonly last: string;
}

/** Starts the emulator, runs `script` (a path under bench/) as the child, stops the emulator. */
export async function runChild(
  script: string,
  options: { apps: number; latencyMs: number; exposeGc?: boolean },
): Promise<ChildRun> {
  const caDir = defaultCaDir();
  const files = ensureServerFiles(caDir);
  const emu = await startEmulator({
    scenario: `large:${options.apps}`,
    port: 0,
    latencyMs: options.latencyMs,
    caDir,
  });
  try {
    const child = spawn(
      process.execPath,
      [...(options.exposeGc ? ['--expose-gc'] : []), '--import', 'tsx', path.join(repoRoot, script)],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          NODE_EXTRA_CA_CERTS: files.caCertPath,
          ENTRA_EMULATOR_CA_DIR: caDir,
          [childEnv]: JSON.stringify(emu.config),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const lines = out.trim().split('\n');
    const last = lines.pop() ?? '';
    if (code !== 0) {
      throw new Error(`bench child exited with ${code}: ${last}`);
    }
    return { lines, last };
  } finally {
    await emu.close();
  }
}

/** Runs `child` with the emulator's config in the child process, else `parent`; exits 1 on an error. */
export function benchMain(parent: () => Promise<void>, child: (config: EmulatorConfig) => Promise<void>): void {
  const config = process.env[childEnv];
  (config ? child(JSON.parse(config) as EmulatorConfig) : parent()).catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  });
}

/** A Graph client in the child, signed in with a client secret (the emulator's own app by default). */
export async function signedInGraph(
  config: EmulatorConfig,
  options: { client?: { id: string; secret: string }; onRequest?: () => void } = {},
): Promise<GraphAccess> {
  const cloud = getCloud('Custom', { authorityHost: config.authorityHost, graphBaseUrl: config.graphBaseUrl });
  const client = options.client ?? { id: config.clientId, secret: config.clientSecret };
  const credential = new ClientSecretCredential(config.tenantId, client.id, client.secret, {
    authorityHost: cloud.authorityHost,
    disableInstanceDiscovery: true,
  });
  const scopes = [graphDefaultScope(cloud)];
  const graph = new GraphAccess({
    credential,
    cloud,
    scopes,
    permissionType: 'application',
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  });
  // Sign in first, so what the benchmark counts are Graph requests only.
  await credential.getToken(scopes);
  return graph;
}
