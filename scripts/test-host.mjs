#!/usr/bin/env node
// The in-host layer: packages the extension, installs the .vsix into code-server (VS Code 1.100.3),
// starts the tenant emulator, and runs test/integration inside the real extension host.
// Usage: node scripts/test-host.mjs [--grep <pattern>] [--keep] [--verbose] [--bench]
// (--bench also loads test/integration/*.bench.ts, the in-host measurements of `npm run bench:panel`)
// After the tests, the extension host's logs are scanned: an [error] entry naming the extension
// counts as one more failed test (printed with its stack).
// Last line: "host: N passed, N failed, N skipped". Exit code 1 on any failure.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { packageExtension } from './package.mjs';
import {
  chromiumLaunchOptions,
  emulatorSettings,
  emulatorTrustSettings,
  extensionErrorsInLogs,
  installExtension,
  makeRunDir,
  root,
  startCodeServer,
  startEmulator,
  workbenchUrl,
  writeUserSettings,
  runCleanups,
} from './lib/host.mjs';

const args = process.argv.slice(2);
const grepIndex = args.indexOf('--grep');
const grep = grepIndex >= 0 ? args[grepIndex + 1] : undefined;
const keep = args.includes('--keep');
const bench = args.includes('--bench');
const verbose = args.includes('--verbose') || process.env.ENTRA_TEST_VERBOSE === '1';
const timeoutMs = Number(process.env.ENTRA_HOST_TIMEOUT_MS ?? 10 * 60_000);

const runDir = makeRunDir('host');
const cleanups = [];
let exitCode = 1;
let counts = { passed: 0, failed: 0, pending: 0 };

async function main() {
  const t0 = Date.now();
  const { path: vsix, bytes } = packageExtension({ out: join(runDir, 'entra-workbench.vsix'), log: () => {} });
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--out-root', runDir], { stdio: 'inherit' });
  const { userDataDir, extensionsDir, extensionPath } = installExtension({ vsix, runDir });
  console.log(
    `[host] packaged ${(bytes / 1024).toFixed(1)} KB and installed at ${extensionPath} (${Date.now() - t0} ms)`,
  );

  const emulator = await startEmulator({
    scenario: 'sample',
    caDir: join(runDir, 'ca'),
    log: verbose ? console.log : () => {},
  });
  if (emulator) {
    cleanups.push(emulator.stop);
    console.log(
      `[host] tenant emulator (sample) ready in ${emulator.startupMs} ms at ${emulator.config.authorityHost}`,
    );
  } else {
    console.log('[host] no tenant emulator in this checkout; tests that need it skip');
  }
  // Suites point the extension at the emulator themselves; verifying its tokens needs it trusted.
  // Tests edit the fixture workspace in place and revert; code-server would otherwise save their edits.
  writeUserSettings(userDataDir, { ...emulatorTrustSettings(emulator?.config), 'files.autoSave': 'off' });

  const resultsPath = join(runDir, 'results.json');
  const metricsPath = join(runDir, 'metrics.json');
  const env = {
    ENTRA_TEST_RESULTS: resultsPath,
    ENTRA_TEST_METRICS: metricsPath,
    VSCODE_RUNNING_TESTS: '1',
    ...(grep ? { ENTRA_TEST_GREP: grep } : {}),
    ...(bench ? { ENTRA_TEST_BENCH: '1' } : {}),
    ...(emulator
      ? { ENTRA_TEST_EMULATOR: JSON.stringify(emulator.config), NODE_EXTRA_CA_CERTS: emulator.config.caCertPath }
      : {}),
  };
  const folder = join(root, 'test', 'fixtures', 'workspace');
  const server = await startCodeServer({
    userDataDir,
    extensionsDir,
    folder,
    env,
    log: verbose ? console.log : () => {},
  });
  cleanups.push(server.stop);

  const browser = await chromium.launch(chromiumLaunchOptions());
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const url = workbenchUrl({
    url: server.url,
    port: server.port,
    folder,
    extensionDevelopmentPath: extensionPath,
    extensionTestsPath: join(runDir, 'out', 'test', 'integration', 'index'),
  });
  await page.goto(url);

  const deadline = Date.now() + timeoutMs;
  while (!existsSync(resultsPath)) {
    const exited = server.output.join('').match(/Extension Host Process exited with code: (\d+)/);
    if (exited && !existsSync(resultsPath)) {
      await new Promise((r) => setTimeout(r, 500));
      if (!existsSync(resultsPath)) throw new Error(`the extension host exited (code ${exited[1]}) without results`);
    }
    if (Date.now() > deadline) throw new Error(`no in-host results after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const results = JSON.parse(readFileSync(resultsPath, 'utf8'));
  for (const t of results.tests) {
    const mark = t.state === 'passed' ? 'ok  ' : t.state === 'failed' ? 'FAIL' : 'skip';
    console.log(`  ${mark} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) console.log(t.error.replace(/^/gm, '       '));
  }
  if (existsSync(metricsPath)) {
    const metrics = JSON.parse(readFileSync(metricsPath, 'utf8'));
    console.log(
      `[host] VS Code ${results.vscodeVersion}; activation ${metrics.activationMs.toFixed(1)} ms inside activate(), ${metrics.activateCallMs.toFixed(1)} ms for ext.activate()`,
    );
    writeFileSync(
      join(root, 'test-results', 'host-metrics.json'),
      JSON.stringify({ ...metrics, vscodeVersion: results.vscodeVersion, vsixBytes: bytes }, null, 2),
    );
  }
  // Figures the suites measured in the host (e.g. token-metrics.json): printed and kept in test-results/.
  for (const file of readdirSync(runDir).filter((f) => f.endsWith('-metrics.json'))) {
    const text = readFileSync(join(runDir, file), 'utf8');
    console.log(`[host] ${file}: ${text.replace(/\s+/g, ' ')}`);
    writeFileSync(join(root, 'test-results', file), text);
  }
  counts = { passed: results.passed, failed: results.failed, pending: results.pending };
  // An error the extension logged (a provider that threw, an unhandled rejection…) fails the run
  // even when every test passed: VS Code swallows such throws, so only its log tells.
  const logged = extensionErrorsInLogs(userDataDir);
  if (logged.length > 0) {
    console.log(
      `  FAIL the extension logged ${logged.length} error${logged.length === 1 ? '' : 's'} during the suite:`,
    );
    for (const e of logged)
      console.log(
        `       ${e.file}:\n${e.text
          .split('\n')
          .slice(0, 12)
          .map((l) => `         ${l}`)
          .join('\n')}`,
      );
    counts.failed += 1;
  } else {
    console.log('  ok   the extension logged no errors during the suite');
    counts.passed += 1;
  }
  exitCode = counts.failed === 0 && results.passed > 0 ? 0 : 1;
}

try {
  execFileSync('mkdir', ['-p', join(root, 'test-results')]);
  await main();
} catch (err) {
  console.error(`[host] ${err instanceof Error ? err.message : String(err)}`);
  counts.failed = Math.max(counts.failed, 1);
  exitCode = 1;
} finally {
  await runCleanups(cleanups);
  if (!keep) rmSync(runDir, { recursive: true, force: true });
}
console.log(`host: ${counts.passed} passed, ${counts.failed} failed, ${counts.pending} skipped`);
process.exit(exitCode);
