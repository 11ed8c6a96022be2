// `npm run fuzz -- --seed S --iterations N [--from F] [--unbundled] [--target lint|decode] [--max-bytes B] [--timeout-ms T] [--out DIR] [--over MS]`
//     (--from F: inputs F to F+N-1 of the seed's sequence, to look at one stretch of a long run)
//     The inputs run in a worker on the engine bundled as the CLI and the extension ship it (esbuild,
//     one file); --unbundled runs the source files through tsx instead (each module on its own, with
//     imports read through getters: slower, up to 2.6 times on some inputs).
// `npm run fuzz -- --replay FILE [--target lint|decode]`   runs one saved input and prints its stack
// `npm run fuzz -- --seed S --index I --target T [--out DIR]`  regenerates and runs input I only
//
// Seeded, replayable mutations of the test fixtures (and ../shared/corpus when present) through the
// in-process code of `entra-workbench lint` and `decode` (no network). Prints the worst cases to
// stderr; the last line on stdout is JSON:
// With --over MS, every input below 1 MB that took longer is listed (and saved under --out as over-*).
// An input's time is the command's (lint or decode, its output written); the fuzzer's own check of
// that output (parsing the JSON or SARIF for internal errors) runs after the clock stops.
// {"bench":"fuzz","lintInputs",…,"lintExceptions",…,"lintInternalErrors",…,"lintMaxMsUnder1MB",…,
//  "decodeInputs",…,"decodeExceptions",…,"decodeMaxMs",…,"prototypePolluted",…}
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  describe,
  failed,
  failureSignature,
  generateInput,
  loadCorpus,
  modeOf,
  runFuzz,
  runInput,
  TARGETS,
  type FuzzInput,
  type Executor,
  type Outcome,
  type Target,
} from './fuzzLib';

/**
 * The worker bundled as the CLI ships (scripts/lib/benchBundle.mjs), into a file removed when the
 * run ends.
 */
async function bundledWorker(): Promise<string> {
  const file = join(tmpdir(), `entra-workbench-fuzz-worker-${process.pid}.cjs`);
  const { bundleForNode } = await import('../scripts/lib/benchBundle.mjs');
  await bundleForNode(join(__dirname, 'fuzzWorker.ts'), file);
  process.once('exit', () => rmSync(file, { force: true }));
  return file;
}

/**
 * Runs inputs in a worker thread; one that takes longer than `timeoutMs` is stopped (the worker is
 * terminated and replaced) and reported as a timeout with ms = the time waited.
 */
function workerExecutor(
  timeoutMs: number,
  /** The bundled worker's file; undefined to run the sources through tsx. */
  bundle: string | undefined,
): { run: Executor; close: () => Promise<number> } {
  let worker: Promise<Worker> | undefined;
  /** Inputs the current worker has run. */
  let runs = 0;
  const spawn = (): Promise<Worker> =>
    new Promise((resolveWorker, reject) => {
      runs = 0;
      const w = create();
      w.once('message', () => resolveWorker(w));
      w.once('error', reject);
    });
  const create = (): Worker =>
    new Worker(bundle ?? `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'fuzzWorker.ts'))});`, {
      eval: bundle === undefined,
      // The main thread's stack (about 1 MB), not a worker's 4 MB: deep inputs overflow where they would in the CLI.
      resourceLimits: { stackSizeMb: 1 },
    });
  const run: Executor = async (input) => {
    const w = await (worker ??= spawn());
    const workerRuns = runs++;
    return new Promise((resolvePromise, reject) => {
      const t0 = performance.now();
      const cleanup = (): void => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
      };
      const onMessage = (o: Omit<Outcome, 'input'>): void => {
        cleanup();
        resolvePromise({ ...o, input, workerRuns });
      };
      const onError = (err: Error): void => {
        cleanup();
        worker = undefined;
        reject(err);
      };
      const timer = setTimeout(() => {
        cleanup();
        worker = undefined;
        void w.terminate();
        resolvePromise({
          input,
          bytes: Buffer.byteLength(input.text, 'utf8'),
          ms: performance.now() - t0,
          internalErrors: [],
          polluted: [],
          mode: modeOf(input),
          timedOut: true,
          workerRuns,
        });
      }, timeoutMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage(input);
    });
  };
  return { run, close: async () => (worker ? (await worker).terminate() : 0) };
}

