#!/usr/bin/env node
// `npm run schemas:editor`: writes schemas/editor/ from the two application schemas (see
// scripts/lib/editor-schema.mjs). `--check` exits 1 when the files differ from what it would write.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { editorSchemaFiles } from './lib/editor-schema.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const dir = join(root, 'schemas', 'editor');
const check = process.argv.includes('--check');
let stale = 0;
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(editorSchemaFiles(root))) {
  const file = join(dir, name);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === text) continue;
  if (check) {
    console.error(`schemas/editor/${name} is out of date: run npm run schemas:editor`);
    stale++;
  } else {
    writeFileSync(file, text);
    console.log(`wrote schemas/editor/${name}`);
  }
}
process.exit(stale > 0 ? 1 : 0);
