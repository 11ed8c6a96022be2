// The fuzzer's fixed slice (issue 12 "Keep it fixed"): seed 1, 2,000 inputs of each target through
// the in-process code of `entra-workbench lint` and `decode`. Nothing may throw, no lint check may
// fail with an internal error, and no input may add properties to built-in prototypes. Sizes are
// capped so the slice stays quick even where a bug makes an input slow; timing is not asserted
// here (`npm run fuzz` reports it). Replay a failure with
// `npm run fuzz -- --seed 1 --index I --target lint --max-bytes 12000` (decode: --max-bytes 24000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describe,
  failed,
  failureSignature,
  generateInput,
  loadCorpus,
  mulberry32,
  runFuzz,
  runInput,
  TARGETS,
  type Outcome,
} from '../../bench/fuzzLib';

const SEED = 1;
const SLICE = 2000;
// Lint inputs up to 12 KB, tokens up to 24 KB: still thousands of nesting levels (in a token's payload
// too) and thousands of array entries, while inputs that a bug makes slow stay within seconds.
const MAX_BYTES = 12_000;
const MAX_BYTES_OF = { lint: MAX_BYTES, decode: 24_000 } as const;

function report(failures: readonly Outcome[]): string {
  const kinds = new Map<string, Outcome[]>();
  for (const o of failures) kinds.set(failureSignature(o), [...(kinds.get(failureSignature(o)) ?? []), o]);
  return [...kinds]
    .map(([k, list]) => `${list.length}× ${k}\n    e.g. ${list.slice(0, 3).map(describe).join('\n    e.g. ')}`)
    .join('\n');
}

test('the generator is seeded: the same seed and index give the same input, another seed another', () => {
  for (const target of TARGETS) {
    for (const index of [0, 7, 1999]) {
      const a = generateInput(target, SEED, index, { maxBytes: MAX_BYTES });
      const b = generateInput(target, SEED, index, { maxBytes: MAX_BYTES });
      assert.equal(a.text, b.text);
      assert.deepEqual(a.kinds, b.kinds);
      assert.ok(a.text.length <= MAX_BYTES);
    }
    const differ = [0, 1, 2, 3, 4].filter((i) => generateInput(target, 1, i).text !== generateInput(target, 2, i).text);
    assert.ok(differ.length >= 4, `${target}: seeds 1 and 2 give different inputs`);
  }
  const r = mulberry32(42);
  const first = [r(), r(), r()];
  const again = mulberry32(42);
  assert.deepEqual([again(), again(), again()], first);
});

test('the corpus holds the fixtures (and ../shared/corpus when present)', (t) => {
  const corpus = loadCorpus();
  if (corpus.notice) t.diagnostic(corpus.notice);
  assert.ok(corpus.manifests.some((m) => m.name === 'test/fixtures/workspace/manifests/graph-app.manifest.json'));
  assert.ok(corpus.tokens.some((m) => m.name === 'test/fixtures/workspace/tokens/crm-delegated.jwt'));
});

test('a planted prototype pollution is detected (and undone)', async () => {
  const input = generateInput('decode', SEED, 0);
  (Object.prototype as Record<string, unknown>).fuzzPolluted = 'yes';
  const o = await runInput(input);
  assert.ok(o.polluted.includes('Object.prototype.fuzzPolluted'), o.polluted.join(', '));
  assert.equal(({} as Record<string, unknown>).fuzzPolluted, undefined);
});

test('a lint input truncated to nothing gets the documented exit 2 for empty stdin, which is not a failure', async () => {
  // Seed 1 inputs of a full-size run truncated to an empty text, in each output format
  // (2,457 text, 10,363 JSON, 8,567 SARIF: an exit 2 prints no report to parse).
  for (const index of [2457, 10363, 8567])
    for (const text of ['', ' \n\t']) {
      const o = await runInput({
        target: 'lint',
        seed: SEED,
        index,
        from: 'test',
        kinds: ['truncate(0/21)'],
        text,
      });
      assert.equal(o.exception, undefined, describe(o));
      assert.equal(failed(o), false);
    }
  // Not a blanket pass: a real input still runs the linter and passes for the right reason.
  const o = await runInput({
    target: 'lint',
    seed: SEED,
    index: 0,
    from: 'test',
    kinds: [],
    text: '{"displayName":"x"}',
  });
  assert.equal(failed(o), false, describe(o));
});

for (const target of TARGETS) {
  test(`fuzz slice: seed ${SEED}, ${SLICE} ${target} inputs: no exception, no internal error, no prototype pollution`, async (t) => {
    const { summary, failures } = await runFuzz({
      seed: SEED,
      iterations: SLICE,
      targets: [target],
      maxBytes: MAX_BYTES_OF[target],
    });
    t.diagnostic(JSON.stringify(summary));
    assert.equal(target === 'lint' ? summary.lintInputs : summary.decodeInputs, SLICE);
    assert.deepEqual(failures.filter(failed).length, 0, `${failures.length} failing inputs:\n${report(failures)}`);
  });
}
