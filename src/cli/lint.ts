// `entra-workbench lint`: the manifest engine for CI, with text, JSON and SARIF 2.1.0 output.
import * as l10n from '@vscode/l10n';
import { statSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { glob, isDynamicPattern } from 'tinyglobby';
import { findWorkspaceCatalog, loadCatalogFile, loadCatalogFromMicrosoftInfo } from '../io/catalogFiles';
import { builtInCatalog, combineCatalogs } from '../core/manifest/catalog';
import { offsetRange, positionConverter } from '../core/manifest/positions';
import { docsForRule, lintManifest } from '../core/manifest/lint';
import { rules as registry } from '../core/manifest/rules';
import { schemaRules } from '../core/manifest/schema';
import type { ManifestFormat, PermissionCatalog, Problem, Severity } from '../core/manifest/types';
import { english, type Localizer } from '../core/text/localizer';
import { productName } from '../core/version';
import { parseOptions } from './args';
import { sarifLog } from './sarif';
import type { CliCommand, CliIo } from './types';
import { errorText } from '../core/graph/errors';
import { explainSystemCode } from '../core/text/systemErrors';

function usage(): string {
  return l10n.t(
    `Usage: {0} lint [--format text|json|sarif] [--verdicts] [--now ISO] [--catalog DIR] <files…>

Checks Microsoft Entra app manifests (Microsoft Graph format, legacy Azure AD Graph format and
Teams Toolkit templates) against the schema and the manifest rules. "-" reads stdin. A quoted glob
('apps/**/*.manifest.json') is expanded here, so it works in every shell; a glob that matches no
file is an error.

  --format F     text (default: file:line:col severity ruleId message), json, or sarif (2.1.0)
  --verdicts     add one "format-verdict" info record per file (graph, legacy, teams-template,
                 partial or not-manifest), so clean files appear too: a CI job can tell "clean"
                 from "not recognised"
  --now ISO      evaluate date rules (credential expiry) at this instant
  --catalog P    a permission catalogue: a file written by "catalog pull" (the tenant's APIs,
                 your own included), or a microsoft-info folder (GraphDelegateRoles.json,
                 GraphAppRoles.json, MicrosoftApps.json); may be given more than once, the first
                 that knows an API answers. Without it, .entra/catalog.json in the working folder
                 or the nearest parent that has one is used when present.

Exit codes: 0 no errors; 1 at least one error; 2 bad usage or an unreadable file.`,
    productName,
  );
}

type OutputFormat = 'text' | 'json' | 'sarif';

interface Options {
  format: OutputFormat;
  verdicts: boolean;
  now?: Date;
  catalogs: string[];
  files: string[];
}

function parseLintArgs(args: string[]): Options | string {
  const parsed = parseOptions(args, {
    format: { type: 'string' },
    verdicts: { type: 'boolean' },
    now: { type: 'string' },
    catalog: { type: 'string', multiple: true },
  });
  if (typeof parsed === 'string') return parsed;
  const { values, positionals } = parsed;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif')
    return l10n.t('{0} must be {1}, {2} or {3}, got {4}', '--format', 'text', 'json', 'sarif', JSON.stringify(format));
  const o: Options = { format, verdicts: values.verdicts ?? false, catalogs: values.catalog ?? [], files: positionals };
  if (values.now !== undefined) {
    const t = Date.parse(values.now);
    if (Number.isNaN(t)) return l10n.t('{0} needs an ISO 8601 date, got {1}', '--now', JSON.stringify(values.now));
    o.now = new Date(t);
  }
  if (o.files.length === 0) return l10n.t('give at least one manifest file');
  return o;
}

/** One finding as the JSON output prints it (ranges 0-based, UTF-16). */
export interface LintRecord {
  readonly file: string;
  readonly format: ManifestFormat;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly path: string;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

function displayName(file: string): string {
  if (file === '-') return '<stdin>';
  const rel = relative(process.cwd(), resolve(file));
  return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : file;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseLintArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`${productName} lint: ${parsed}\n${usage()}\n`);
    return 2;
  }
  let catalog: PermissionCatalog | undefined;
  const sources = parsed.catalogs.length > 0 ? parsed.catalogs : [findWorkspaceCatalog(process.cwd())];
  const loaded: PermissionCatalog[] = [];
  for (const source of sources) {
    if (source === undefined) continue;
    try {
      loaded.push(
        statSync(source).isDirectory() ? loadCatalogFromMicrosoftInfo(source) : loadCatalogFile(source, l10n),
      );
    } catch (err) {
      io.stderr(
        `${productName} lint: ${l10n.t('cannot load the catalogue from {0}: {1}', source, errorText(err, l10n))}\n`,
      );
      return 2;
    }
  }
  if (loaded.length > 0) catalog = combineCatalogs(...loaded, builtInCatalog());
  const files: string[] = [];
  for (const arg of parsed.files) {
    // A name that exists is taken as written even if it has glob characters (a file named a[1].json).
    if (arg === '-' || !isDynamicPattern(arg) || (await readable(arg))) {
      files.push(arg);
      continue;
    }
    const matches = await glob(arg, { onlyFiles: true, dot: false, expandDirectories: false });
    if (matches.length === 0) {
      io.stderr(`${productName} lint: ${l10n.t('no file matches {0}', arg)}\n`);
      return 2;
    }
    files.push(...matches.sort());
  }
  const records: LintRecord[] = [];
  let unreadable = 0;
  // Text output is read by people: its messages follow the locale. JSON and SARIF are read by
  // programs and CI logs, and code scanning matches alerts by message: they stay in English.
  const texts: Localizer = parsed.format === 'text' ? l10n : english;
  for (const file of files) {
    let text: string;
    try {
      text = file === '-' ? await io.readStdin() : await readFile(file, 'utf8');
      if (file === '-' && text.trim() === '') {
        io.stderr(
          `${productName} lint: ${l10n.t('stdin is empty: pipe a manifest in (e.g. {0})', `${productName} lint - < app.manifest.json`)}\n`,
        );
        return 2;
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // In every format the file gets an error record, so no report reads as clean.
      if (parsed.format !== 'text')
        io.stderr(
          `${productName} lint: ${code ? l10n.t('cannot read {0} ({1})', file, code) : l10n.t('cannot read {0}', file)}\n`,
        );
      records.push(unreadableRecord(displayName(file), code, texts));
      unreadable++;
      continue;
    }
    const result = lintManifest(text, { now: parsed.now, catalog, fileName: file, l10n: texts });
    const name = displayName(file);
    if (parsed.verdicts) {
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      records.push({
        file: name,
        format: result.format,
        ruleId: 'format-verdict',
        severity: 'info',
        message: verdictMessage(result.format, result.flavor, result.problems.length, texts),
        path: '',
        range,
      });
    }
    const toPosition = positionConverter(text);
    for (const p of result.problems) records.push(toRecord(name, result.format, toPosition, p));
  }
  if (parsed.format === 'json') io.stdout(JSON.stringify(records, null, 2) + '\n');
  else if (parsed.format === 'sarif') io.stdout(JSON.stringify(toSarif(records, unreadable === 0), null, 2) + '\n');
  else {
    for (const r of records)
      io.stdout(
        `${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1} ${r.severity} ${r.ruleId} ${r.message}\n`,
      );
    io.stderr(`${summary(records, files.length, unreadable)}\n`);
  }
  if (unreadable > 0) return 2;
  return records.some((r) => r.severity === 'error') ? 1 : 0;
}

async function readable(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The SARIF artifactLocation.uri of a displayed file name: a relative URI reference (each path
 * segment percent-encoded, so `#`, `?`, `%` and spaces stay part of the name) for files under the
 * working folder, an absolute file: URI otherwise.
 */
export function artifactUri(file: string): string {
  if (file === '<stdin>') return 'stdin';
  if (isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file) || file.startsWith('..'))
    return pathToFileURL(resolve(file)).href;
  return file
    .split(/[\\/]/)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** Why a file could not be read, and what to do. */
function readError(code: string | undefined, l10n: Localizer): string {
  switch (code) {
    case 'ENOENT':
      return l10n.t('there is no such file. Check the path');
    case 'EISDIR':
      return l10n.t('it is a folder. Name the manifest files (e.g. with a shell glob)');
    case 'EACCES':
    case 'EPERM':
      return l10n.t('permission denied. Check the file permissions');
    default: {
      const known = code === undefined ? undefined : explainSystemCode(code, l10n);
      return code === undefined
        ? l10n.t('the system said no reason. Check the path')
        : known
          ? l10n.t('{0} ({1}). Check the path', known, code)
          : l10n.t('the system said {0}. Check the path', code);
    }
  }
}

/** The format-verdict record's message: the verdict and how many findings the file has. */
function verdictMessage(format: ManifestFormat, flavor: string, findings: number, l10n: Localizer): string {
  const verdict = format === 'teams-template' ? l10n.t('{0} ({1} schema)', format, flavor) : format;
  return findings === 0
    ? l10n.t('Format verdict: {0}; no findings.', verdict)
    : findings === 1
      ? l10n.t('Format verdict: {0}; 1 finding.', verdict)
      : l10n.t('Format verdict: {0}; {1} findings.', verdict, findings);
}

/** The record of a file that could not be read (the whole run then exits 2). */
function unreadableRecord(file: string, code: string | undefined, l10n: Localizer): LintRecord {
  const start = { line: 0, character: 0 };
  return {
    file,
    format: 'not-manifest',
    ruleId: 'file-unreadable',
    severity: 'error',
    message: l10n.t('Cannot read this file: {0}.', readError(code, l10n)),
    path: '',
    range: { start, end: start },
  };
}

/** "3 problems (1 error, 1 warning, 1 info) in 2 files", plus how many files could not be read. */
export function summary(records: readonly LintRecord[], files: number, unreadable: number): string {
  const count = (s: Severity): number => records.filter((r) => r.severity === s).length;
  const parts = [
    count('error') === 1 ? l10n.t('1 error') : l10n.t('{0} errors', count('error')),
    count('warning') === 1 ? l10n.t('1 warning') : l10n.t('{0} warnings', count('warning')),
  ];
  if (count('info') > 0) parts.push(l10n.t('{0} info', count('info')));
  if (count('hint') > 0) parts.push(count('hint') === 1 ? l10n.t('1 hint') : l10n.t('{0} hints', count('hint')));
  const problems = records.length === 1 ? l10n.t('1 problem') : l10n.t('{0} problems', records.length);
  const inFiles =
    files === 1
      ? l10n.t('{0} ({1}) in 1 file', problems, parts.join(', '))
      : l10n.t('{0} ({1}) in {2} files', problems, parts.join(', '), files);
  if (unreadable === 0) return inFiles;
  return unreadable === 1
    ? l10n.t('{0}; 1 file could not be read', inFiles)
    : l10n.t('{0}; {1} files could not be read', inFiles, unreadable);
}

function toRecord(
  file: string,
  format: ManifestFormat,
  toPosition: (offset: number) => { line: number; character: number },
  p: Problem,
): LintRecord {
  return {
    file,
    format,
    ruleId: p.ruleId,
    severity: p.severity,
    message: p.message,
    path: p.path,
    range: offsetRange(toPosition, p.offset, p.length),
  };
}

/** A SARIF 2.1.0 log for code scanning (regions 1-based, columns in UTF-16 code units). */
export function toSarif(records: readonly LintRecord[], executionSuccessful = true): object {
  const known = new Map<string, { description: string; severity: Severity }>();
  // In English: code scanning and scripts key on the rule texts.
  for (const r of schemaRules) known.set(r.id, { description: r.description(english), severity: r.severity });
  for (const r of registry) known.set(r.id, { description: r.description(english), severity: r.severity });
  const used = [...new Set(records.map((r) => r.ruleId))];
  const ids = [...new Set([...known.keys(), ...used])];
  return sarifLog({
    rules: ids.map((id) => ({
      id,
      description: known.get(id)?.description ?? id,
      helpUri: docsForRule(id),
      severity: known.get(id)?.severity ?? 'error',
    })),
    // Unreadable files make the run unsuccessful (they also appear as file-unreadable results).
    executionSuccessful,
    columnKind: 'utf16CodeUnits',
    results: records.map((r) => ({
      ruleId: r.ruleId,
      severity: r.severity,
      rest: {
        message: { text: r.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(r.file) },
              region: {
                startLine: r.range.start.line + 1,
                startColumn: r.range.start.character + 1,
                endLine: r.range.end.line + 1,
                endColumn: r.range.end.character + 1,
              },
            },
            ...(r.path ? { logicalLocations: [{ fullyQualifiedName: r.path, kind: 'member' }] } : {}),
          },
        ],
      },
    })),
  });
}

export const lintCommand: CliCommand = {
  name: 'lint',
  get summary() {
    return l10n.t('check app manifests (Graph, legacy, Teams Toolkit) for rejected or unsafe settings');
  },
  get usage() {
    return usage();
  },
  run,
};
