#!/usr/bin/env node
// `npm run sandbox`: builds and packages the extension, starts the local tenant emulator with the
// `sample` scenario, and serves VS Code for the Web (code-server) on 127.0.0.1 with the packaged
// extension installed and configured for that tenant. Prints the URL; Ctrl+C stops everything.
// It also builds dist/ (the command-line tool dist/cli.js works right after). Options: --port N
// (default 8080, or a free one when taken), --scenario NAME (default sample), --reset (put the
// sample workspace back: code-server saves edits automatically, so experiments change it).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { codeServerBin } from './install-vscode-host.mjs';
import { packageExtension } from './package.mjs';
import {
  emulatorSettings,
  freePort,
  runCleanups,
  installExtension,
  root,
  startCodeServer,
  startEmulator,
  writeUserSettings,
} from './lib/host.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const scenario = option('--scenario', 'sample');
let port = Number(option('--port', process.env.PORT ?? '8080'));
const reset = args.includes('--reset');

const sandboxDir = join(root, '.vscode-test', 'sandbox');
const cleanups = [];
async function stopAll(code = 0) {
  await runCleanups(cleanups);
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  console.log('[sandbox] building the extension and the command-line tool (dist/), and packaging…');
  // dist/ in the checkout: `node dist/cli.js …` works right after (the package is built apart).
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(join(sandboxDir, 'extensions'), { recursive: true, force: true });
  mkdirSync(sandboxDir, { recursive: true });
  const { path: vsix, bytes } = packageExtension({ out: join(sandboxDir, 'entra-workbench.vsix'), log: () => {} });
  const firstRun = !existsSync(codeServerBin);
  console.log(
    `[sandbox] packaged ${(bytes / 1024).toFixed(1)} KB; ${firstRun ? 'installing VS Code for the Web (first run: downloads code-server from npm, about a minute)…' : 'installing it into VS Code for the Web…'}`,
  );
  const { userDataDir, extensionsDir } = installExtension({ vsix, runDir: sandboxDir });

  const emulator = await startEmulator({ scenario, caDir: join(sandboxDir, 'ca'), log: (line) => console.log(line) });
  if (emulator) {
    cleanups.push(emulator.stop);
    console.log(
      `[sandbox] tenant emulator (${scenario}) ready in ${emulator.startupMs} ms: tenant ${emulator.config.tenantId}`,
    );
    // The emulated Microsoft Graph service principal lists every Graph permission only when the
    // microsoft-info data set sits beside this checkout (test/emulator/scenario.ts reads it).
    if (!existsSync(join(root, '..', 'shared', 'data', 'microsoft-info', 'GraphAppRoles.json'))) {
      console.log(
        "[sandbox] note: the emulated tenant's Microsoft Graph lists only a few permissions, so a manifest that requests other Graph permissions shows rra-unknown-permission while signed in to it.",
      );
    }
  }
  writeUserSettings(userDataDir, {
    ...emulatorSettings(emulator?.config),
    'workbench.colorTheme': 'Default Dark Modern',
  });

  // A workspace of its own with sample manifests and tokens to open.
  const workspace = join(sandboxDir, 'workspace');
  if (reset && existsSync(workspace)) {
    rmSync(workspace, { recursive: true, force: true });
    console.log('[sandbox] --reset: the sample workspace is restored');
  }
  if (!existsSync(workspace)) {
    cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  }
  // The getting-started walkthrough opens on first start only with --walkthrough (Entra: Get Started… opens it any time).
  const walkthrough = args.includes('--walkthrough') ? {} : { ENTRA_WORKBENCH_WALKTHROUGH: 'off' };
  const env = emulator
    ? {
        ...walkthrough,
        NODE_EXTRA_CA_CERTS: emulator.config.caCertPath,
        ENTRA_WORKBENCH_CLIENT_SECRET: emulator.config.clientSecret,
      }
    : walkthrough;
  try {
    const probe = await freePort();
    if (!Number.isFinite(port) || port <= 0) port = probe;
  } catch {
    // keep the requested port
  }
  let server;
  try {
    server = await startCodeServer({ userDataDir, extensionsDir, folder: workspace, env, port });
  } catch {
    port = await freePort();
    server = await startCodeServer({ userDataDir, extensionsDir, folder: workspace, env, port });
  }
  cleanups.push(server.stop);
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  console.log('');
  console.log(`  Entra Workbench sandbox is ready: ${url}`);
  if (emulator) {
    console.log(
      `  Tenant: ${emulator.config.tenantId} (local emulator, scenario "${scenario}"), signed in with its test client.`,
    );
  }
  console.log('  Open the Entra icon in the activity bar; Ctrl+C stops the sandbox.');
  console.log(
    `  Command line: node dist/cli.js --help. Edits to the sample workspace are saved; npm run sandbox -- --reset restores it.`,
  );
  console.log('');
  await new Promise(() => {});
} catch (err) {
  console.error(`[sandbox] ${err instanceof Error ? err.message : String(err)}`);
  await stopAll(1);
}
