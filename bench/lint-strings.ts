// `npm run bench:lint-strings`: each string of the fuzz's seed manifests (the repository's
// fixtures, generated ones, and ../shared/corpus when present) replaced, one at a time, by long
// runs of characters rules and regular expressions treat specially (spaces, braces, placeholders,
// percent signs, slashes, URL starts…), alone, between other characters, and after a placeholder.
// A rule that reads such a run again from each of its characters takes seconds here, where a
// linear one takes milliseconds (a placeholder id with 50,000 spaces took 2.4 s before it was
// fixed). Paths are taken once each (array indexes count as one). Prints the slowest lints and,
// last, a JSON summary {"bench":"lint-strings","lints","maxMs","slowest","over100Ms"}.
// Arguments: `--length N` (default 50,000 characters per run). No assertion: numbers only.
import { lintManifest } from '../src/core/manifest/lint';
import { loadCorpus } from './fuzzLib';

const RUNS = [
  ' ',
  '\t',
  '\n',
  'a',
  '0',
  '{',
  '}',
  '{{',
  '}}',
  '{{a ',
  '${{A}} ',
  '%',
  '%2',
  '/',
  '//',
  ':',
  '.',
  '-',
  '*',
  '?',
  '#',
  '&',
  '=',
  '\\',
  'http://',
  'https://a.b/',
  'api://',
  'a ',
  ', ',
  '\u202e',
  'é',
  '{{A}}',
];

type Segment = string | number;

/** The paths of a value's strings, each once: array indexes count as one (`*`). */
function stringPaths(value: unknown, seen: Set<string>, path: Segment[] = [], out: Segment[][] = []): Segment[][] {
  if (path.length > 12) return out;
  if (typeof value === 'string') {
    const shape = path.map((s) => (typeof s === 'number' ? '*' : s)).join('/');
    if (!seen.has(shape)) {
      seen.add(shape);
      out.push(path);
    }
  } else if (Array.isArray(value)) value.forEach((v, i) => stringPaths(v, seen, [...path, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) stringPaths(v, seen, [...path, k], out);
  return out;
}

/** A copy of `value` with the string at `path` replaced. */
function withString(value: unknown, path: Segment[], s: string): unknown {
  const copy = structuredClone(value) as Record<Segment, unknown>;
  let at = copy;
  for (const segment of path.slice(0, -1)) at = at[segment] as Record<Segment, unknown>;
  at[path[path.length - 1]!] = s;
  return copy;
}

function main(): void {
  const i = process.argv.indexOf('--length');
  const length = i > 0 ? Number(process.argv[i + 1]) : 50_000;
  const corpus = loadCorpus();
  if (corpus.notice) console.log(corpus.notice);
  const seen = new Set<string>();
  const times: { ms: number; label: string }[] = [];
  for (const m of corpus.manifests) {
    let value: unknown;
    try {
      value = JSON.parse(m.text.replace(/^\uFEFF/, ''));
    } catch {
      continue;
    }
    for (const path of stringPaths(value, seen)) {
      for (const run of RUNS) {
        const body = run.repeat(Math.ceil(length / run.length));
        for (const s of [body, `x${body}}}y`, `{{A}}${body}`]) {
          const text = JSON.stringify(withString(value, path, s), null, 2);
          const start = performance.now();
          lintManifest(text);
          const ms = performance.now() - start;
          times.push({ ms, label: `${m.name} ${path.join('.')} ${JSON.stringify(s.slice(0, 12))}…` });
        }
      }
    }
  }
  times.sort((a, b) => b.ms - a.ms);
  for (const t of times.slice(0, 10)) console.log(`${t.ms.toFixed(1).padStart(8)} ms  ${t.label}`);
  console.log(
    JSON.stringify({
      bench: 'lint-strings',
      lints: times.length,
      maxMs: Number((times[0]?.ms ?? 0).toFixed(1)),
      slowest: times[0]?.label ?? '',
      over100Ms: times.filter((t) => t.ms > 100).length,
    }),
  );
}

main();
