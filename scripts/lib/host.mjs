// Shared helpers for the in-host suite, the browser checks and the sandbox: free ports, the
// tenant emulator as a child process, code-server with the packaged extension, and Chromium.
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { codeServerBin, install as installHost } from '../install-vscode-host.mjs';

export const root = resolve(fileURLToPath(import.meta.url), '../../..');
export const extensionId = 'entra-workbench.entra-workbench';

export function chromiumLaunchOptions() {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: apt-get install chromium (or set CHROMIUM_PATH)`);
  }
  return {
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  };
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A fresh folder under .vscode-test/runs for one run's user data, extensions and logs. */
export function makeRunDir(kind) {
  const dir = join(root, '.vscode-test', 'runs', `${kind}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Errors our extension caused, from the log files of a code-server user-data-dir (the extension
 * host's remoteexthost.log, output channels…): every `[error]` entry (its line and the indented
 * stack lines after it) that names the extension id, e.g. "[entra-workbench.entra-workbench]
 * provider FAILED" or a stack frame in .../entra-workbench.entra-workbench-0.1.0/dist/extension.js.
 * Errors of VS Code itself or of other extensions do not name it and are left alone.
 * Returns [{ file, text }] with the file relative to the logs folder.
 */
export function extensionErrorsInLogs(userDataDir, id = extensionId) {
  const logsDir = join(userDataDir, 'logs');
  if (!existsSync(logsDir)) return [];
  const files = readdirSync(logsDir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.log'))
    .sort();
  const found = [];
  for (const file of files) {
    let entry;
    const flush = () => {
      if (entry?.error && entry.lines.some((l) => l.includes(id))) found.push({ file, text: entry.lines.join('\n') });
    };
    for (const line of readFileSync(join(logsDir, file), 'utf8').split(/\r?\n/)) {
      // An entry starts with a timestamp ("2026-01-01 10:00:00.000 [error] …"); other lines continue it.
      if (/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d/.test(line)) {
        flush();
        entry = { error: /^\S+ \S+ \[error\]/.test(line), lines: [line] };
      } else if (entry) entry.lines.push(line);
    }
    flush();
  }
  return found;
}

/** Runs cleanup steps last-in first-out, each best effort, and empties the list. */
export async function runCleanups(cleanups) {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch {
      // best effort: the next step still runs
    }
  }
}

/** Starts the tenant emulator as a child process when the project has it; resolves its JSON config. */
/** `caDir` keeps the run's test CA private, so no other process can replace it mid-run. */
export async function startEmulator({ scenario = 'sample', latencyMs, caDir, log = () => {} } = {}) {
  const main = join(root, 'test', 'emulator', 'main.ts');
  if (!existsSync(main)) return undefined;
  const args = ['--import', 'tsx', main, '--scenario', scenario, '--port', '0'];
  if (latencyMs) args.push('--latency', String(latencyMs));
  if (caDir) args.push('--ca-dir', caDir);
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const started = Date.now();
  const lines = createInterface({ input: child.stdout });
  child.stderr.on('data', (d) => log(`[emulator] ${String(d).trimEnd()}`));
  const config = await new Promise((resolveConfig, reject) => {
    const timer = setTimeout(
      () => reject(new Error('tenant emulator did not print its configuration within 30 s')),
      30_000,
    );
    child.once('exit', (code) => reject(new Error(`tenant emulator exited with code ${code} before it was ready`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolveConfig(JSON.parse(line));
      } catch {
        reject(new Error(`tenant emulator printed no JSON configuration: ${line.slice(0, 200)}`));
      }
    });
  });
  lines.on('line', (line) => log(`[emulator] ${line}`));
  return { config, startupMs: Date.now() - started, stop: () => stopChild(child) };
}

function stopChild(child) {
  return new Promise((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/** Installs code-server if needed, installs the .vsix into a run's extension folder, and returns its installed path. */
export function installExtension({ vsix, runDir, id = extensionId }) {
  installHost();
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  execFileSync(
    codeServerBin,
    ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const installed = readdirSync(extensionsDir).find((d) => d.startsWith(`${id}-`));
  if (!installed) throw new Error(`the packaged extension was not installed into ${extensionsDir}`);
  return { userDataDir, extensionsDir, extensionPath: join(extensionsDir, installed) };
}

/**
 * A language pack for `locale` that translates nothing of VS Code itself: the workbench only
 * switches its display language (and so the extension host's vscode.env.language, which picks
 * l10n/bundle.l10n.<locale>.json and package.nls.<locale>.json) when a pack for it is installed.
 */
export function languagePackVsix({ locale, runDir }) {
  const dir = join(runDir, `language-pack-${locale}`);
  mkdirSync(join(dir, 'translations'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: `lp-${locale}`,
      displayName: `Test display language ${locale}`,
      description: 'Empty language pack for tests',
      publisher: 'entra-workbench',
      version: '0.0.1',
      license: 'MIT',
      engines: { vscode: '^1.100.0' },
      categories: ['Language Packs'],
      contributes: {
        localizations: [
          {
            languageId: locale,
            languageName: locale,
            localizedLanguageName: locale,
            translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
          },
        ],
      },
    }),
  );
  writeFileSync(join(dir, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(join(dir, 'LICENSE'), 'MIT');
  writeFileSync(join(dir, 'README.md'), 'Empty language pack for tests.');
  const out = join(runDir, `lp-${locale}.vsix`);
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', out], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out;
}

/**
 * Lists an installed language pack in the user data's languagepacks.json, which the server reads
 * when it resolves the display language (it writes the file itself only when the UI asks for the
 * available languages).
 */
export function registerLanguagePack({ userDataDir, locale, packPath }) {
  const id = `entra-workbench.lp-${locale}`;
  const entry = {
    hash: createHash('md5').update(`${id}@0.0.1`).digest('hex'),
    extensions: [{ extensionIdentifier: { id }, version: '0.0.1' }],
    translations: { vscode: join(packPath, 'translations', 'main.i18n.json') },
    label: locale,
  };
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify({ [locale]: entry }));
}

/** Writes the user settings of a run (editor chrome quietened; extra settings merged in). */
export function writeUserSettings(userDataDir, extra = {}) {
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    // VS Code's network patch replaces Node's CA list with the system's certificates, which drops
    // the emulator's test CA given through NODE_EXTRA_CA_CERTS.
    'http.systemCertificates': false,
    ...extra,
  };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

/** Starts code-server on 127.0.0.1 and resolves once it answers HTTP. */
export async function startCodeServer({ userDataDir, extensionsDir, folder, env = {}, port, locale, log = () => {} }) {
  const listenPort = port ?? (await freePort());
  const args = [
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${listenPort}`,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(locale ? ['--locale', locale] : []),
    folder,
  ];
  const child = spawn(codeServerBin, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const onData = (d) => {
    const text = String(d);
    output.push(text);
    log(text.trimEnd());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const url = `http://127.0.0.1:${listenPort}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited early:\n${output.join('')}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('code-server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port: listenPort, output, child, stop: () => stopChild(child) };
}

/** The URL that opens a folder, optionally with a development extension and a test suite (remote URIs). */
export function workbenchUrl({ url, port, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const params = new URLSearchParams({ folder });
  if (extensionDevelopmentPath) {
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
    if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
    params.set('payload', JSON.stringify(payload));
  }
  return `${url}/?${params.toString()}`;
}

/** Settings that point the extension at a running tenant emulator. */
export function emulatorSettings(config) {
  if (!config) return {};
  return {
    'entra.cloud': 'Custom',
    'entra.customCloud.authorityHost': config.authorityHost,
    'entra.customCloud.graphBaseUrl': config.graphBaseUrl,
    'entra.signIn.method': 'clientSecret',
    'entra.signIn.clientId': config.clientId,
    'entra.tenants': [config.tenantId],
    ...emulatorTrustSettings(config),
  };
}

/**
 * The emulator serves https on 127.0.0.1: token verification takes its keys only when it is
 * trusted explicitly (entra.token.trustedIssuers).
 */
export function emulatorTrustSettings(config) {
  return config ? { 'entra.token.trustedIssuers': [config.authorityHost] } : {};
}
