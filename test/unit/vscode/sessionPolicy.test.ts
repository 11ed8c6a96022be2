// The pure half of the "VS Code account" sign-in: provider, scopes, prompt options, expiry, errors.
import assert from 'node:assert/strict';
import { pseudoLocalizer, untranslated } from '../pseudoLocale';

import { test } from 'node:test';
import { getCloud } from '../../../src/core/entra/clouds';
import { toGraphError } from '../../../src/core/graph/errors';
import {
  fallbackLifetimeMs,
  sessionAccessToken,
  sessionTokenExpiry,
  vscodeAuthProviderId,
  vscodeSessionOptions,
  vscodeSessionScopes,
  vscodeSignInRequired,
} from '../../../src/vscode/auth/sessionPolicy';

const global = getCloud('AzureCloud');
const china = getCloud('AzureChinaCloud');

/** Letters swapped for accented ones: a translation no English word survives. */
function pseudoText(message: string): string {
  return message
    .replace(/[aeiouAEIOU]/g, (c) => `${c}\u0301`)
    .replace(/[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z]/g, (c) => `${c}\u0331`);
}
const tenantId = '7d9f3b52-6a1e-4c3f-9b8a-2f1e5c4d6a01';

function jwt(payload: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'RS256', kid: 'k' })}.${part(payload)}.c2lnbmF0dXJl`;
}

test('provider: the global cloud uses "microsoft", national clouds the sovereign-cloud provider', () => {
  assert.equal(vscodeAuthProviderId(global), 'microsoft');
  assert.equal(vscodeAuthProviderId(china), 'microsoft-sovereign-cloud');
  assert.equal(vscodeAuthProviderId(getCloud('AzureUSGovernment')), 'microsoft-sovereign-cloud');
});

test("scopes: the cloud's Graph scopes plus VSCODE_TENANT for a chosen tenant", () => {
  assert.deepEqual(
    vscodeSessionScopes(global, tenantId, ['https://graph.microsoft.com/Application.Read.All'], 'Application.Read.All'),
    ['https://graph.microsoft.com/Application.Read.All', `VSCODE_TENANT:${tenantId}`],
  );
  // `.default` is replaced by the least-privileged named permission of the cloud's Graph.
  assert.deepEqual(
    vscodeSessionScopes(
      china,
      'contoso.partner.onmschina.cn',
      'https://microsoftgraph.chinacloudapi.cn/.default',
      'Application.Read.All',
    ),
    ['https://microsoftgraph.chinacloudapi.cn/Application.Read.All', 'VSCODE_TENANT:contoso.partner.onmschina.cn'],
  );
  // VS Code's own default tenants are not added; duplicates and caller-supplied VSCODE_ entries are dropped.
  assert.deepEqual(
    vscodeSessionScopes(
      global,
      'organizations',
      ['https://graph.microsoft.com/User.Read', 'https://graph.microsoft.com/User.Read', 'VSCODE_TENANT:other'],
      'Application.Read.All',
    ),
    ['https://graph.microsoft.com/User.Read'],
  );
  assert.deepEqual(vscodeSessionScopes(global, 'common', [], 'Application.Read.All'), [
    'https://graph.microsoft.com/Application.Read.All',
  ]);
  assert.deepEqual(
    vscodeSessionScopes(global, undefined, ['https://graph.microsoft.com/.default'], 'Directory.Read.All'),
    ['https://graph.microsoft.com/Directory.Read.All'],
  );
});

test('only an explicit sign-in may prompt (createIfNone); everything else is silent', () => {
  assert.deepEqual(vscodeSessionOptions(true), { createIfNone: true });
  assert.deepEqual(vscodeSessionOptions(false), { silent: true });
  assert.equal('createIfNone' in vscodeSessionOptions(false), false);
});

test("expiry: the token's exp when readable, 30 minutes otherwise", () => {
  const now = Date.UTC(2026, 0, 1);
  const exp = Math.floor(now / 1000) + 3599;
  assert.equal(sessionTokenExpiry(jwt({ exp, aud: 'https://graph.microsoft.com' }), now), exp * 1000);
  assert.deepEqual(sessionAccessToken(jwt({ exp }), now), { token: jwt({ exp }), expiresOnTimestamp: exp * 1000 });
  // Personal Microsoft account tokens are opaque; encrypted tokens have 5 parts; exp may be missing.
  assert.equal(sessionTokenExpiry('EwBwA8l6BAAUopaque', now), now + fallbackLifetimeMs);
  assert.equal(sessionTokenExpiry('a.b.c.d.e', now), now + fallbackLifetimeMs);
  assert.equal(sessionTokenExpiry(jwt({ aud: 'x' }), now), now + fallbackLifetimeMs);
  assert.equal(sessionTokenExpiry(jwt({ exp: 'soon' }), now), now + fallbackLifetimeMs);
});

test('errors tell the user to sign in to their Microsoft account in VS Code, and stay sign-in errors when narrowed', () => {
  const silent = vscodeSignInRequired(global, false);
  assert.equal(silent.kind, 'signin');
  assert.match(silent.message, /sign in to your Microsoft account in VS Code/i);
  assert.equal(toGraphError(silent), silent, 'narrowing keeps the message');
  const cancelled = vscodeSignInRequired(
    china,
    true,
    Object.assign(
      new Error('User did not consent to login. scope=https://microsoftgraph.chinacloudapi.cn/Application.Read.All'),
      { name: 'CancellationError' },
    ),
  );
  assert.equal(cancelled.code, 'CancellationError');
  assert.match(cancelled.message, /did not complete/);
  assert.match(cancelled.message, /China \(21Vianet\) cloud/);
  assert.doesNotMatch(cancelled.message, /scope=/, "the cause's text is not repeated");
  assert.equal(vscodeSignInRequired(global, true, new Error('x')).code, 'VsCodeSignInRequired');
});

test('the sign-in errors are in the language of the localizer, the cloud named as a value', () => {
  const cause = Object.assign(new Error('cancelled'), { name: 'CancellationError' });
  const cases: [string, Parameters<typeof vscodeSignInRequired>][] = [
    ['silent', [global, false]],
    ['silent, national cloud', [china, false]],
    ['cancelled', [global, true, cause]],
    ['cancelled, national cloud', [china, true, cause]],
    ['VS Code for the Web', [global, true, undefined, true]],
  ];
  for (const [name, args] of cases) {
    const en = vscodeSignInRequired(...args);
    const l10n = pseudoLocalizer(pseudoText);
    const [cloud, interactive, why, unavailable] = args;
    const tr = vscodeSignInRequired(cloud, interactive, why, unavailable, l10n);
    assert.equal(tr.code, en.code, name);
    assert.notEqual(tr.message, en.message, name);
    assert.deepEqual(untranslated(tr.message, l10n.values), [], `${name}: ${tr.message}`);
  }
});
