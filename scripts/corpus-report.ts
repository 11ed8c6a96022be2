// `npm run corpus:report [-- DIR] [--now ISO] [--json]`: lints every manifest and decodes every
// token of a corpus (default ../shared/corpus, written by others) and prints, per file, the verdict
// and each finding, then a summary: errors/warnings/infos/hints and verdicts of the manifests, and the
// kind, version, flow, audience, issuer form and tenant of each token. A measuring tool: it never
// fails on findings (exit 0), only when the corpus is missing (exit 2).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { positionConverter } from '../src/core/manifest/positions';
import { lintManifest } from '../src/core/manifest/lint';
import { analyzeToken } from '../src/core/token/analyze';
import { decodeToken } from '../src/core/token/decode';
import { extractToken } from '../src/core/token/extract';

const root = resolve(__dirname, '..');
const args = process.argv.slice(2);
let dir = resolve(root, '../shared/corpus');
let now = new Date();
let json = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--now') now = new Date(Date.parse(args[++i] ?? ''));
  else if (a === '--json') json = true;
  else dir = resolve(a);
}
if (Number.isNaN(now.getTime())) {
  console.error('corpus-report: --now needs an ISO 8601 date');
  process.exit(2);
}
const manifestDir = join(dir, 'manifests');
const tokenDir = join(dir, 'tokens');
if (!existsSync(manifestDir) && !existsSync(tokenDir)) {
  console.error(`corpus-report: no manifests/ or tokens/ under ${dir}`);
  process.exit(2);
}

const list = (d: string, ext: string): string[] =>
  existsSync(d)
    ? readdirSync(d)
        .filter((f) => f.endsWith(ext))
        .sort()
    : [];

interface ManifestRow {
  file: string;
  format: string;
  flavor: string;
  counts: Record<string, number>;
  findings: { severity: string; ruleId: string; line: number; message: string }[];
}
const manifests: ManifestRow[] = [];
for (const file of list(manifestDir, '.json')) {
  const text = readFileSync(join(manifestDir, file), 'utf8');
  const r = lintManifest(text, { now, fileName: file });
  const counts: Record<string, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const p of r.problems) counts[p.severity] = (counts[p.severity] ?? 0) + 1;
  const toPosition = positionConverter(text);
  manifests.push({
    file,
    format: r.format,
    flavor: r.flavor,
    counts,
    findings: r.problems.map((p) => ({
      severity: p.severity,
      ruleId: p.ruleId,
      line: toPosition(p.offset).line + 1,
      message: p.message,
    })),
  });
}

interface TokenRow {
  file: string;
  ok: boolean;
  error?: string;
  notices: string[];
  kind?: string;
  version?: string | null;
  flow?: string;
  audience?: string | null;
  audienceName?: string | null;
  issuerForm?: string;
  tenant?: string | null;
  problems: { severity: string; code: string; message: string }[];
}
const tokens: TokenRow[] = [];
for (const file of list(tokenDir, '.jwt')) {
  const raw = readFileSync(join(tokenDir, file), 'utf8');
  const extracted = extractToken(raw);
  const notices: string[] = extracted.ok && extracted.notice ? [extracted.notice] : [];
  const d = decodeToken(extracted.ok ? extracted.token : raw);
  if (!d.ok) {
    tokens.push({ file, ok: false, error: `${d.error.code}: ${d.error.message}`, notices, problems: [] });
    continue;
  }
  const a = analyzeToken(d.token, { now });
  const s = a.summary;
  tokens.push({
    file,
    ok: true,
    notices,
    kind: s.kind,
    version: s.version,
    flow: s.flow,
    audience: s.audience,
    audienceName: s.audienceName,
    issuerForm: s.issuerForm,
    tenant: s.tenantId,
    problems: a.problems.map((p) => ({ severity: p.severity, code: p.code, message: p.message })),
  });
}

if (json) {
  console.log(JSON.stringify({ now: now.toISOString(), manifests, tokens }, null, 2));
  process.exit(0);
}

const out: string[] = [
  `Corpus ${dir} (date rules evaluated at ${now.toISOString()})`,
  '',
  `Manifests (${manifests.length})`,
];
for (const m of manifests) {
  out.push(
    `  ${m.file}: ${m.format}${m.format === 'teams-template' ? ` (${m.flavor} schema)` : ''}; ${m.counts.error} errors, ${m.counts.warning} warnings, ${m.counts.info} infos, ${m.counts.hint} hints`,
  );
  for (const f of m.findings) out.push(`    ${f.line}: ${f.severity} ${f.ruleId}: ${f.message}`);
}
out.push('', `Tokens (${tokens.length})`);
for (const t of tokens) {
  if (!t.ok) {
    out.push(`  ${t.file}: NOT DECODED (${t.error})`);
    continue;
  }
  out.push(
    `  ${t.file}: kind ${t.kind}, version ${t.version ?? '-'}, flow ${t.flow}, aud ${t.audience ?? '-'}${t.audienceName ? ` (${t.audienceName})` : ''}, issuer ${t.issuerForm}, tenant ${t.tenant ?? '-'}`,
  );
  for (const n of t.notices) out.push(`    notice: ${n}`);
  for (const p of t.problems) out.push(`    ${p.severity} ${p.code}: ${p.message}`);
}
const sum = (k: string): number => manifests.reduce((n, m) => n + (m.counts[k] ?? 0), 0);
const verdicts = new Map<string, number>();
for (const m of manifests) verdicts.set(m.format, (verdicts.get(m.format) ?? 0) + 1);
out.push(
  '',
  'Summary',
  `  manifests: ${manifests.length} files; ${sum('error')} errors, ${sum('warning')} warnings, ${sum('info')} infos, ${sum('hint')} hints; verdicts ${[...verdicts].map(([k, v]) => `${k} ${v}`).join(', ')}`,
  `  files with errors: ${
    manifests
      .filter((m) => m.counts.error! > 0)
      .map((m) => m.file)
      .join(', ') || 'none'
  }`,
  `  tokens: ${tokens.length} files; ${tokens.filter((t) => t.ok).length} decoded`,
);
for (const t of tokens) {
  out.push(
    `    ${t.file.padEnd(36)} ${t.ok ? `${t.kind}/${t.version ?? '-'}/${t.flow}/${t.issuerForm}/${t.tenant ?? '-'}` : 'not decoded'}`,
  );
}
console.log(out.join('\n'));
