// The Markdown of the hover shown on JWT-looking strings in editors: a short local summary (kind,
// version, flow, audience, expiry) and a "Decode token" command link. Every value from the token is
// untrusted and escaped; the signature never appears. No vscode import, so it renders in unit tests.
// The type-only import also tells @vscode/l10n-dev that `l10n.t('…')` here are texts for the bundle.
import type * as l10n from '@vscode/l10n';
import { escapeMarkdown } from '../../core/text/escape';
import { clipText } from '../../core/text/visible';
import type { TokenAnalysis } from '../../core/token/analyze';

/** Formats a message with `{0}`-style placeholders (vscode.l10n.t in the extension). */
export type Translate = (message: string, ...args: l10n.L10nReplacement[]) => string;

const plain: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => String(args[Number(i)] ?? m));

/** Called as `l10n.t('…')` so that @vscode/l10n-dev finds the strings (vscode.l10n in the extension). */
export interface Localizer {
  readonly t: Translate;
}
const plainL10n: Localizer = { t: plain };

/** Longest value shown for one claim; longer ones are cut with an ellipsis. */
const MAX_VALUE_CHARS = 120;

/**
 * Escapes text so Markdown renders it literally: every ASCII punctuation character gets a
 * backslash (links, emphasis, HTML, autolinks, theme icons), line breaks become spaces, other
 * invisible characters (direction overrides, zero-width, controls) are shown as ⟨U+202E⟩ markers
 * and text over `max` characters ends with "… n more characters".
 */
export function markdownValue(text: string, max = MAX_VALUE_CHARS): string {
  return escapeMarkdown(clipText(text.replace(/[\r\n\t\f\v\u2028\u2029]+/g, ' '), max), { strict: true });
}

/** The `command:` link that opens the token panel for the given command arguments. */
export function commandLink(command: string, args: readonly unknown[]): string {
  // encodeURIComponent leaves ( ) ! ' * alone; a ")" would end the Markdown link early.
  const query = encodeURIComponent(JSON.stringify(args)).replace(
    /[()!'*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `command:${command}?${query}`;
}

function kindLabel(kind: TokenAnalysis['summary']['kind'], l10n: Localizer): string {
  return kind === 'access' ? l10n.t('Access token') : kind === 'id' ? l10n.t('ID token') : l10n.t('Token');
}

function flowLabel(flow: TokenAnalysis['summary']['flow'], l10n: Localizer): string {
  return flow === 'delegated'
    ? l10n.t('delegated (signed-in user)')
    : flow === 'app-only'
      ? l10n.t('app-only')
      : l10n.t('flow unknown');
}

/**
 * The hover for a decoded token. `decodeLink` is the `command:` URI of the "Decode token" link
 * (built by the caller, never from the token's signature).
 */
export function tokenHoverMarkdown(analysis: TokenAnalysis, decodeLink: string, l10n: Localizer = plainL10n): string {
  const s = analysis.summary;
  const head = [
    kindLabel(s.kind, l10n),
    s.version ? `v${s.version}` : l10n.t('version unknown'),
    flowLabel(s.flow, l10n),
  ]
    .map((x) => markdownValue(x))
    .join(' · ');
  const lines = [`**${head}**`];
  if (s.audience !== null) {
    const aud = s.audienceName
      ? `${markdownValue(s.audienceName)} (${markdownValue(s.audience)})`
      : markdownValue(s.audience);
    lines.push(`${markdownValue(l10n.t('Audience:'))} ${aud}`);
  } else {
    lines.push(markdownValue(l10n.t('Audience: none')));
  }
  if (s.expiresAt !== null && s.expiry !== null) {
    lines.push(`${markdownValue(l10n.t('Expires:'))} ${markdownValue(s.expiresAt)} (${markdownValue(s.expiry)})`);
  } else {
    lines.push(markdownValue(l10n.t('Expires: no exp claim')));
  }
  const errors = analysis.problems.filter((p) => p.severity === 'error').length;
  if (errors > 0)
    lines.push(markdownValue(errors === 1 ? l10n.t('1 problem') : l10n.t('{0} problems', String(errors))));
  lines.push(
    `[${markdownValue(l10n.t('Decode token'))}](${decodeLink} "${markdownValue(l10n.t('Open the token panel'))}")`,
  );
  return lines.join('\n\n');
}

/** The hover for an encrypted token (JWE): nothing can be read locally. */
export function encryptedHoverMarkdown(l10n: Localizer = plainL10n): string {
  return markdownValue(l10n.t('Encrypted token (JWE): only the API it is meant for can read it.'));
}
