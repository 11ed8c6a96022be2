#!/usr/bin/env node
// Generates the README's settings table from package.json (descriptions from package.nls.json).
// Usage: node scripts/readme-settings.mjs [--write | --check]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
const localise = (s) => (typeof s === 'string' ? s.replace(/%([^%]+)%/g, (m, k) => nls[k] ?? m) : '');

export function settingsTable() {
  const configuration = pkg.contributes?.configuration;
  const blocks = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  const rows = [];
  for (const block of blocks) {
    for (const [key, schema] of Object.entries(block.properties ?? {})) {
      const description = localise(schema.markdownDescription ?? schema.description)
        .replace(/\n+/g, ' ')
        .replace(/\|/g, '\\|');
      const def = schema.default === undefined ? '' : `\`${JSON.stringify(schema.default)}\``;
      rows.push(`| \`${key}\` | ${def} | ${description} |`);
    }
  }
  if (rows.length === 0) return '_No settings yet._';
  return ['| Setting | Default | Description |', '| --- | --- | --- |', ...rows].join('\n');
}

export function readmeWithSettings(readme) {
  return readme.replace(/(<!-- settings:start -->)[\s\S]*?(<!-- settings:end -->)/, `$1\n${settingsTable()}\n$2`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const path = join(root, 'README.md');
  const current = readFileSync(path, 'utf8');
  const next = readmeWithSettings(current);
  if (process.argv.includes('--write')) {
    writeFileSync(path, next);
    console.log('README settings table updated');
  } else if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('README settings table is out of date: run node scripts/readme-settings.mjs --write');
      process.exit(1);
    }
  } else {
    console.log(settingsTable());
  }
}
