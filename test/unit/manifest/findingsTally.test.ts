// Findings.tally (rules/util.ts): counting a finding before its builder is made gives the findings
// and counts that `add` alone gives; and a rule that reports every entry of a long list says how
// many more there are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, report, type DeferredProblem } from '../../../src/core/manifest/rules/util';
import { lintManifest, MAX_FINDINGS_PER_RULE } from '../../../src/core/manifest/lint';
import type { RuleContext } from '../../../src/core/manifest/types';
import type { Node as JsonNode } from 'jsonc-parser';

const now = new Date('2025-01-01T00:00:00Z');

test('tally then add keeps the findings and counts of add alone', () => {
  const ctx = { findingLimit: 3 } as RuleContext;
  // Offsets in order, with a few out of order and a different severity (never only counted).
  const nodes = [5, 10, 15, 20, 8, 25, 25, 30, 2, 40].map(
    (offset) => ({ type: 'string', offset, length: 1 }) as JsonNode,
  );
  const run = (useTally: boolean): unknown[] => {
    let built = 0;
    const results: unknown[] = [];
    for (const rule of [
      { id: 'rule-x', severity: 'warning' as const },
      { id: 'rra-id-invalid', severity: 'error' as const },
    ]) {
      const out = findings(ctx, rule);
      nodes.forEach((n, i) => {
        const severity = i === 6 ? 'error' : rule.severity;
        if (useTally && out.tally(n, severity)) return;
        out.add(
          n,
          (s) => {
            built++;
            return report(rule, s, ['x', i], `finding ${i}`, { severity });
          },
          severity,
        );
      });
      if (rule.id === 'rule-x') assert.ok(out.list.length < nodes.length, 'some findings only counted');
      results.push(
        out.list.map((p) => [p.ruleId, p.offset, p.severity, p.message, (p as DeferredProblem).counted ?? 0]),
      );
    }
    return [built, ...results];
  };
  assert.deepEqual(run(true), run(false));
});

test('1,200 repeated or unresolvable permissions: the first findings listed, the rest counted', () => {
  const text = JSON.stringify({
    displayName: 'x',
    signInAudience: 'AzureADMyOrg',
    requiredResourceAccess: [
      {
        resourceAppId: '00000003-0000-0000-c000-000000000000',
        resourceAccess: Array.from({ length: 1_200 }, () => ({ id: 'User.Read', type: 'Role' })),
      },
    ],
  });
  const problems = lintManifest(text, { now }).problems;
  for (const rule of ['rra-duplicate', 'rra-type-mismatch']) {
    const mine = problems.filter((p) => p.ruleId === rule);
    assert.equal(mine.length, MAX_FINDINGS_PER_RULE + 1, rule);
    const more = rule === 'rra-duplicate' ? 1_199 - MAX_FINDINGS_PER_RULE : 1_200 - MAX_FINDINGS_PER_RULE;
    assert.ok(
      mine.some((p) => p.message.startsWith(`${more.toLocaleString('en-US')} more "${rule}" findings`)),
      rule,
    );
  }
});
