// Two (or more) decoded tokens side by side as a Markdown table: the claims that tell a delegated
// token from an app-only one (scp vs roles, oid/sub of a user vs of the client's service principal).
// Pure; every value from a token is escaped for Markdown. Labels and notes are in the language of the
// Localizer the caller passes (English by default); claim names and values are not translated.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import type { TokenAnalysis } from './analyze';
import { inlineValue } from '../text/boundedJson';
import { english, type Localizer } from '../text/localizer';
import { moreMarker } from '../text/visible';

type L10n = Localizer<l10n.L10nReplacement>;

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

/** Strings of a list claim shown in one cell; the rest are counted. */
const MAX_CELL_ITEMS = 100;

/**
 * A claim's cell: a list of strings as its strings, space-separated (at most MAX_CELL_ITEMS, then
 * "… n more items"); any other value as inlineValue shows it (bounded, so a value nested thousands
 * of levels deep costs no more than what is shown).
 */
function claim(a: TokenAnalysis, name: string, l10n: L10n): string {
  const v = a.payload[name];
  if (v === undefined) return '—';
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) return markdownCell(inlineValue(v));
  const shown = v.slice(0, MAX_CELL_ITEMS).map(inlineValue).join(' ');
  return markdownCell(
    v.length > MAX_CELL_ITEMS ? `${shown} ${moreMarker(v.length - MAX_CELL_ITEMS, 'items', l10n)}` : shown,
  );
}

/** The rows: a label in the localizer's language and the cell of a token. */
const ROWS: ReadonlyArray<readonly [(l10n: L10n) => string, (a: TokenAnalysis, l10n: L10n) => string]> = [
  [(l10n) => l10n.t('Flow'), (a) => markdownCell(a.summary.flow)],
  [(l10n) => l10n.t('aud (the API)'), (a, l10n) => claim(a, 'aud', l10n)],
  [
    (l10n) => l10n.t('azp / appid (the client)'),
    (a, l10n) => (a.payload.azp !== undefined ? claim(a, 'azp', l10n) : claim(a, 'appid', l10n)),
  ],
  [(l10n) => l10n.t('scp (delegated scopes)'), (a, l10n) => claim(a, 'scp', l10n)],
  [(l10n) => l10n.t('roles (app roles)'), (a, l10n) => claim(a, 'roles', l10n)],
  [() => 'idtyp', (a, l10n) => claim(a, 'idtyp', l10n)],
  [() => 'oid', (a, l10n) => claim(a, 'oid', l10n)],
  [() => 'sub', (a, l10n) => claim(a, 'sub', l10n)],
  [(l10n) => l10n.t('User'), (a) => (a.summary.user?.username ? markdownCell(a.summary.user.username) : '—')],
  [(l10n) => l10n.t('Token version'), (a, l10n) => markdownCell(a.summary.version ?? l10n.t('unknown'))],
];

/** What the comparison teaches, from the tokens themselves (not fixed text). */
function notes(tokens: readonly ComparedToken[], l10n: L10n): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    const s = t.analysis.summary;
    const label = markdownCell(t.label);
    if (s.flow === 'delegated') {
      const scopes = s.scopes.length ? s.scopes.map(markdownCell).join(', ') : l10n.t('no scope');
      const note = l10n.t(
        "{0} acts for a user: scp holds {1}; oid is the user's object id (the same for every app), sub is pairwise (differs per app).",
        `**${label}**`,
        scopes,
      );
      out.push(s.roles.length ? `${note} ${l10n.t('Its roles are app roles assigned to the user.')}` : note);
    } else if (s.flow === 'app-only') {
      out.push(
        l10n.t(
          "{0} is app-only (client credentials): no scp at all; roles are the application permissions granted to the client; oid and sub are the client's service principal.",
          `**${label}**`,
        ),
      );
    }
  }
  return out;
}

/** A Markdown document comparing the tokens column by column. */
export function compareTokensMarkdown(tokens: readonly ComparedToken[], title?: string, l10n: L10n = english): string {
  const head = `| ${markdownCell(l10n.t('Claim'))} | ${tokens.map((t) => markdownCell(t.label)).join(' | ')} |`;
  const rule = `| --- | ${tokens.map(() => '---').join(' | ')} |`;
  const rows = ROWS.map(
    ([name, get]) => `| ${markdownCell(name(l10n))} | ${tokens.map((t) => get(t.analysis, l10n)).join(' | ')} |`,
  );
  const lines = notes(tokens, l10n);
  return [
    `# ${markdownCell(title ?? l10n.t('Tokens side by side'))}`,
    '',
    head,
    rule,
    ...rows,
    '',
    ...(lines.length ? [`## ${markdownCell(l10n.t('What to notice'))}`, '', ...lines.map((l) => `- ${l}`), ''] : []),
  ].join('\n');
}
