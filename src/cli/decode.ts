// `entra-workbench decode`: explains a token on the command line. Never prints the token back.
// The text output is in the locale's language (--locale, or the environment: see ./l10n); the
// --json document stays English, texts included, so that scripts and diffs read the same words
// whatever the locale. Codes, kinds, statuses and values are never translated.
import * as l10n from '@vscode/l10n';
import { open, stat } from 'node:fs/promises';
import { DISPLAY_LIMITS, OUTPUT_LIMITS, pruneJson, renderJson } from '../core/text/boundedJson';
import { clipText, escapeInvisibleInJson, moreMarker, visible } from '../core/text/visible';
import { analyzeToken, type TokenAnalysis } from '../core/token/analyze';
import { decodeToken } from '../core/token/decode';
import { explainToken, type ClaimTable, type SummaryFact } from '../core/token/explanation';
import { extractToken, looksLikeFilePath } from '../core/token/extract';
import { trustPolicy, type TrustOptions } from '../core/token/trust';
import { KeyCache, verifyToken, type ExpectedRegistration } from '../core/token/verify';
import { parseDecodeArgs } from './decodeArgs';
import { type CliCommand, type CliIo, StdinTooLargeError } from './types';
import { defaultFetchJson } from '../io/keys';
import { english, type Localizer } from '../core/text/localizer';

function usage(): string {
  return l10n.t(
    `Usage: entra-workbench decode [--json] [--verify] [--now ISO] [--audience ID|URI]... [--issuer ISS] [--authority URL] [--cloud NAME] [--trust-issuer URL]... <token | file | ->

Decodes a JWT (bare, "Bearer …", an Authorization header line, or a URL with access_token/id_token),
explains every claim and lists problems. An argument that names an existing file is read as the
token (one token per file, surrounding whitespace ignored); one that looks like a path (/…, ./…,
~/…, C:\\…, or a .jwt/.txt/.token name) but names no file is an error, never decoded as a token.
stdin is read when the argument is "-" or missing.

  --json             print {header, payload, summary, claims, problems, signature} as JSON
  --verify           check the signature with the issuer's published keys (network)
  --now ISO          evaluate expiry at this instant instead of the current time
  --audience X       with --verify: the API's app id or App ID URI the token must be for (repeatable)
  --issuer ISS       with --verify: the issuer the token must have ({tenantid} is replaced by tid)
  --authority URL    with --verify: where v1 (sts.windows.net) issuers publish their keys
                     (national cloud login host or a local emulator; default login.microsoftonline.com);
                     its issuers are trusted too
  --cloud NAME       the Microsoft cloud whose authorities are trusted: AzureCloud (default),
                     AzureUSGovernment, AzureUSGovernmentDoD, AzureChinaCloud
  --trust-issuer URL trust this issuer's keys too (repeatable): an issuer (https://host/{tenantid}/v2.0)
                     or an authority origin (https://host[:port]) for all its issuers. Keys are only
                     fetched from Microsoft authorities of the cloud, --authority and these; any
                     other issuer cannot be verified (it could be anyone's). IP addresses and
                     loopback hosts need this option.

Exit codes: 0 decoded (with --verify: only when the signature was verified valid); 1 not a
decodable token, or (with --verify) a signature that is invalid or could not be checked (offline,
a Microsoft Graph or shared-secret token, an issuer that is not trusted): not proven valid, the
printed reason says which;
2 bad usage, a file argument that is missing, a folder or unreadable, or a file or stdin over 1 MB.`,
  );
}

/** A claim value in the table: one line, bounded JSON for non-strings, cut at `max` with the count of the rest. */
function short(value: unknown, l10n: Localizer, max = 60): string {
  return clipText(typeof value === 'string' ? value : renderJson(value, DISPLAY_LIMITS).text, max, l10n);
}

function tableLines(rows: [string, string, string][]): string[] {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.min(44, Math.max(...rows.map((r) => r[1].length)));
  return rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
}

