// `npx tsx bench/lint-warm.ts [--runs R] FILE…`   lints saved fuzz inputs (FILE.meta.json gives the mode)
// `npx tsx bench/lint-warm.ts [--runs R] --seed S --indices I,J,…`   regenerates fuzz inputs and lints them
// `npx tsx bench/lint-warm.ts [--runs R] --seed S --scan N [--top T]`   lints the first N lint inputs of
//     seed S once each and measures the T slowest (by CPU time) again
// `--in-turn` (with any of these): R rounds over all the inputs, one lint of each per round, as the
//     fuzz worker lints them (the collector's work left by one input falls on the next ones); the
//     last line adds the sum of the wall medians, the figure to compare two builds by
// Bundled as shipped: `node scripts/run-bench.mjs lint-warm ARGS` (tsx runs the sources unbundled,
// where reads of constants imported from other modules cost more).
//
// Warm, in-process timing of the fuzzer's lint path (the CLI's `lint --format <mode>` on stdin): each
// input once to warm up, then R runs (default 7). Prints, per input, the median and max of the CPU
// time (process.cpuUsage: user + system) and of the wall time. On a shared machine the CPU time is
// the steadier figure; the load average is printed alongside. No assertion: numbers only.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename } from 'node:path';
import { generateInput, loadCorpus, runInput, type FuzzInput } from './fuzzLib';

interface Args {
  runs: number;
  files: string[];
  seed: number;
  indices: number[];
  scan: number;
  top: number;
  inTurn: boolean;
}

function parse(argv: string[]): Args {
  const a: Args = { runs: 7, files: [], seed: 1, indices: [], scan: 0, top: 20, inTurn: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--runs') a.runs = Number(value());
    else if (flag === '--seed') a.seed = Number(value());
    else if (flag === '--indices') a.indices = value().split(',').map(Number);
    else if (flag === '--scan') a.scan = Number(value());
    else if (flag === '--top') a.top = Number(value());
    else if (flag === '--in-turn') a.inTurn = true;
    else a.files.push(flag);
  }
  return a;
}

interface Timing {
  cpu: number;
  wall: number;
}

async function once(input: FuzzInput): Promise<Timing> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const o = await runInput(input);
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (o.exception !== undefined || o.internalErrors.length > 0)
    console.error(`  ! ${label(input)}: ${o.exception ?? o.internalErrors[0]}`);
  return { cpu: (c.user + c.system) / 1000, wall };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function label(input: FuzzInput): string {
  const kinds = input.kinds.filter((k) => k !== 'replay').join(' ');
  return input.index >= 0 && input.seed > 0 ? `#${input.index} ${kinds}` : `${basename(input.from)} ${kinds}`;
}

interface Row {
  input: FuzzInput;
  cpuMedian: number;
  cpuMax: number;
  wallMedian: number;
  wallMax: number;
}

/** An input's row from its timed runs. */
function rowOf(input: FuzzInput, ts: readonly Timing[]): Row {
  const cpu = ts.map((t) => t.cpu);
  const wall = ts.map((t) => t.wall);
  return {
    input,
    cpuMedian: median(cpu),
    cpuMax: Math.max(...cpu),
    wallMedian: median(wall),
    wallMax: Math.max(...wall),
  };
}

async function measure(input: FuzzInput, runs: number): Promise<Row> {
  await once(input);
  const ts: Timing[] = [];
  for (let r = 0; r < runs; r++) ts.push(await once(input));
  return rowOf(input, ts);
}

/** `runs` rounds over all the inputs (after one round to warm up), one lint of each per round. */
async function measureInTurn(inputs: readonly FuzzInput[], runs: number): Promise<Row[]> {
  for (const input of inputs) await once(input);
  const times: Timing[][] = inputs.map(() => []);
  for (let r = 0; r < runs; r++) for (let k = 0; k < inputs.length; k++) times[k]!.push(await once(inputs[k]!));
  return inputs.map((input, k) => rowOf(input, times[k]!));
}

function fromFile(file: string): FuzzInput {
  const text = readFileSync(file, 'utf8');
  let index = 0;
  let kinds: string[] = [];
  try {
    const meta = JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')) as { index: number; kinds: string[] };
    index = meta.index;
    kinds = meta.kinds;
  } catch {
    // no sidecar: text mode
  }
  return { target: 'lint', seed: 0, index, from: file, kinds, text };
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const corpus = loadCorpus();
  const inputs: FuzzInput[] = [...args.files.map(fromFile)];
  inputs.push(...args.indices.map((i) => generateInput('lint', args.seed, i, { corpus })));
  if (args.scan > 0) {
    // One run each (after one warm-up run, so the first input is not ranked by the compile time of
    // the schema), then the slowest by CPU time again.
    await once(generateInput('lint', args.seed, 0, { corpus }));
    // Only the index is kept per input (the texts of a long scan would not fit in memory).
    const scanned: { index: number; cpu: number }[] = [];
    for (let i = 0; i < args.scan; i++) {
      const input = generateInput('lint', args.seed, i, { corpus });
      if (input.text.length >= 1_000_000) continue;
      scanned.push({ index: i, cpu: (await once(input)).cpu });
      if (i % 1000 === 999) console.error(`  … scanned ${i + 1}`);
    }
    scanned.sort((a, b) => b.cpu - a.cpu);
    console.error(`scan: slowest single-run CPU ${scanned[0]?.cpu.toFixed(1)} ms`);
    inputs.push(...scanned.slice(0, args.top).map((s) => generateInput('lint', args.seed, s.index, { corpus })));
  }
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const rows: Row[] = args.inTurn ? await measureInTurn(inputs, args.runs) : [];
  for (const input of args.inTurn ? [] : inputs) rows.push(await measure(input, args.runs));
  for (const row of rows) {
    const input = row.input;
    const kb = (input.text.length / 1024).toFixed(0).padStart(4);
    console.log(
      `cpu med ${row.cpuMedian.toFixed(1).padStart(6)} max ${row.cpuMax.toFixed(1).padStart(6)} | wall med ${row.wallMedian
        .toFixed(1)
        .padStart(6)} max ${row.wallMax.toFixed(1).padStart(6)} ms | ${kb} KB | ${label(input)}`,
    );
  }
  console.log(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const worst = rows.reduce((a, b) => (b.cpuMedian > a.cpuMedian ? b : a), rows[0]!);
  console.log(
    JSON.stringify({
      bench: 'lint-warm',
      inputs: rows.length,
      maxCpuMedianMs: Math.round(worst.cpuMedian * 10) / 10,
      slowest: label(worst.input),
      over50: rows.filter((r) => r.cpuMedian > 50).length,
      ...(args.inTurn
        ? { inTurn: true, sumOfWallMediansMs: Math.round(rows.reduce((t, r) => t + r.wallMedian, 0)) }
        : {}),
      indices: rows.map((r) => r.input.index),
    }),
  );
}

void main();