interface Args {
  seed: number;
  iterations: number;
  from: number;
  unbundled: boolean;
  targets: Target[];
  maxBytes: number;
  out?: string;
  replay?: string;
  timeoutMs: number;
  index?: number;
  over?: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    seed: 1,
    iterations: 1000,
    from: 0,
    unbundled: false,
    targets: [...TARGETS],
    maxBytes: 1_000_000,
    timeoutMs: 20_000,
  };
  let target: Target | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = (): number => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 0) throw new Error(`${flag} needs a whole number`);
      return v;
    };
    if (flag === '--seed') a.seed = num();
    else if (flag === '--iterations') a.iterations = num();
    else if (flag === '--from') a.from = num();
    else if (flag === '--unbundled') a.unbundled = true;
    else if (flag === '--max-bytes') a.maxBytes = num();
    else if (flag === '--index') a.index = num();
    else if (flag === '--timeout-ms') a.timeoutMs = num();
    else if (flag === '--out') a.out = value();
    else if (flag === '--over') a.over = num();
    else if (flag === '--replay') a.replay = value();
    else if (flag === '--target') {
      const v = value();
      if (v !== 'lint' && v !== 'decode') throw new Error('--target must be lint or decode');
      target = v;
    } else throw new Error(`unknown option ${flag}`);
  }
  if (target) a.targets = [target];
  return a;
}

function fileNameOf(o: Outcome, prefix = ''): string {
  const ext = o.input.target === 'lint' ? 'json' : 'jwt.txt';
  return `${prefix}${o.input.target}-seed${o.input.seed}-${String(o.input.index).padStart(6, '0')}.${ext}`;
}

/** Writes the input itself (for --replay) and a sidecar with what it is and what happened. */
function save(dir: string, o: Outcome, prefix = ''): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, fileNameOf(o, prefix));
  writeFileSync(file, o.input.text);
  const { text: _text, ...meta } = o.input;
  writeFileSync(
    `${file}.meta.json`,
    JSON.stringify(
      {
        ...meta,
        bytes: o.bytes,
        ms: o.ms,
        mode: o.mode,
        exception: o.exception,
        stack: o.stack,
        internalErrors: o.internalErrors,
        polluted: o.polluted,
      },
      null,
      2,
    ),
  );
  return file;
}

function targetOfFile(file: string, given: Target[]): Target {
  if (given.length === 1) return given[0]!;
  const name = basename(file);
  if (name.startsWith('decode-') || /\.(jwt|txt|token|http)$/.test(name)) return 'decode';
  return 'lint';
}