/** The summary's lines of one fact (none for facts the command line leaves out). */
function factLines(f: SummaryFact, l10n: Localizer): [label: string, value: string] | undefined {
  const none = l10n.t('(none)');
  switch (f.kind) {
    case 'audience':
      return [l10n.t('Audience'), f.audience === null ? none : `${f.audience}${f.name ? ` (${f.name})` : ''}`];
    case 'client':
      return [
        l10n.t('Client'),
        f.appId === null
          ? l10n.t('(unknown)')
          : `${f.appId}${f.name ? ` (${f.name})` : ''}${f.authentication ? l10n.t(', authenticated with {0}', f.authentication) : ''}`,
      ];
    case 'user': {
      const u = f.user;
      if (!u) return undefined;
      const who = [u.username, u.name].filter((x) => x !== null).join(', ');
      return [
        l10n.t('User'),
        `${who || l10n.t('(no name)')}${u.objectId ? `; oid ${u.objectId}` : ''}${u.subject ? l10n.t('; sub {0} (pairwise)', u.subject) : ''}`,
      ];
    }
    case 'tenant': {
      const notes = f.notes
        .map((n) =>
          n.kind === 'personal'
            ? ` (${l10n.t('personal Microsoft account')})`
            : `, ${n.from === null ? l10n.t('guest from another tenant') : l10n.t('guest from {0}', n.from)}`,
        )
        .join('');
      return [l10n.t('Tenant'), `${f.tenantId ?? none}${notes}`];
    }
    case 'issuer':
      return [l10n.t('Issuer'), `${f.issuer ?? none} (${f.form})`];
    case 'expires':
      return [
        l10n.t('Expires'),
        f.iso === null
          ? l10n.t('(no numeric exp)')
          : `${f.iso.replace('T', ' ').replace('Z', ' UTC')} (${f.relative ?? ''})`,
      ];
    case 'scopes':
      return [l10n.t('Scopes'), f.values.length ? f.values.join(' ') : none];
    case 'roles':
      return [l10n.t('Roles'), f.values.length ? f.values.join(' ') : none];
    default:
      // Issued and valid-from times are in the claims table.
      return undefined;
  }
}

function claimLines(table: ClaimTable, l10n: Localizer): string[] {
  return tableLines(table.rows.map((c) => [short(c.name, l10n, 40), short(c.value, l10n), c.explanation]));
}

function kindText(kind: TokenAnalysis['summary']['kind'], l10n: Localizer): string {
  return kind === 'access'
    ? l10n.t('access token')
    : kind === 'id'
      ? l10n.t('ID token')
      : kind === 'assertion'
        ? l10n.t('client assertion')
        : l10n.t('token of unknown kind');
}

function flowText(flow: TokenAnalysis['summary']['flow'], l10n: Localizer): string {
  return flow === 'delegated' ? l10n.t('delegated') : flow === 'app-only' ? l10n.t('app-only') : l10n.t('flow unknown');
}

function severityText(severity: TokenAnalysis['problems'][number]['severity'], l10n: Localizer): string {
  return severity === 'error' ? l10n.t('error') : severity === 'warning' ? l10n.t('warning') : l10n.t('info');
}

/**
 * The text output. Its labels are in the localizer's language; the analysis's texts are in the
 * language it was made with (give both the same localizer). Problem codes and the signature status
 * stay as they are: they are what scripts look for.
 */
