// Core's texts go through the localizer the caller passes: English by default (filled in the way
// @vscode/l10n fills a message it has no translation for), translated when the caller's localizer
// translates. A marking localizer shows which texts went through it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../../../src/core/text/localizer';
import { createPlan, type JsonObject } from '../../../src/core/plan';
import { checkRegistration, diagnose, extractSignIn, knownCodes, oauthErrorHint } from '../../../src/core/doctor/index';
import { liveApp } from '../plan/fixtures';

/** Wraps every text in ⟦ ⟧ after filling it in: a text without the marks did not go through it. */
const marking: Localizer = { t: (message, ...args) => `⟦${english.t(message, ...args)}⟧` };

test('english fills placeholders exactly as @vscode/l10n does without a bundle', () => {
  l10n.config({ contents: {} });
  const cases: [string, ...(string | number | boolean)[]][] = [
    ['no placeholders {0} without arguments'],
    ['{0} and {1}, {0} again', 'a', 2],
    ['sets {0} to {1} (was {2})', 'tags', '["x"]', true],
    ['a value with braces {0}', '{1} stays'],
    ['literal {tenant id or domain} and {0}', 'x'],
    ['missing {3}', 'only one'],
  ];
  for (const [message, ...args] of cases) assert.equal(english.t(message, ...args), l10n.t(message, ...args), message);
});

test('a plan describes its changes, requests and notes through the localizer it is given', () => {
  const live = liveApp();
  const desired: JsonObject = {
    ...live,
    tags: ['crm'],
    displayName: 'CRM API (renamed)',
    publisherDomain: 'evil.example',
  };
  const plain = createPlan({ live, desired, skipRules: true });
  const marked = createPlan({ live, desired, skipRules: true, l10n: marking });
  assert.deepEqual(
    plain.changes.map((c) => c.summary),
    ['renames the app to CRM API (renamed) (was CRM API)', 'adds tag crm'],
  );
  assert.deepEqual(
    marked.changes.map((c) => c.summary),
    plain.changes.map((c) => `⟦${c.summary}⟧`),
  );
  assert.equal(marked.requests.length, 1);
  assert.equal(marked.requests[0]!.purpose, `⟦${plain.requests[0]!.purpose}⟧`);
  assert.deepEqual(
    marked.ignored.map((i) => i.note),
    ['⟦not written: ⟦set by Entra from the verified domains⟧⟧'],
  );
  assert.deepEqual(marked.requests[0]!.body, plain.requests[0]!.body, 'what is sent does not depend on the language');
});

test('every AADSTS explanation and OAuth hint goes through the localizer', () => {
  for (const info of knownCodes()) {
    const d = diagnose(`AADSTS${info.code}: x`, marking);
    const e = d.explanation!;
    for (const text of [e.title, e.meaning, e.fix]) assert.match(text, /^⟦[^]*⟧$/, `${info.code}: ${text}`);
  }
  assert.match(diagnose('AADSTS99999999', marking).explanation!.title, /^⟦AADSTS99999999 is not in/);
  for (const error of ['invalid_client', 'invalid_grant', 'login_required', 'invalid_request'])
    assert.match(oauthErrorHint(error, marking)!, /^⟦[^]*⟧$/);
});

test('registration findings, their fixes and edit labels, and what passed go through the localizer', () => {
  const req = extractSignIn(
    'AADSTS50011 https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=c1000000-0000-4000-8000-000000000001&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%2F&scope=openid%20api%3A%2F%2Fc1000000-0000-4000-8000-000000000001%2FCrm.Nope',
  );
  const app = {
    appId: 'c1000000-0000-4000-8000-000000000001',
    displayName: 'CRM',
    signInAudience: 'AzureADMyOrg',
    web: { redirectUris: ['https://app.example/cb'] },
    api: { oauth2PermissionScopes: [{ id: 'f1', value: 'Crm.Read', isEnabled: true }] },
  };
  const plain = checkRegistration(req, app);
  const marked = checkRegistration(req, app, { l10n: marking });
  assert.deepEqual(plain.findings.map((f) => f.id).sort(), [
    'audience-mismatch',
    'redirect-uri-not-registered',
    'scope-not-exposed',
  ]);
  for (const f of marked.findings) {
    assert.match(f.message, /⟦/, f.message);
    assert.match(f.fix, /^⟦[^]*⟧$/, f.fix);
    if (f.edit) assert.match(f.edit.label, /^⟦[^]*⟧$/);
  }
  const strip = (s: string): string => s.replace(/[⟦⟧]/g, '');
  assert.deepEqual(
    marked.findings.map((f) => [strip(f.message), strip(f.fix)]),
    plain.findings.map((f) => [f.message, f.fix]),
  );
});
