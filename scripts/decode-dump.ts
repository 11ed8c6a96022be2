// `npx tsx scripts/decode-dump.ts [--fuzz N] [--seed S] [--out FILE]`: runs `entra-workbench decode
// --json` on every token of the shared corpus (../shared/corpus/tokens) and every .jwt/.txt file under
// test/fixtures, plus, with --fuzz, the first N decode inputs of the fuzzer's seed S (default 1), and
// writes one JSON line per input: its name, the exit code and the JSON report. The companion of
// lint-dump.ts: two dumps (before and after a change) are compared with `diff`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { generateInput } from '../bench/fuzzLib';
import { dumpOptions, filesUnder } from './lib/dumpInputs';
import { decodeCommand } from '../src/cli/decode';

const root = resolve(__dirname, '..');
const { fuzz, seed, out } = dumpOptions('decode-dump', process.argv.slice(2));

// A fixed clock: expiry verdicts are the same on every run.
const NOW = '2026-01-01T00:30:00Z';
const lines: string[] = [];
async function dump(input: string, text: string): Promise<void> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exit = await decodeCommand.run(['--json', '--now', NOW, '-'], {
    stdout: (t) => stdout.push(t),
    stderr: (t) => stderr.push(t),
    readStdin: () => Promise.resolve(text),
  });
  let report: unknown = stdout.join('');
  try {
    report = JSON.parse(report as string);
  } catch {
    // Not JSON (a usage message): kept as text, which a diff shows as well.
  }
  lines.push(JSON.stringify({ input, exit, report, stderr: stderr.join('').slice(0, 500) }));
}

async function main(): Promise<void> {
  const files = [
    ...filesUnder(resolve(root, '../shared/corpus/tokens'), /\.(jwt|txt)$/),
    ...filesUnder(join(root, 'test/fixtures'), /\.(jwt|txt)$/),
  ];
  for (const f of files) await dump(relative(root, f), readFileSync(f, 'utf8'));
  for (let i = 0; i < fuzz; i++) await dump(`fuzz:${seed}:${i}`, generateInput('decode', seed, i).text);
  const text = lines.join('\n') + '\n';
  if (out) {
    writeFileSync(out, text);
    console.error(
      `decode-dump: ${files.length} files and ${fuzz} fuzz inputs, ${lines.length} lines written to ${out}`,
    );
  } else process.stdout.write(text);
}

void main();
