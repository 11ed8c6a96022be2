// Makes untrusted text safe to show: characters that cannot be seen or that reorder the text around
// them (bidi overrides and isolates, zero-width characters, control characters, line separators)
// become visible markers such as ⟨U+202E⟩, so a token claim or an app name from Graph cannot pass
// for something else (a right-to-left override makes "evil" + U+202E + "gpj.exe" read "evilexe.jpg").
// Pure, linear, no vscode import: the CLI, the token panel, hovers and the explorer all use it.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from './localizer';

/**
 * C0 and C1 controls and DEL, the soft hyphen, the Arabic letter mark, Hangul fillers, Mongolian
 * vowel separator, zero-width space/non-joiner/joiner, LRM/RLM, line and paragraph separators,
 * LRE/RLE/PDF/LRO/RLO, word joiner and invisible operators, LRI/RLI/FSI/PDI, deprecated format
 * characters, the byte-order mark, interlinear annotations and the invisible tag characters.
 */
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;
const INVISIBLE_KEEP_NEWLINE =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;
/** As INVISIBLE without C0 controls: JSON.stringify escapes those itself, and line feeds are structure. */
const INVISIBLE_IN_JSON =
  /[\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;
const ANY_INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/u;

/** The marker shown in place of an invisible character: ⟨U+202E⟩. */
export function codePointMarker(ch: string): string {
  return `⟨U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

export interface VisibleOptions {
  /** Keep line feeds (multi-line text such as pretty-printed JSON); every other control is still marked. */
  readonly keepNewlines?: boolean;
}

/**
 * The text with every invisible or reordering character replaced by a marker (⟨U+202E⟩). Other
 * text is unchanged, markers are plain visible characters, so applying it twice changes nothing.
 */
export function visible(text: string, options: VisibleOptions = {}): string {
  return text.replace(options.keepNewlines ? INVISIBLE_KEEP_NEWLINE : INVISIBLE, codePointMarker);
}

/** The text with every character `visible` would mark replaced by `replace(ch)` (e.g. an HTML character reference). */
export function replaceInvisible(text: string, replace: (ch: string) => string): string {
  return text.replace(INVISIBLE, replace);
}

/** Whether the text holds a character `visible` would mark (line feeds included). */
export function hasInvisible(text: string): boolean {
  return ANY_INVISIBLE.test(text);
}

/**
 * The same characters as JSON escapes (\u202e): the JSON text parses to the same value, and a
 * reader sees the escape instead of reordered text. Only for JSON text (where these characters
 * can only appear inside strings, so no structure changes).
 */
export function escapeInvisibleInJson(json: string): string {
  return json.replace(INVISIBLE_IN_JSON, (ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
    const hi = 0xd800 + ((cp - 0x10000) >> 10);
    const lo = 0xdc00 + ((cp - 0x10000) & 0x3ff);
    return `\\u${hi.toString(16)}\\u${lo.toString(16)}`;
  });
}

/**
 * "… 1,234 more characters": what a text cut at a limit says about the rest, in the localizer's
 * language (English by default: the --json documents and copied JSON keep it).
 */
export function moreMarker(
  count: number,
  what: 'characters' | 'items' | 'levels' | 'properties' | 'claims',
  l10n: Localizer<l10n.L10nReplacement> = english,
): string {
  const n = count.toLocaleString('en-US');
  const one = count === 1;
  switch (what) {
    case 'characters':
      return one ? l10n.t('… {0} more character', n) : l10n.t('… {0} more characters', n);
    case 'items':
      return one ? l10n.t('… {0} more item', n) : l10n.t('… {0} more items', n);
    case 'levels':
      return one ? l10n.t('… {0} more level', n) : l10n.t('… {0} more levels', n);
    case 'properties':
      return one ? l10n.t('… {0} more property', n) : l10n.t('… {0} more properties', n);
    case 'claims':
      return one ? l10n.t('… {0} more claim', n) : l10n.t('… {0} more claims', n);
  }
}

/**
 * The text cut to at most `max` characters (never inside a surrogate pair), followed by
 * "… n more characters" (in the localizer's language) when it was longer.
 */
export function clipText(text: string, max: number, l10n: Localizer<l10n.L10nReplacement> = english): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  const c = text.charCodeAt(end - 1);
  if (end > 0 && c >= 0xd800 && c <= 0xdbff) end--;
  return `${text.slice(0, end)}${moreMarker(text.length - end, 'characters', l10n)}`;
}
