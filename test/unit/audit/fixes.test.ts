// Fixes of audit findings: each builder names the item by identity from the audited app and builds
// the partial manifest from the app as it is now; the plan engine turns it into one PATCH of the
// changed property.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditFix, FIXABLE_RULES, fixEdit, secretPresent } from '../../../src/core/audit/fixes';
import { manifestFindings } from '../../../src/core/audit/engine';
import type { AuditFinding } from '../../../src/core/audit/types';
import { createPlan } from '../../../src/core/plan';
import type { JsonObject } from '../../../src/core/plan/types';

const NOW = new Date('2026-06-01T00:00:00Z');

function finding(ruleId: string, path: string): AuditFinding {
  return { ruleId, severity: 'error', appId: 'app-1', objectId: 'obj-1', displayName: 'App One', path, message: '' };
}

const base: JsonObject = {
  id: 'obj-1',
  appId: 'app-1',
  displayName: 'App One',
  signInAudience: 'AzureADMyOrg',
  passwordCredentials: [
    { keyId: 'k-ok', displayName: 'current', endDateTime: '2027-01-01T00:00:00Z' },
    { keyId: 'k-old', displayName: 'old', endDateTime: '2026-01-01T00:00:00Z' },
  ],
  keyCredentials: [
    {
      keyId: 'c-old',
      displayName: 'old cert',
      endDateTime: '2026-01-01T00:00:00Z',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      key: 'AAAA',
    },
    {
      keyId: 'c-ok',
      displayName: 'new cert',
      endDateTime: '2027-01-01T00:00:00Z',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      key: 'BBBB',
    },
  ],
  web: {
    redirectUris: ['https://app.contoso.com/cb', 'https://demo.ngrok-free.app/cb', 'http://app.contoso.com/old'],
    implicitGrantSettings: { enableAccessTokenIssuance: true, enableIdTokenIssuance: true },
  },
  spa: { redirectUris: ['https://*.contoso.com/spa'] },
  api: { requestedAccessTokenVersion: null, oauth2PermissionScopes: [] },
};

/** The plan of a fix against `live` (rules off: the diff and the requests only). */
function plan(live: JsonObject, desired: JsonObject) {
  return createPlan({ live, desired, base: live, skipRules: true });
}

