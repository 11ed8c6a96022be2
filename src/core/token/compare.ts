// Two (or more) decoded tokens side by side as a Markdown table: the claims that tell a delegated
// token from an app-only one (scp vs roles, oid/sub of a user vs of the client's service principal).
// Pure; every value from a token is escaped for Markdown.
import type { TokenAnalysis } from './analyze';

export interface ComparedToken {
  readonly label: string;
  readonly analysis: TokenAnalysis;
}

/**
 * Escapes text for a Markdown table cell: no HTML, pipes, emphasis, code or links. Characters that
 * only matter at the start of a line (#, -, +) are left alone: a cell never starts one.
 */
export function markdownCell(text: string): string {
  return text.replace(/[\\`*_[\]|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function claim(a: TokenAnalysis, name: string): string {
  const v = a.payload[name];
  if (v === undefined) return '—';
  return markdownCell(Array.isArray(v) ? v.map(String).join(' ') : typeof v === 'string' ? v : JSON.stringify(v));
}

const ROWS: ReadonlyArray<readonly [string, (a: TokenAnalysis) => string]> = [
  ['Flow', (a) => markdownCell(a.summary.flow)],
  ['aud (the API)', (a) => claim(a, 'aud')],
  ['azp / appid (the client)', (a) => (a.payload.azp !== undefined ? claim(a, 'azp') : claim(a, 'appid'))],
  ['scp (delegated scopes)', (a) => claim(a, 'scp')],
  ['roles (app roles)', (a) => claim(a, 'roles')],
  ['idtyp', (a) => claim(a, 'idtyp')],
  ['oid', (a) => claim(a, 'oid')],
  ['sub', (a) => claim(a, 'sub')],
  ['User', (a) => (a.summary.user?.username ? markdownCell(a.summary.user.username) : '—')],
  ['Token version', (a) => markdownCell(a.summary.version ?? 'unknown')],
];

/** What the comparison teaches, from the tokens themselves (not fixed text). */
function notes(tokens: readonly ComparedToken[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const s = t.analysis.summary;
    const label = markdownCell(t.label);
    if (s.flow === 'delegated') {
      out.push(
        `**${label}** acts for a user: scp holds ${s.scopes.length ? s.scopes.map(markdownCell).join(', ') : 'no scope'}; oid is the user's object id (the same for every app), sub is pairwise (differs per app).${s.roles.length ? ' Its roles are app roles assigned to the user.' : ''}`,
      );
    } else if (s.flow === 'app-only') {
      out.push(
        `**${label}** is app-only (client credentials): no scp at all; roles are the application permissions granted to the client; oid and sub are the client's service principal.`,
      );
    }
  }
  return out;
}

/** A Markdown document comparing the tokens column by column. */
export function compareTokensMarkdown(tokens: readonly ComparedToken[], title = 'Tokens side by side'): string {
  const head = `| Claim | ${tokens.map((t) => markdownCell(t.label)).join(' | ')} |`;
  const rule = `| --- | ${tokens.map(() => '---').join(' | ')} |`;
  const rows = ROWS.map(
    ([name, get]) => `| ${markdownCell(name)} | ${tokens.map((t) => get(t.analysis)).join(' | ')} |`,
  );
  const lines = notes(tokens);
  return [
    `# ${markdownCell(title)}`,
    '',
    head,
    rule,
    ...rows,
    '',
    ...(lines.length ? ['## What to notice', '', ...lines.map((l) => `- ${l}`), ''] : []),
  ].join('\n');
}
