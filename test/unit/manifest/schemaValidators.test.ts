// The schema validators the engine runs are generated code (schemaValidators.generated.ts): the file
// is what the generator makes from the schemas now, and it judges manifests as ajv compiling the
// schemas at run time does (the same errors, in the same order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateInput, loadCorpus } from '../../../bench/fuzzLib';
import { validatorSource, validatorsFile } from '../../../scripts/generate-validators';
import { createAjv, schemas, validatorFor } from '../../../src/core/manifest/schema';
import type { SchemaFlavor } from '../../../src/core/manifest/format';

test('the generated validators are what the generator writes from the schemas (npm run schemas:validators)', () => {
  assert.equal(readFileSync(validatorsFile, 'utf8'), validatorSource());
});

test('the generated validators give the errors of validators compiled at run time, on the corpus and 400 mutated manifests', () => {
  const compiled: Record<SchemaFlavor, ReturnType<typeof validatorFor>> = {
    graph: createAjv().compile(schemas.graph),
    legacy: createAjv().compile(schemas.legacy),
  };
  const corpus = loadCorpus();
  const values: { label: string; value: unknown }[] = [];
  const add = (label: string, text: string): void => {
    try {
      values.push({ label, value: JSON.parse(text) });
    } catch {
      // Not JSON: nothing for a schema to judge.
    }
  };
  for (const m of corpus.manifests) add(m.name, m.text);
  for (let i = 0; i < 400; i++) {
    const input = generateInput('lint', 3, i, { corpus, maxBytes: 40_000 });
    add(`#${i} ${input.kinds.join(' + ')}`, input.text);
  }
  let invalid = 0;
  for (const { label, value } of values) {
    for (const flavor of ['graph', 'legacy'] as const) {
      const generated = validatorFor(flavor);
      const ok = generated(value);
      assert.equal(ok, compiled[flavor](value), `${label} (${flavor})`);
      assert.deepEqual(generated.errors ?? null, compiled[flavor].errors ?? null, `${label} (${flavor}): errors`);
      if (!ok) invalid++;
    }
  }
  // The comparison covered failing documents too, not only valid ones.
  assert.ok(invalid > 100, `${invalid} invalid`);
});