function printDetail(o: Outcome): void {
  console.error(describe(o));
  if (o.stack) console.error(o.stack.split('\n').slice(0, 25).join('\n'));
  for (const m of o.internalErrors.slice(0, 10)) console.error(`  internal-error: ${m}`);
  if (o.polluted.length) console.error(`  polluted: ${o.polluted.join(', ')}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.replay !== undefined) {
    const text = readFileSync(args.replay, 'utf8');
    const target = targetOfFile(args.replay, args.targets);
    // The output format follows the saved index (text/json/sarif rotate with it) when known.
    let index = 0;
    try {
      index = (JSON.parse(readFileSync(`${args.replay}.meta.json`, 'utf8')) as { index: number }).index;
    } catch {
      // a hand-made file: index 0
    }
    const input: FuzzInput = { target, seed: 0, index, from: args.replay, kinds: ['replay'], text };
    const o = await runInput(input);
    printDetail(o);
    process.exitCode = failed(o) ? 1 : 0;
    return;
  }
  if (args.index !== undefined) {
    for (const target of args.targets) {
      const o = await runInput(generateInput(target, args.seed, args.index, { maxBytes: args.maxBytes }));
      printDetail(o);
      if (args.out) console.error(`saved ${save(args.out, o)}`);
      if (failed(o)) process.exitCode = 1;
    }
    return;
  }

  const corpus = loadCorpus();
  if (corpus.notice) console.error(corpus.notice);
  console.error(
    `fuzz: seed ${args.seed}, ${args.iterations} inputs${args.from > 0 ? ` from #${args.from}` : ''} (${args.unbundled ? 'source files through tsx' : 'bundled engine'}) of ${args.targets.join(' and ')}, up to ${args.maxBytes} characters each; corpus ${corpus.manifests.length} manifests, ${corpus.tokens.length} tokens`,
  );
  const started = performance.now();
  let done = 0;
  // Running figures for the progress lines, so a long run that is stopped still says what it found.
  let failing = 0;
  let maxMs = 0;
  let overCount = 0;
  // The slowest input once the worker had run WARM inputs: the first inputs of a fresh worker also
  // time V8 compiling the engine (the same input takes a half to a third as long a few inputs later).
  const WARM = 300;
  let warmMaxMs = 0;
  const pool = workerExecutor(args.timeoutMs, args.unbundled ? undefined : await bundledWorker());
  const { summary, failures, slowest } = await runFuzz({
    seed: args.seed,
    iterations: args.iterations,
    from: args.from,
    targets: args.targets,
    maxBytes: args.maxBytes,
    executor: pool.run,
    onOutcome: (o) => {
      done++;
      if (process.env.FUZZ_VERBOSE) console.error(describe(o));
      if (failed(o)) failing++;
      if (o.bytes < 1_000_000) maxMs = Math.max(maxMs, o.ms);
      if (o.input.target === 'lint' && o.bytes < 1_000_000 && (o.workerRuns ?? WARM) >= WARM)
        warmMaxMs = Math.max(warmMaxMs, o.ms);
      if (done % 1000 === 0)
        console.error(
          `  … ${done} inputs, ${((performance.now() - started) / 1000).toFixed(1)} s; ${failing} failing so far, slowest below 1 MB ${maxMs.toFixed(1)} ms`,
        );
      if (args.out && failed(o)) save(args.out, o);
      if (args.over !== undefined && o.bytes < 1_000_000 && o.ms > args.over) {
        overCount++;
        console.error(`  over ${args.over} ms: ${describe(o)}`);
        if (args.out) save(args.out, o, 'over-');
      }
    },
  });
  await pool.close();
  const seconds = (performance.now() - started) / 1000;

  // Failures grouped by kind: count, first example (mutations, size, ms, message).
  const groups = new Map<string, Outcome[]>();
  for (const o of failures) {
    const key = failureSignature(o);
    const list = groups.get(key);
    if (list) list.push(o);
    else groups.set(key, [o]);
  }
  console.error(
    `\nfuzz: ${done} inputs in ${seconds.toFixed(1)} s; ${failures.length} failing inputs in ${groups.size} kinds`,
  );
  for (const [key, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    console.error(`\n[${list.length}×] ${key}`);
    for (const o of list.slice(0, 3)) console.error(`  e.g. ${describe(o)}`);
    const muts = new Map<string, number>();
    for (const o of list)
      for (const k of o.input.kinds)
        muts.set(k.replace(/\(.*$|@.*$/, ''), (muts.get(k.replace(/\(.*$|@.*$/, '')) ?? 0) + 1);
    console.error(
      `  mutations involved: ${[...muts]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
  }
  if (args.over !== undefined) console.error(`\n${overCount} inputs below 1 MB took longer than ${args.over} ms`);
  if (summary.lintInputs > 0)
    console.error(
      `slowest lint below 1 MB: ${summary.lintMaxMsUnder1MB} ms; once the worker had run ${WARM} inputs: ${warmMaxMs.toFixed(1)} ms (the first inputs of a fresh worker also time V8 compiling the engine)`,
    );
  console.error('\nslowest inputs:');
  for (const o of slowest) console.error(`  ${describe(o)}`);
  if (args.out) {
    for (const o of slowest.slice(0, 5)) save(args.out, o, 'slow-');
    console.error(`\nfailing and slowest inputs saved under ${args.out} (replay: npm run fuzz -- --replay FILE)`);
  }
  console.log(JSON.stringify(summary));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 2;
});
