import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { codeSpan } from '../../../src/core/text/escape';

// markdown-it (a CommonMark renderer, installed with @vscode/vsce) renders what VS Code would show.
const MarkdownIt = createRequire(__filename)('markdown-it') as new () => { renderInline(src: string): string };
const renderer = new MarkdownIt();
/** The text a reader sees: the inline rendering with tags removed and entities decoded. */
function marked(markdown: string): string {
  return renderer
    .renderInline(markdown)
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

test('codeSpan shows ids as written: no backslashes inside the span', () => {
  assert.equal(codeSpan('7d9f3b52-6a1e-4c3f-9b8a-2f1e5c4d6a01'), '`7d9f3b52-6a1e-4c3f-9b8a-2f1e5c4d6a01`');
  // What the tooltips did before: escapes inside a code span are shown as backslashes.
  assert.equal(marked('`7d9f3b52\\-6a1e`'), '7d9f3b52\\-6a1e');
  assert.equal(marked(codeSpan('c1000000-0000-4000-8000-000000000001')), 'c1000000-0000-4000-8000-000000000001');
});

test('codeSpan keeps backticks and Markdown characters of untrusted text literal', () => {
  for (const text of ['a`b', '``x``', '`start', 'end`', '*bold* _x_ [link](y) <b>', 'two\nlines']) {
    assert.equal(marked(codeSpan(text)), text.replace(/\n/g, ' '), JSON.stringify(text));
  }
});
