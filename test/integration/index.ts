// Entry point of the in-host suite: VS Code's extension host calls run() when it is started with
// --extensionTestsPath (code-server here, @vscode/test-electron on the desktop). Results are also
// written as JSON to $ENTRA_TEST_RESULTS so the outer runner does not depend on log scraping.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

interface TestOutcome {
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs?: number;
  readonly error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.ENTRA_TEST_GREP;
  if (grep) {
    mocha.grep(grep);
  }
  const dir = __dirname;
  // In-host benchmarks (*.bench.js) only run when a bench script asks (ENTRA_TEST_BENCH=1): they
  // would change what the suite measures (e.g. a first webview warms VS Code's webview service worker).
  const suffixes = process.env.ENTRA_TEST_BENCH === '1' ? ['.test.js', '.bench.js'] : ['.test.js'];
  for (const file of readdirSync(dir)
    .filter((f) => suffixes.some((s) => f.endsWith(s)))
    .sort()) {
    mocha.addFile(join(dir, file));
  }
  const outcomes: TestOutcome[] = [];
  const resultsPath = process.env.ENTRA_TEST_RESULTS;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const summary = {
        passed: outcomes.filter((o) => o.state === 'passed').length,
        failed: outcomes.filter((o) => o.state === 'failed').length,
        pending: outcomes.filter((o) => o.state === 'pending').length,
        durationMs: Date.now() - started,
        vscodeVersion: vscode.version,
        tests: outcomes,
      };
      if (resultsPath) {
        writeFileSync(resultsPath, JSON.stringify(summary, null, 2));
      }
      if (failures > 0) {
        reject(new Error(`${failures} in-host test(s) failed`));
      } else {
        resolve();
      }
    });
    runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('pending', (t) => outcomes.push({ title: t.fullTitle(), state: 'pending' }));
    runner.on('fail', (t, err: Error) =>
      outcomes.push({
        title: t.fullTitle(),
        state: 'failed',
        error: `${err.message}\n${(err.stack ?? '').split('\n').slice(1, 6).join('\n')}`,
      }),
    );
  });
}
