#!/usr/bin/env node
// `npm test`: static checks, then the three test layers (unit in Node, in-host in VS Code, browser).
// Every layer runs even when an earlier one fails; the last line sums them: "N passed, N failed".
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const node = process.execPath;
const steps = [
  { name: 'typecheck', cmd: node, args: ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'] },
  // The webview script runs in the browser with the DOM library: its own project.
  {
    name: 'typecheck-webview',
    cmd: node,
    args: ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.webview.json'],
  },
  // One formatter for the whole repository (Prettier, .prettierrc.json); `npm run format` fixes what this reports.
  {
    name: 'format',
    cmd: node,
    args: ['node_modules/prettier/bin/prettier.cjs', '--check', '--log-level', 'warn', '.'],
  },
  { name: 'lint', cmd: node, args: ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.'] },
  { name: 'drift', cmd: node, args: ['scripts/check-drift.mjs'], counted: true },
  { name: 'unit', cmd: node, args: ['scripts/test-unit.mjs'], counted: true },
  { name: 'host', cmd: node, args: ['scripts/test-host.mjs'], counted: true },
  { name: 'browser', cmd: node, args: ['--import', 'tsx', 'scripts/test-browser.mjs'], counted: true },
  // The pseudo-localized workbench: every UI string comes from a bundle (test/browser/l10n.ts).
  {
    name: 'l10n',
    cmd: node,
    args: ['--import', 'tsx', 'scripts/test-browser.mjs', '--locale', 'qps-ploc'],
  },
];

function runStep(step) {
  return new Promise((resolveStep) => {
    const started = Date.now();
    const child = spawn(step.cmd, step.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const forward = (stream) => (chunk) => {
      stream.write(chunk);
      tail = (tail + String(chunk)).slice(-4000);
    };
    child.stdout.on('data', forward(process.stdout));
    child.stderr.on('data', forward(process.stderr));
    child.on('close', (code) => resolveStep({ code: code ?? 1, tail, ms: Date.now() - started }));
  });
}

let passed = 0;
let failed = 0;
const summary = [];
for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const { code, tail, ms } = await runStep(step);
  let p = code === 0 ? 1 : 0;
  let f = code === 0 ? 0 : 1;
  if (step.counted) {
    const m = [...tail.matchAll(new RegExp(`^${step.name}: (\\d+) passed, (\\d+) failed`, 'gm'))].pop();
    if (m) {
      p = Number(m[1]);
      f = Number(m[2]);
      if (code !== 0 && f === 0) f = 1; // a layer that fails without a failing test still fails
    }
  }
  passed += p;
  failed += f;
  summary.push(`${step.name}: ${p} passed, ${f} failed (${(ms / 1000).toFixed(1)} s)`);
}
console.log('\n=== summary ===');
for (const line of summary) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
