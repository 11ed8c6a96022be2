// `npm run tenant -- --scenario <name> [--port N] [--latency MS] [--ca-dir DIR]`
// Starts the tenant emulator; the first stdout line is one JSON object
// {"authorityHost","graphBaseUrl","tenantId","clientId","clientSecret","caCertPath"}; then it serves
// until SIGINT/SIGTERM. Clients in other processes must trust caCertPath (NODE_EXTRA_CA_CERTS).
import { parseArgs } from 'node:util';
import { startEmulator } from './index.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'sample' },
    port: { type: 'string', default: '0' },
    latency: { type: 'string', default: '0' },
    'ca-dir': { type: 'string' },
  },
});

const port = Number(values.port);
const latencyMs = Number(values.latency);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isFinite(latencyMs) || latencyMs < 0) {
  console.error(
    'usage: npm run tenant -- --scenario <sample|large:N|file.json> [--port N] [--latency MS] [--ca-dir DIR]',
  );
  process.exit(2);
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    scenario: values.scenario,
    port,
    latencyMs,
    ...(values['ca-dir'] ? { caDir: values['ca-dir'] } : {}),
  });
  process.stdout.write(`${JSON.stringify(emulator.config)}\n`);
  console.error(
    `tenant emulator: scenario ${values.scenario}, ${emulator.tenant.applications.length} applications, listening on ${emulator.origin} (Ctrl+C to stop)`,
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.error(`tenant emulator: ${signal}, closing`);
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`tenant emulator: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