export function formatText(a: TokenAnalysis, l10n: Localizer = english): string {
  const e = explainToken(a);
  const t = e.title;
  const lines: string[] = [];
  const facts = e.facts.map((f) => factLines(f, l10n)).filter((f) => f !== undefined);
  const tokenLabel = l10n.t('Token');
  // Labels are padded to one column: 10 characters, or more when a translated label is longer.
  const width = Math.max(10, tokenLabel.length + 1, ...facts.map(([label]) => label.length + 1));
  const row = (label: string, value: string): void => {
    lines.push(`${label.padEnd(width)} ${value}`);
  };
  row(tokenLabel, `${kindText(t.kind, l10n)}${t.version ? ` v${t.version}` : ''}, ${flowText(t.flow, l10n)}`);
  row('', `${e.kindReason} ${e.flowReason}`);
  for (const f of facts) row(...f);
  lines.push('', l10n.t('Header'), ...claimLines(e.header, l10n));
  lines.push('', l10n.t('Claims'), ...claimLines(e.claims, l10n));
  if (e.claims.omitted) lines.push(`  ${moreMarker(e.claims.omitted, 'claims', l10n)}`);
  lines.push('', l10n.t('Problems'));
  if (e.problems.length === 0) lines.push(`  ${l10n.t('none')}`);
  const severities = e.problems.map((p) => severityText(p.severity, l10n));
  const sevWidth = Math.max(7, ...severities.map((s) => s.length));
  e.problems.forEach((p, i) => lines.push(`  ${severities[i]!.padEnd(sevWidth)} ${p.code}: ${p.message}`));
  lines.push('', `${l10n.t('Signature')}  ${e.signature.status}: ${e.signature.reason}`);
  // Every line carries token text: invisible and direction-changing characters become markers,
  // and summary values are cut at the display limit like claim values.
  return lines.map((l) => visible(clipText(l, DISPLAY_LIMITS.maxString * 2, l10n))).join('\n') + '\n';
}

/** The --json document: claim values within OUTPUT_LIMITS, invisible characters as JSON escapes. */
export function formatJson(a: TokenAnalysis): string {
  const claim = (c: {
    name: string;
    value: unknown;
    explanation: string;
  }): { name: string; value: unknown; explanation: string } => ({
    name: c.name,
    value: pruneJson(c.value, OUTPUT_LIMITS),
    explanation: c.explanation,
  });
  const doc = {
    header: pruneJson(a.header, { ...OUTPUT_LIMITS, maxDepth: OUTPUT_LIMITS.maxDepth + 1 }),
    payload: pruneJson(a.payload, { ...OUTPUT_LIMITS, maxDepth: OUTPUT_LIMITS.maxDepth + 1 }),
    summary: a.summary,
    claims: a.claims.map(claim),
    headerClaims: a.headerClaims.map(claim),
    problems: a.problems,
    signature: a.signature,
  };
  return `${escapeInvisibleInJson(JSON.stringify(doc, null, 2))}\n`;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const o = parseDecodeArgs(args);
  if (typeof o === 'string') {
    io.stderr(`entra-workbench decode: ${o}\n${usage()}\n`);
    return 2;
  }
  // The texts' language: the locale's for the text output, English for the --json document.
  const texts: Localizer = o.json ? english : l10n;
  const fail = (code: string, message: string, exitCode = 1): number => {
    if (o.json) io.stdout(`${escapeInvisibleInJson(JSON.stringify({ error: { code, message } }, null, 2))}\n`);
    io.stderr(`entra-workbench decode: ${visible(message)}\n`);
    return exitCode;
  };
  let input: string;
  if (o.input === undefined || o.input === '-') {
    const text = await io.readStdin(MAX_TOKEN_FILE_BYTES).catch((err: unknown) => {
      if (err instanceof StdinTooLargeError) return undefined;
      throw err;
    });
    if (text === undefined || Buffer.byteLength(text, 'utf8') > MAX_TOKEN_FILE_BYTES) {
      return fail('unreadable', stdinTooLarge(texts), 2);
    }
    input = text;
  } else {
    const file = await readTokenFile(o.input);
    if (file.status === 'file') input = file.text;
    else if (file.status === 'folder') return fail('unreadable', folderGiven(o.input, texts), 2);
    else if (file.status === 'unreadable') return fail('unreadable', cannotRead(o.input, file.message, texts), 2);
    else if (looksLikeFilePath(o.input)) return fail('unreadable', noSuchFile(o.input, texts), 2);
    else input = o.input;
  }
  const extracted = extractToken(input, texts);
  if (!extracted.ok) return fail('empty', extracted.message);
  const decoded = decodeToken(extracted.token, texts);
  if (!decoded.ok) return fail(decoded.error.code, decoded.error.message);
  const trust: TrustOptions = {
    ...(o.cloud ? { cloud: o.cloud } : {}),
    ...(o.authority ? { authorityHost: o.authority } : {}),
    trustedIssuers: o.trustIssuers,
  };
  const analysis = analyzeToken(decoded.token, { ...(o.now === undefined ? {} : { now: o.now }), trust, l10n: texts });
  let signature = analysis.signature;
  if (o.verify && signature.status !== 'cannot-verify') {
    const expected: ExpectedRegistration = {
      ...(o.audience.length ? { audience: o.audience } : {}),
      ...(o.issuer ? { issuer: o.issuer } : {}),
    };
    const v = await verifyToken(extracted.token, {
      fetchJson: defaultFetchJson(undefined, trustPolicy(trust)),
      cache: new KeyCache(),
      ...(o.now === undefined ? {} : { now: o.now }),
      ...trust,
      expected,
      l10n: texts,
    });
    signature = { status: v.status, reason: v.reason, ...(v.retryable ? { retryable: true } : {}) };
  }
  // A token joined from several lines says so among the notes.
  const joined =
    extracted.notice === undefined
      ? []
      : [{ code: 'token-joined', severity: 'info' as const, message: extracted.notice }];
  const result = { ...analysis, problems: [...analysis.problems, ...joined], signature };
  io.stdout(o.json ? formatJson(result) : formatText(result, texts));
  // With --verify only a signature proven valid passes: invalid, unchecked or not checkable all fail.
  return !o.verify || signature.status === 'valid' ? 0 : 1;
}

