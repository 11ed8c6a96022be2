#!/usr/bin/env node
// Installs code-server 4.100.3 (VS Code 1.100.3) into .vscode-test/code-server without any
// download other than the npm registry. Idempotent: a finished install is detected by a marker.
// Steps follow the machine's host recipe: install with --ignore-scripts, then run the
// postinstall work by hand (ripgrep from the system, native rebuilds, symlinks).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  writeFileSync,
  copyFileSync,
  symlinkSync,
  lstatSync,
  chmodSync,
  readFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const root = resolve(fileURLToPath(import.meta.url), '../..');
export const hostDir = join(root, '.vscode-test', 'code-server');
export const codeServerBin = join(hostDir, 'node_modules', '.bin', 'code-server');
const marker = join(hostDir, '.installed');

function run(cmd, args, cwd, extraEnv = {}) {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...extraEnv } });
}

function link(target, path) {
  try {
    lstatSync(path);
    return;
  } catch {
    /* missing */
  }
  symlinkSync(target, path);
}

function which(bin) {
  try {
    return execFileSync('which', [bin], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

export function install() {
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === CODE_SERVER_VERSION) {
    return;
  }
  const rg = which('rg');
  if (!rg) {
    throw new Error('ripgrep (rg) is required: apt-get install ripgrep');
  }
  mkdirSync(hostDir, { recursive: true });
  if (!existsSync(join(hostDir, 'package.json'))) {
    writeFileSync(join(hostDir, 'package.json'), JSON.stringify({ name: 'vscode-host', private: true }, null, 2));
  }
  const started = Date.now();
  const npm = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  console.log(`[host] installing code-server ${CODE_SERVER_VERSION} into ${hostDir}`);
  run(
    'npm',
    ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`],
    hostDir,
    npm,
  );
  const vscodeDir = join(hostDir, 'node_modules', 'code-server', 'lib', 'vscode');
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], vscodeDir, npm);
  const rgBinDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBinDir, { recursive: true });
  if (!existsSync(join(rgBinDir, 'rg'))) {
    copyFileSync(rg, join(rgBinDir, 'rg'));
    chmodSync(join(rgBinDir, 'rg'), 0o755);
  }
  run('npm', ['rebuild'], vscodeDir, { ...npm, npm_config_yes: 'true' });
  link('node_modules', join(vscodeDir, 'node_modules.asar'));
  link('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund'], join(vscodeDir, 'extensions'), npm);
  run('npm', ['rebuild', 'argon2'], hostDir, npm);
  const version = execFileSync(codeServerBin, ['--version'], { encoding: 'utf8' });
  if (!version.includes(`Code 1.100.3`)) {
    throw new Error(`unexpected code-server version: ${version}`);
  }
  writeFileSync(marker, CODE_SERVER_VERSION);
  console.log(`[host] ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${version.split('\n')[0]}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    install();
  } catch (err) {
    console.error(`[host] install failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
