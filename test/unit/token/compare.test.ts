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
