// `npx tsx scripts/decode-dump.ts [--fuzz N] [--seed S] [--out FILE]`: runs `entra-workbench decode
// --json` on every token of the shared corpus (../shared/corpus/tokens) and every .jwt/.txt file under
// test/fixtures, plus, with --fuzz, the first N decode inputs of the fuzzer's seed S (default 1), and
// writes one JSON line per input: its name, the exit code and the JSON report. The companion of
// lint-dump.ts: two dumps (before and after a change) are compared with `diff`.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { generateInput } from '../bench/fuzzLib';
import { decodeCommand } from '../src/cli/decode';

const root = resolve(__dirname, '..');
const args = process.argv.slice(2);
let fuzz = 0;
let seed = 1;
let out: string | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--fuzz') fuzz = Number(args[++i]);
  else if (a === '--seed') seed = Number(args[++i]);
  else if (a === '--out') out = args[++i];
  else {
    console.error(`decode-dump: unknown option ${a}`);
    process.exit(2);
  }
}

function tokenFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...tokenFilesUnder(full));
    else if (/\.(jwt|txt)$/.test(name)) found.push(full);
  }
  return found;
}

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
    ...tokenFilesUnder(resolve(root, '../shared/corpus/tokens')),
    ...tokenFilesUnder(join(root, 'test/fixtures')),
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
