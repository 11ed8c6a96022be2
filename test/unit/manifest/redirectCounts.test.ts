// Rules that report many entries of a long list (redirect URIs, App ID URIs) list the first ones and
// count the others without building them: the findings listed and counted are those the rule finds
// run on its own (every finding built), on the tree made from JSON.parse's value as on jsonc-parser's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../../src/core/manifest/json';
import { lintManifest, lintParsed, type LintResult } from '../../../src/core/manifest/lint';
import { run } from './rules/helper';

const now = new Date('2026-01-01T00:00:00Z');

/** The findings of a rule: those listed, and those the summary past the listing limit counts. */
function total(result: LintResult, rule: string): number {
  let n = 0;
  for (const p of result.problems) {
    if (p.ruleId !== rule) continue;
    const more = /^([\d,]+) more "/.exec(p.message);
    n += more ? Number(more[1]!.replace(/,/g, '')) : 1;
  }
  return n;
}

const URIS = [
  'urn:ietf:wg:oauth:2.0:oob',
  'URN:IETF:WG:OAUTH:2.0:OOB',
  'https://*.contoso.com/auth',
  'https://contoso.com/auth?x=1',
  `https://contoso.com/${'a'.repeat(300)}`,
  'https://contoso.com/auth',
  'not a uri',
];

test('redirect URI and App ID URI findings past the listing limit: counted as the rule finds them', () => {
  for (const audience of ['AzureADMyOrg', 'AzureADandPersonalMicrosoftAccount']) {
    const redirects = Array.from({ length: 1200 }, (_, i) => URIS[(i * 7 + (i >> 5)) % URIS.length]);
    const manifest = {
      displayName: 'counts',
      signInAudience: audience,
      identifierUris: Array.from({ length: 1200 }, (_, i) => ['', 'api://x/*', 'urn:x', 'api://ok'][i % 4]),
      web: { redirectUris: redirects },
      spa: { redirectUris: redirects.slice(0, 700) },
      notes: 'n',
    };
    const text = JSON.stringify(manifest, null, 1);
    const fast = lintManifest(text, { now });
    const reference = lintParsed(parseDocument(text, { fastPaths: false }), text, { now });
    assert.deepEqual(
      fast.problems.map((p) => [p.ruleId, p.severity, p.path, p.offset, p.length, p.message]),
      reference.problems.map((p) => [p.ruleId, p.severity, p.path, p.offset, p.length, p.message]),
      audience,
    );
    const rules = ['redirect-uri-oob', 'redirect-uri-wildcard', 'redirect-uri-length', 'identifier-uri-format'];
    if (audience !== 'AzureADMyOrg') rules.push('redirect-uri-query');
    for (const rule of rules) {
      const alone = run(rule, text).length;
      assert.ok(alone > 200, `${audience} ${rule}: past the limit (${alone})`);
      // identifier-uri-format: the schema's format findings cover those of the first entries.
      if (rule === 'identifier-uri-format') assert.ok(total(fast, rule) < alone, `${audience} ${rule}`);
      else assert.equal(total(fast, rule), alone, `${audience} ${rule}`);
    }
  }
});
