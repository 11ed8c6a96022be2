// `entra-workbench decode`: explains a token on the command line. Never prints the token back.
import { readFile, stat } from 'node:fs/promises';
import { analyzeToken, type TokenAnalysis } from '../core/token/analyze';
import { decodeToken } from '../core/token/decode';
import { extractToken } from '../core/token/extract';
import { verifyToken, type ExpectedRegistration } from '../core/token/verify';
import type { CliCommand, CliIo } from './types';

const usage = `Usage: entra-workbench decode [--json] [--verify] [--now ISO] [--audience ID|URI]... [--issuer ISS] [--authority URL] <token | ->

Decodes a JWT (bare, "Bearer …", an Authorization header line, or a URL with access_token/id_token),
explains every claim and lists problems. The argument may also name a file holding the token; stdin
is read when it is "-" or missing.

  --json             print {header, payload, summary, claims, problems, signature} as JSON
  --verify           check the signature with the issuer's published keys (network)
  --now ISO          evaluate expiry at this instant instead of the current time
  --audience X       with --verify: the API's app id or App ID URI the token must be for (repeatable)
  --issuer ISS       with --verify: the issuer the token must have ({tenantid} is replaced by tid)
  --authority URL    with --verify: where v1 (sts.windows.net) issuers publish their keys
                     (national cloud login host or a local emulator; default login.microsoftonline.com)

Exit codes: 0 decoded (with --verify: and the signature is valid); 1 not a decodable token, or
(with --verify) an invalid signature; 2 bad usage or an unreadable file; 3 (with --verify) the
signature could not be checked (offline, a shared-secret or encrypted token): not proven valid.`;

interface Options {
  json: boolean;
  verify: boolean;
  now?: number;
  audience: string[];
  issuer?: string;
  authority?: string;
  input?: string;
}

