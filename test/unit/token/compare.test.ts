import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeToken } from '../../../src/core/token/analyze';
import { compareTokensMarkdown, markdownCell } from '../../../src/core/token/compare';
import { decodeToken } from '../../../src/core/token/decode';
import { NOW, unsigned, v2Delegated } from './helpers';

const analysisOf = (p: Record<string, unknown>) => {
  const d = decodeToken(unsigned({ alg: 'RS256', kid: 'k' }, p));
  assert.ok(d.ok);
  return analyzeToken(d.token, { now: NOW });
};

test('compare: delegated and app-only side by side, scp vs roles, oid/sub notes', () => {
  const appOnly = { ...v2Delegated({ idtyp: 'app', roles: ['Jobs.Run'], oid: 'sp', sub: 'sp' }) };
  delete appOnly.scp;
  const md = compareTokensMarkdown([
    { label: 'Delegated', analysis: analysisOf(v2Delegated()) },
    { label: 'App-only', analysis: analysisOf(appOnly) },
  ]);
  assert.match(md, /\| scp \(delegated scopes\) \| Crm\.Read\.Team Sales\.ReadWrite\.Team \| — \|/);
  assert.match(md, /\| roles \(app roles\) \| — \| Jobs\.Run \|/);
  assert.match(md, /\*\*App-only\*\* is app-only \(client credentials\): no scp/);
  assert.match(md, /\*\*Delegated\*\* acts for a user/);
});

test('compare: token values cannot break the table or inject HTML or links', () => {
  assert.equal(markdownCell('a|b<img>[x](javascript:1)`c`*d*'), 'a\\|b\\<img\\>\\[x\\](javascript:1)\\`c\\`\\*d\\*');
  const md = compareTokensMarkdown([{ label: 'x|y', analysis: analysisOf(v2Delegated({ scp: 'A|B <script>' })) }]);
  assert.ok(!md.includes('<script>'));
  assert.match(md, /\| Claim \| x\\\|y \|/);
});

test('compare: claims nested thousands of levels deep or very long stay bounded; hidden characters are shown', () => {
  // String() of a list nested 5,000 levels (what the cells used) overflowed the stack.
  const deep = `${'['.repeat(5000)}"x"${']'.repeat(5000)}`;
  const header = Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64url');
  const payload = Buffer.from(
    `{"aud":${deep},"roles":["a",${deep}],"scp":{"a":${deep}},"oid":"o","sub":"Ad\u202emin","tid":"t","ver":"2.0"}`,
  ).toString('base64url');
  const d = decodeToken(`${header}.${payload}.sig`);
  assert.ok(d.ok);
  const md = compareTokensMarkdown([{ label: 'deep', analysis: analyzeToken(d.token, { now: NOW }) }]);
  assert.ok(md.length < 3000, `${md.length} characters`);
  assert.match(md, /\| aud \(the API\) \| \\\[\\\[\\\[… 4,998 more levels\\\]\\\]\\\] \|/);
  assert.match(md, /\| sub \| Ad⟨U\+202E⟩min \|/);
  // A long list of strings: the first 100, then a count.
  const roles = Array.from({ length: 150 }, (_, i) => `Role${i}`);
  const many = compareTokensMarkdown([{ label: 'many', analysis: analysisOf(v2Delegated({ roles })) }]);
  assert.match(many, /Role0 Role1 .* Role99 … 50 more items \|/);
  assert.ok(!many.includes('Role100'));
});
