#!/usr/bin/env node
// Builds a production bundle in a private staging folder and packages it with @vscode/vsce.
// Usage: node scripts/package.mjs [--out <file.vsix>] [--keep-stage] [--pseudo]
// --pseudo adds pseudo-localized bundles (locale qps-ploc) for the localization check.
// Staging keeps parallel builds apart and guarantees the .vsix holds only what is listed here
// (and .vscodeignore still filters it).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePseudoBundles } from './l10n.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Files and folders that make up the extension next to dist/. */
const shipped = [
  'package.json',
  'package.nls.json',
  'l10n',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  '.vscodeignore',
  'media',
  'schemas',
  'syntaxes',
];

export function packageExtension({ out, keepStage = false, pseudo = false, log = console.log } = {}) {
  const target = resolve(out ?? join(root, `${pkg.name}-${pkg.version}.vsix`));
  const stage = join(root, '.vscode-test', 'stage', `${process.pid}-${Date.now()}`);
  mkdirSync(stage, { recursive: true });
  try {
    for (const entry of shipped) {
      if (existsSync(join(root, entry))) {
        cpSync(join(root, entry), join(stage, entry), { recursive: true });
      }
    }
    for (const extra of ['language-configuration.jwt.json']) {
      if (existsSync(join(root, extra))) cpSync(join(root, extra), join(stage, extra));
    }
    if (pseudo) writePseudoBundles(stage);
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production', '--out-root', stage], {
      stdio: 'inherit',
    });
    rmSync(join(stage, 'out'), { recursive: true, force: true });
    mkdirSync(dirname(target), { recursive: true });
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    execFileSync(
      process.execPath,
      [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', target],
      {
        cwd: stage,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const bytes = statSync(target).size;
    log(`[package] ${target} (${(bytes / 1024).toFixed(1)} KB)`);
    return { path: target, bytes };
  } finally {
    if (!keepStage) rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  try {
    packageExtension({
      out: outIndex >= 0 ? args[outIndex + 1] : undefined,
      keepStage: args.includes('--keep-stage'),
      pseudo: args.includes('--pseudo'),
    });
  } catch (err) {
    console.error(`[package] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
