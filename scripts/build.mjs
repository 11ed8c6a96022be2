#!/usr/bin/env node
// Bundles the extension, the command-line tool, the webview scripts and the in-host test suite.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
};

function listTs(dir, suffix) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f));
}

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
];

const webviewEntries = listTs('src/webview', '.ts').filter((f) => !f.endsWith('.d.ts'));
const webviewMain = webviewEntries.filter((f) => /src\/webview\/[^/]+\.ts$/.test(f));
if (webviewMain.length) {
  builds.push({
    ...common,
    entryPoints: webviewMain,
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}

const integration = [...listTs('test/integration', '.test.ts'), 'test/integration/index.ts'].filter((f) => existsSync(join(root, f)));
if (integration.length) {
  builds.push({
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints: integration,
    outbase: 'test/integration',
    outdir: 'out/test/integration',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  });
}

if (!watch) {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  rmSync(join(root, 'out'), { recursive: true, force: true });
}

const started = Date.now();
if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('[build] watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`[build] ${builds.length} bundles in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