function stdinTooLarge(l10n: Localizer): string {
  return l10n.t(
    'stdin holds more than {0} bytes (1 MB), far more than one token; nothing was decoded.',
    MAX_TOKEN_FILE_BYTES.toLocaleString('en-US'),
  );
}

function folderGiven(path: string, l10n: Localizer): string {
  return l10n.t('{0} is a folder. Give the token, a file holding it, or - to read stdin.', path);
}

function cannotRead(path: string, why: string, l10n: Localizer): string {
  return l10n.t('Cannot read {0}: {1}.', path, why);
}

function noSuchFile(path: string, l10n: Localizer): string {
  return l10n.t('There is no file {0}. Give the token, a file holding it, or - to read stdin.', path);
}

/** Token files and stdin hold one compact token (a few KB); anything far larger is not one. */
const MAX_TOKEN_FILE_BYTES = 1024 * 1024;

type TokenFile =
  { status: 'file'; text: string } | { status: 'folder' | 'none' } | { status: 'unreadable'; message: string };

/** The argument as a file: its text (trimmed) when it names a file, a folder, unreadable, or no file at all. */
async function readTokenFile(arg: string): Promise<TokenFile> {
  let s;
  try {
    s = await stat(arg);
  } catch {
    // No such file (or not a possible name, like a long token): the argument is the token itself.
    return { status: 'none' };
  }
  if (s.isDirectory()) return { status: 'folder' };
  // Regular files, and pipes such as <(…) or /dev/stdin, are read up to the cap.
  try {
    const text = await readCapped(arg, MAX_TOKEN_FILE_BYTES);
    if (text === undefined)
      return {
        status: 'unreadable',
        message: `it holds more than ${MAX_TOKEN_FILE_BYTES} bytes, far more than one token`,
      };
    return { status: 'file', text: text.trim() };
  } catch (err) {
    return { status: 'unreadable', message: errorCodeOf(err) ?? 'read failed' };
  }
}

/** The file's text, or undefined when it holds more than `max` bytes. */
async function readCapped(path: string, max: number): Promise<string | undefined> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    while (length <= max) {
      const { bytesRead } = await handle.read(buffer, length, max + 1 - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return length > max ? undefined : buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

function errorCodeOf(err: unknown): string | undefined {
  return err !== null && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

export const decodeCommand: CliCommand = {
  name: 'decode',
  get summary() {
    return l10n.t('explain a token (JWT): claims, problems, signature');
  },
  get usage() {
    return usage();
  },
  run,
};
