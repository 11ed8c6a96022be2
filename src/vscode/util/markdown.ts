// Markdown helpers for tooltips and hovers built from untrusted strings (no `vscode` import, so
// plain Node tests can run them).

/**
 * A Markdown code span showing `text` exactly. Backslash escapes are literal inside code spans, so
 * the text is not escaped; the fence is one backtick longer than any run of backticks in it.
 */
export function codeSpan(text: string): string {
  const single = text.replace(/[\r\n]+/g, ' ');
  let longest = 0;
  for (const run of single.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // A space keeps a leading or trailing backtick apart from the fence (CommonMark strips one).
  const pad = single.startsWith('`') || single.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${single}${pad}${fence}`;
}
