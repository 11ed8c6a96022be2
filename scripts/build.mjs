#!/usr/bin/env node
// Bundles the extension, the command-line tool, the webview scripts and the in-host test suite.
// Usage: node scripts/build.mjs [--watch] [--production]
// Also writes the JSON schemas of each translated display language (schemas/l10n/<locale>/, from the
// l10n/bundle.l10n.<locale>.json bundles under the output root; see scripts/l10n.mjs).
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLocaleSchemas } from './l10n.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const argv = process.argv.slice(2);
const watch = argv.includes('--watch');
const production = argv.includes('--production');
const outRootIndex = argv.indexOf('--out-root');
// --out-root DIR writes dist/ and out/ under DIR, so parallel runs never share output folders.
const outRoot = outRootIndex >= 0 ? resolve(argv[outRootIndex + 1]) : root;
const distDir = join(outRoot, 'dist');
const outDir = join(outRoot, 'out');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
  // Prefer ES module builds: jsonc-parser's UMD main hides its requires from the bundler.
  mainFields: ['module', 'main'],
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
    outdir: distDir,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: distDir,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // ES modules bundled into CommonJS (tinyglobby's fdir) read import.meta.url, empty in CJS:
    // it becomes the bundle's own file URL.
    banner: { js: "#!/usr/bin/env node\nconst __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
  },
];

const webviewEntries = listTs('src/webview', '.ts').filter((f) => !f.endsWith('.d.ts'));
const webviewMain = webviewEntries.filter((f) => /src\/webview\/[^/]+\.ts$/.test(f));
if (webviewMain.length) {
  builds.push({
    ...common,
    entryPoints: webviewMain,
    outdir: join(distDir, 'webview'),
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}

// *.bench.ts: in-host measurements that only run when a bench asks for them (see test/integration/index.ts).
const integration = [
  ...listTs('test/integration', '.test.ts'),
  ...listTs('test/integration', '.bench.ts'),
  'test/integration/index.ts',
].filter((f) => existsSync(join(root, f)));
if (integration.length) {
  builds.push({
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints: integration,
    outbase: 'test/integration',
    outdir: join(outDir, 'test/integration'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  });
}

if (!watch) {
  rmSync(distDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
}

const started = Date.now();
writeLocaleSchemas(outRoot);
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
