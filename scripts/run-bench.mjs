#!/usr/bin/env node
// Runs a benchmark the way the product ships: bench/<name>.ts bundled by esbuild (as the extension
// and the CLI are), then executed by plain Node. Both sides of a comparison live in the same bundle.
// Usage: node scripts/run-bench.mjs <name> [args…]
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from './lib/benchBundle.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const [name, ...rest] = process.argv.slice(2);
if (!name) {
  console.error('usage: node scripts/run-bench.mjs <lint|decode|extract> [args…]');
  process.exit(2);
}
const outfile = join(root, '.vscode-test', 'bench', `${name}-${process.pid}.js`);
await bundleForNode(join(root, 'bench', `${name}.ts`), outfile);
const result = spawnSync(process.execPath, ['--expose-gc', outfile, ...rest], { stdio: 'inherit' });
process.exit(result.status ?? 1);
