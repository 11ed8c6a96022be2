// The one Markdown escaper and the one HTML escaper for untrusted text (token claims, names and
// URIs from Graph, manifest values). Both first make invisible and reordering characters visible
// (⟨U+202E⟩), so every place that shows such text shows it the same way. Pure, no vscode import.
import { visible } from './visible';

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content or a quoted attribute value. */
export function escapeHtml(text: string, options: { keepNewlines?: boolean } = {}): string {
  return visible(text, options).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * Text that Markdown shows as written. Characters that start emphasis, code, links, images, HTML,
 * headings, lists, tables, strikethrough or theme icons (`$(…)`) get a backslash (CommonMark allows
 * one before any ASCII punctuation), and `1.` at the start of a line is not a list. `strict`
 * escapes every ASCII punctuation character, so not even a bare URL or `www.` becomes a link (for
 * values that come straight from a token).
 */
export function escapeMarkdown(text: string, options: { keepNewlines?: boolean; strict?: boolean } = {}): string {
  const shown = visible(text, options);
  if (options.strict) return shown.replace(/[!-/:-@[-`{-~]/g, '\\$&');
  return shown.replace(/[\\`*_{}[\]()#+\-!|<>~&$]/g, '\\$&').replace(/^([ \t]*\d+)([.)])/gm, '$1\\$2');
}

/**
 * A Markdown code span showing `text` exactly. Backslash escapes are literal inside code spans, so
 * the text is not escaped; the fence is one backtick longer than any run of backticks in it.
 */
export function codeSpan(text: string): string {
  const single = visible(text.replace(/[\r\n]+/g, ' '));
  let longest = 0;
  for (const run of single.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // A space keeps a leading or trailing backtick apart from the fence (CommonMark strips one).
  const pad = single.startsWith('`') || single.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${single}${pad}${fence}`;
}
