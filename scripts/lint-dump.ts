// `npx tsx scripts/lint-dump.ts [--fuzz N] [--seed S] [--out FILE]`: lints every manifest of the
// shared corpus (../shared/corpus/manifests) and every JSON file under test/fixtures, plus, with
// --fuzz, the first N lint inputs of the fuzzer's seed S (default 1), and writes one JSON line per
// finding: input, ruleId, severity, path, offset, length and message. Two dumps (before and after a
// change to the engine) are compared with `diff`: any line that differs is a change in behaviour.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { generateInput } from '../bench/fuzzLib';
import { dumpOptions, filesUnder } from './lib/dumpInputs';
import { lintManifest } from '../src/core/manifest/lint';

const root = resolve(__dirname, '..');
const { fuzz, seed, out } = dumpOptions('lint-dump', process.argv.slice(2));

// A fixed clock: date rules (credential expiry) give the same findings on every run.
const now = new Date('2026-01-01T00:00:00Z');
const lines: string[] = [];
function dump(input: string, text: string): void {
  const result = lintManifest(text, { now });
  lines.push(JSON.stringify({ input, format: result.format, flavor: result.flavor }));
  for (const p of result.problems) {
    lines.push(
      JSON.stringify({
        input,
        ruleId: p.ruleId,
        severity: p.severity,
        path: p.path,
        offset: p.offset,
        length: p.length,
        message: p.message,
        fixes: (p.fixes ?? []).map((f) => f.title),
      }),
    );
  }
}

const files = [
  ...filesUnder(resolve(root, '../shared/corpus/manifests'), /\.jsonc?$/),
  ...filesUnder(join(root, 'test/fixtures'), /\.jsonc?$/),
];
for (const f of files) dump(relative(root, f), readFileSync(f, 'utf8'));
for (let i = 0; i < fuzz; i++) {
  const input = generateInput('lint', seed, i);
  dump(`fuzz:${seed}:${i}`, input.text);
}
const text = lines.join('\n') + '\n';
if (out) {
  writeFileSync(out, text);
  console.error(`lint-dump: ${files.length} files and ${fuzz} fuzz inputs, ${lines.length} lines written to ${out}`);
} else process.stdout.write(text);
