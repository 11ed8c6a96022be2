// `npm run docs:rules`: prints the Markdown table of every manifest rule (the semantic rule
// registry plus the engine's schema and syntax rule ids). With --write, replaces the text between
// <!-- rules:start --> and <!-- rules:end --> in README.md instead.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { rules } from '../src/core/manifest/rules';
import { schemaRules } from '../src/core/manifest/schema';
import type { ManifestFormat } from '../src/core/manifest/types';
import { english } from '../src/core/text/localizer';

const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const formatNames: Record<ManifestFormat, string> = {
  graph: 'Graph',
  legacy: 'legacy',
  'teams-template': 'Teams template',
  partial: 'partial',
  'not-manifest': 'any',
};

/** The rules table in Markdown (in English); one row per rule id, each with an anchor `rule-<id>` for links. */
export function rulesTable(): string {
  const rows: string[] = ['| Rule | Severity | Formats | What it checks | Docs |', '| --- | --- | --- | --- | --- |'];
  for (const r of schemaRules) {
    rows.push(
      `| <a id="rule-${r.id}"></a>\`${r.id}\` | ${r.severity} | all | ${cell(r.description(english))} | [docs](${r.docs}) |`,
    );
  }
  for (const r of rules) {
    const formats = r.formats.map((f) => formatNames[f]).join(', ');
    rows.push(
      `| <a id="rule-${r.id}"></a>\`${r.id}\` | ${r.severity} | ${formats} | ${cell(r.description(english))} | [docs](${r.docs}) |`,
    );
  }
  return rows.join('\n') + '\n';
}

function main(argv: string[]): number {
  const table = rulesTable();
  const check = argv.includes('--check');
  if (!argv.includes('--write') && !check) {
    process.stdout.write(table);
    return 0;
  }
  const readme = resolve(__dirname, '..', 'README.md');
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) {
    process.stderr.write(`README.md has no ${START} … ${END} markers; add them where the table belongs.\n`);
    return 2;
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const updated = text.slice(0, start + START.length) + eol + table.replace(/\n/g, eol) + text.slice(end);
  if (check) {
    if (updated !== text) {
      process.stderr.write('README.md rule table is out of date: run npm run docs:rules -- --write\n');
      return 1;
    }
    process.stdout.write(`README.md rule table is up to date (${schemaRules.length + rules.length} rules)\n`);
    return 0;
  }
  if (updated !== text) writeFileSync(readme, updated);
  process.stdout.write(
    `README.md: ${schemaRules.length + rules.length} rules ${updated === text ? 'already up to date' : 'written'}\n`,
  );
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