function parseArgs(args: string[]): Options | string {
  const o: Options = { json: false, verify: false, audience: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string | undefined => args[++i];
    if (a === '--json') o.json = true;
    else if (a === '--verify') o.verify = true;
    else if (a === '--now') {
      const v = value();
      const t = v === undefined ? NaN : Date.parse(v);
      if (Number.isNaN(t)) return `--now needs an ISO 8601 date, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`;
      o.now = t;
    } else if (a === '--audience') {
      const v = value();
      if (v === undefined) return '--audience needs a value';
      o.audience.push(v);
    } else if (a === '--issuer') {
      const v = value();
      if (v === undefined) return '--issuer needs a value';
      o.issuer = v;
    } else if (a === '--authority') {
      const v = value();
      if (v === undefined || !v.startsWith('https://')) return '--authority needs an https URL';
      o.authority = v;
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (o.input !== undefined) return 'give one token only';
    else o.input = a;
  }
  return o;
}

function short(value: unknown, max = 60): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function table(rows: [string, string, string][]): string[] {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.min(44, Math.max(...rows.map((r) => r[1].length)));
  return rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
}

export function formatText(a: TokenAnalysis): string {
  const s = a.summary;
  const kind = s.kind === 'access' ? 'access token' : s.kind === 'id' ? 'ID token' : 'token of unknown kind';
  const lines: string[] = [];
  const row = (label: string, value: string): void => {
    lines.push(`${label.padEnd(10)} ${value}`);
  };
  row('Token', `${kind}${s.version ? ` v${s.version}` : ''}, ${s.flow === 'unknown' ? 'flow unknown' : s.flow} (${s.kindReason}; ${s.flowReason})`);
  row('Audience', s.audience === null ? '(none)' : `${s.audience}${s.audienceName ? ` (${s.audienceName})` : ''}`);
  row('Client', s.client.appId === null ? '(unknown)' : `${s.client.appId}${s.client.name ? ` (${s.client.name})` : ''}${s.client.authentication ? `, authenticated with ${s.client.authentication}` : ''}`);
  if (s.user) {
    const who = [s.user.username, s.user.name].filter((x) => x !== null).join(', ');
    row('User', `${who || '(no name)'}${s.user.objectId ? `; oid ${s.user.objectId}` : ''}${s.user.subject ? `; sub ${s.user.subject} (pairwise)` : ''}`);
  }
  row('Tenant', `${s.tenantId ?? '(none)'}${s.tenant.personalAccount ? ' (personal Microsoft account)' : ''}${s.tenant.guest ? `, guest from ${s.tenant.identityProvider ?? 'another tenant'}` : ''}`);
  row('Issuer', `${s.issuer ?? '(none)'} (${s.issuerForm})`);
  row('Expires', s.expiresAt === null ? '(no numeric exp)' : `${s.expiresAt.replace('T', ' ').replace('Z', ' UTC')} (${s.expiry ?? ''})`);
  row('Scopes', s.scopes.length ? s.scopes.join(' ') : '(none)');
  row('Roles', s.roles.length ? s.roles.join(' ') : '(none)');
  lines.push('', 'Header');
  lines.push(...table(a.headerClaims.map((c) => [c.name, short(c.value), c.explanation])));
  lines.push('', 'Claims');
  lines.push(...table(a.claims.map((c) => [c.name, short(c.value), c.explanation])));
  lines.push('', 'Problems');
  if (a.problems.length === 0) lines.push('  none');
  for (const p of a.problems) lines.push(`  ${p.severity.padEnd(7)} ${p.code}: ${p.message}`);
  lines.push('', `Signature  ${a.signature.status}: ${a.signature.reason}`);
  return lines.join('\n') + '\n';
}

async function run(args: string[], io: CliIo): Promise<number> {
  const o = parseArgs(args);
  if (typeof o === 'string') {
    io.stderr(`entra-workbench decode: ${o}\n${usage}\n`);
    return 2;
  }
  const fail = (code: string, message: string, exitCode = 1): number => {
    if (o.json) io.stdout(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
    io.stderr(`entra-workbench decode: ${message}\n`);
    return exitCode;
  };
  let input: string;
  if (o.input === undefined || o.input === '-') input = await io.readStdin();
  else {
    const file = await readTokenFile(o.input);
    if (file.status === 'file') input = file.text;
    else if (file.status === 'folder') return fail('unreadable', `${o.input} is a folder. Give the token, a file holding it, or - to read stdin.`, 2);
    else if (looksLikePath(o.input)) return fail('unreadable', `There is no file ${o.input}. Give the token, a file holding it, or - to read stdin.`, 2);
    else input = o.input;
  }
  const extracted = extractToken(input);
  if (!extracted.ok) return fail('empty', extracted.message);
  const decoded = decodeToken(extracted.token);
  if (!decoded.ok) return fail(decoded.error.code, decoded.error.message);
  const analysis = analyzeToken(decoded.token, o.now === undefined ? {} : { now: o.now });
  let signature = analysis.signature;
  if (o.verify && signature.status !== 'cannot-verify') {
    const expected: ExpectedRegistration = { ...(o.audience.length ? { audience: o.audience } : {}), ...(o.issuer ? { issuer: o.issuer } : {}) };
    const v = await verifyToken(extracted.token, { ...(o.now === undefined ? {} : { now: o.now }), ...(o.authority ? { authorityHost: o.authority } : {}), expected });
    signature = { status: v.status, reason: v.reason };
  }
  const result = { ...analysis, signature };
  if (o.json) {
    const { header, payload, summary, claims, headerClaims, problems } = result;
    io.stdout(`${JSON.stringify({ header, payload, summary, claims, headerClaims, problems, signature }, null, 2)}\n`);
  } else io.stdout(formatText(result));
  if (!o.verify) return 0;
  return signature.status === 'valid' ? 0 : signature.status === 'invalid' ? 1 : 3;
}

/** The argument as a file: its text when it names a file, whether it is a folder, or absent. */
async function readTokenFile(arg: string): Promise<{ status: 'file'; text: string } | { status: 'folder' | 'none' }> {
  try {
    const s = await stat(arg);
    if (s.isDirectory()) return { status: 'folder' };
    if (s.isFile()) return { status: 'file', text: await readFile(arg, 'utf8') };
  } catch {
    // not a path: the argument is the token itself
  }
  return { status: 'none' };
}

/** Tokens, headers and URLs never look like this: a path (absolute, relative, home) or a .jwt/.txt name. */
function looksLikePath(arg: string): boolean {
  return /^(?:\/|\.{1,2}[\\/]|~[\\/]|[A-Za-z]:[\\/])/.test(arg) || /\.(?:jwt|txt|token)$/i.test(arg);
}

export const decodeCommand: CliCommand = {
  name: 'decode',
  summary: 'explain a token (JWT): claims, problems, signature',
  usage,
  run,
};