describe('audit fixes', () => {
  it('an expired client secret: removePassword of its keyId (not a PATCH)', () => {
    const fix = auditFix(finding('audit-credential-expired', '/passwordCredentials/1/endDateTime'), base);
    assert.deepEqual(fix, {
      kind: 'removeSecret',
      label: 'Remove the expired client secret "old"',
      keyId: 'k-old',
      name: 'old',
    });
    assert.equal(fixEdit(fix!, base), undefined);
    assert.equal(secretPresent(fix as Extract<typeof fix, { kind: 'removeSecret' }>, base), true);
    const gone = { ...base, passwordCredentials: [{ keyId: 'k-ok' }] };
    assert.equal(secretPresent(fix as Extract<typeof fix, { kind: 'removeSecret' }>, gone), false);
  });

  it('an expired certificate: keyCredentials PATCHed without it, the other kept', () => {
    const fix = auditFix(finding('audit-credential-expired', '/keyCredentials/0/endDateTime'), base);
    assert.equal(fix?.kind, 'removeCertificate');
    const desired = fixEdit(fix!, base)!;
    const p = plan(base, desired);
    assert.equal(p.requests.length, 1);
    assert.deepEqual(Object.keys(p.requests[0]!.body!), ['keyCredentials']);
    assert.deepEqual(
      (p.requests[0]!.body!.keyCredentials as JsonObject[]).map((k) => k.keyId),
      ['c-ok'],
    );
    assert.deepEqual(
      p.changes.map((c) => c.op),
      ['remove'],
    );
  });

  it('the item is found by identity: a credential moved to another index is still the one removed', () => {
    const fix = auditFix(finding('audit-credential-expired', '/keyCredentials/0/endDateTime'), base)!;
    const reordered = { ...base, keyCredentials: [...(base.keyCredentials as JsonObject[])].reverse() };
    const desired = fixEdit(fix, reordered)!;
    assert.deepEqual(
      (desired.keyCredentials as JsonObject[]).map((k) => k.keyId),
      ['c-ok'],
    );
    // Gone meanwhile: nothing left to do.
    assert.equal(fixEdit(fix, { ...base, keyCredentials: [] }), undefined);
  });

  it('a tunnel redirect URI: removed from its platform only', () => {
    const fix = auditFix(finding('audit-redirect-uri-tunnel', '/web/redirectUris/1'), base)!;
    assert.deepEqual(fix, {
      kind: 'removeRedirectUri',
      label: 'Remove the Web redirect URI https://demo.ngrok-free.app/cb',
      platform: 'web',
      uri: 'https://demo.ngrok-free.app/cb',
    });
    const p = plan(base, fixEdit(fix, base)!);
    assert.equal(p.requests.length, 1);
    const web = p.requests[0]!.body!.web as JsonObject;
    assert.deepEqual(web.redirectUris, ['https://app.contoso.com/cb', 'http://app.contoso.com/old']);
    // The complex property goes whole: the implicit grant settings are kept as they are.
    assert.deepEqual(web.implicitGrantSettings, { enableAccessTokenIssuance: true, enableIdTokenIssuance: true });
    assert.equal(p.changes.length, 1);
    assert.match(p.changes[0]!.summary, /ngrok-free\.app/);
  });

  it('a wildcard redirect URI: removed', () => {
    const fix = auditFix(finding('redirect-uri-wildcard', '/spa/redirectUris/0'), base)!;
    assert.equal(fix.kind, 'removeRedirectUri');
    assert.deepEqual(fixEdit(fix, base), { spa: { redirectUris: [] } });
  });

  it('an http redirect URI off loopback: changed to https; loopback and custom schemes have no fix', () => {
    const fix = auditFix(finding('redirect-uri-scheme', '/web/redirectUris/2'), base)!;
    assert.equal(fix.kind, 'replaceRedirectUri');
    assert.equal(fix.label, 'Change http://app.contoso.com/old to https://app.contoso.com/old');
    assert.deepEqual(fixEdit(fix, base), {
      web: {
        redirectUris: ['https://app.contoso.com/cb', 'https://demo.ngrok-free.app/cb', 'https://app.contoso.com/old'],
      },
    });
    const other = { ...base, web: { redirectUris: ['myapp://auth', 'http://localhost:8080/cb'] } };
    assert.equal(auditFix(finding('redirect-uri-scheme', '/web/redirectUris/0'), other), undefined);
    assert.equal(auditFix(finding('redirect-uri-scheme', '/web/redirectUris/1'), other), undefined);
  });

  it('implicit access tokens: turned off, ID token setting kept', () => {
    const fix = auditFix(
      finding('implicit-access-token', '/web/implicitGrantSettings/enableAccessTokenIssuance'),
      base,
    )!;
    assert.equal(fix.kind, 'disableImplicitAccessTokens');
    const p = plan(base, fixEdit(fix, base)!);
    const web = p.requests[0]!.body!.web as JsonObject;
    assert.deepEqual(web.implicitGrantSettings, { enableAccessTokenIssuance: false, enableIdTokenIssuance: true });
    assert.deepEqual(web.redirectUris, (base.web as JsonObject).redirectUris);
    const off = { ...base, web: { implicitGrantSettings: { enableAccessTokenIssuance: false } } };
    assert.equal(auditFix(finding('implicit-access-token', '/web'), off), undefined);
  });

  it('v1 access tokens: requestedAccessTokenVersion 2, other api settings kept', () => {
    const fix = auditFix(finding('token-version-personal', '/api/requestedAccessTokenVersion'), base)!;
    assert.equal(fix.kind, 'accessTokenVersion2');
    const p = plan(base, fixEdit(fix, base)!);
    assert.deepEqual(p.requests[0]!.body!.api, { requestedAccessTokenVersion: 2, oauth2PermissionScopes: [] });
    assert.equal(fixEdit(fix, { ...base, api: { requestedAccessTokenVersion: 2 } }), undefined);
  });

  it('rules without a single remedy have no fix', () => {
    for (const ruleId of ['audit-no-owners', 'audit-redirect-uri-azurewebsites', 'audit-credential-expiring']) {
      assert.equal(FIXABLE_RULES.has(ruleId), false);
      assert.equal(auditFix(finding(ruleId, '/web/redirectUris/1'), base), undefined);
    }
  });

  it('manifest-rule findings of a live app carry the pointers the fixes read', () => {
    const found = manifestFindings({ id: 'obj-1', appId: 'app-1', displayName: 'App One', json: base }, { now: NOW });
    const fixed = found.map((f) => auditFix(f, base)).filter((f) => f !== undefined);
    const kinds = new Set(fixed.map((f) => f.kind));
    for (const kind of ['removeRedirectUri', 'replaceRedirectUri', 'disableImplicitAccessTokens'])
      assert.ok(
        kinds.has(kind as never),
        `${kind} in ${[...kinds].join(', ')} (findings: ${found.map((f) => `${f.ruleId} ${f.path}`).join('; ')})`,
      );
  });
});
