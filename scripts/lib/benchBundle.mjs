// Bench code bundled the way the product ships: one CommonJS file for Node 20 made by esbuild, as
// scripts/build.mjs bundles the CLI. Used by run-bench.mjs and by the fuzz's worker (bench/fuzz.ts).
import * as esbuild from 'esbuild';

/** Bundles the TypeScript entry `entry` (and what it imports) into `outfile`. */
export async function bundleForNode(entry, outfile) {
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    // As in scripts/build.mjs: ES modules bundled into CommonJS read import.meta.url.
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
  });
}
