import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeToken } from '../../../src/core/token/analyze';
import { decodeToken } from '../../../src/core/token/decode';
import {
  type EffectivePermissions,
  effectivePermissions,
  linkToken,
  parsePermissionMapping,
  type TokenTenantLinker,
} from '../../../src/core/token/linker';
import { API, CLIENT, hasShared, NOW, repoRoot, sharedDir, unsigned, unsignedRaw, v2Delegated } from './helpers';

const analysisOf = (p: Record<string, unknown>) => {
  const d = decodeToken(unsigned({ alg: 'RS256', kid: 'k' }, p));
  assert.ok(d.ok);
  return analyzeToken(d.token, { now: NOW });
};

// The CRM example: scopes map to app roles; effective = mapped ∩ held.
const crm = `{
  // CRM API
  "apis": [{
    "audience": ["api://crm", "${API}"],
    "displayName": "CRM API",
    "scopeRoles": {
      "Crm.Read.*": ["Accounts.Read.*", "Contacts.Read.*"],
      "Crm.ReadWrite.*": ["Accounts.Read.*", "Accounts.Write.*", "Contacts.Read.*", "Contacts.Write.*"],
      "Sales.ReadWrite.Team": ["Proposals.ReadWrite.Team"]
    }
  }]
}`;

test('effective permissions: scopes mapped to roles, intersected with the roles held', () => {
  const m = parsePermissionMapping(crm);
  assert.ok(m.ok);
  const a = analysisOf(
    v2Delegated({
      scp: 'Crm.ReadWrite.Team Other.Scope',
      roles: ['Accounts.Read.Team', 'Accounts.Write.Team', 'Contacts.Read.All'],
    }),
  );
  const e = effectivePermissions(a, m.mapping)!;
  assert.equal(e.api, 'CRM API');
  assert.deepEqual(e.effective, ['Accounts.Read.Team', 'Accounts.Write.Team']);
  assert.deepEqual(e.notHeld, ['Contacts.Read.Team', 'Contacts.Write.Team']);
  assert.deepEqual(e.unmappedScopes, ['Other.Scope']);
  const appOnly = analysisOf({ ...v2Delegated({ idtyp: 'app', roles: ['Accounts.Read.All'] }), scp: undefined });
  assert.deepEqual(effectivePermissions(appOnly, m.mapping)!.effective, ['Accounts.Read.All']);
  assert.equal(effectivePermissions(analysisOf(v2Delegated({ aud: 'api://elsewhere' })), m.mapping), undefined);
});

test('permission mapping errors are messages', () => {
  const bad = parsePermissionMapping('{"apis":[{"audience":"x"}]}');
  assert.equal(bad.ok, false);
  assert.match((bad as { message: string }).message, /scopeRoles/);
  assert.equal(parsePermissionMapping('{').ok, false);
});

test('the workspace fixture mapping is valid and names the CRM API', () => {
  const m = parsePermissionMapping(
    readFileSync(join(repoRoot, 'test/fixtures/workspace/tokens/.entra/permissions.json'), 'utf8'),
  );
  assert.ok(m.ok);
  assert.equal(m.mapping.apis[0]?.displayName, 'CRM API');
});

test('the mapping format covers the CRM example of the source article', (t) => {
  if (!hasShared) return t.skip('../shared is absent');
  const seed = readdirSync(join(sharedDir, 'seeds')).find((f) => f.startsWith('004_'));
  if (!seed) return t.skip('seed 004 not found');
  const text = readFileSync(join(sharedDir, 'seeds', seed), 'utf8');
  const m = parsePermissionMapping(crm);
  assert.ok(m.ok);
  // Every role and scope named in the article's mapping section resolves through our mapping.
  for (const scope of ['Crm.Read.My', 'Crm.ReadWrite.Team', 'Sales.ReadWrite.Team']) {
    assert.ok(text.includes(scope.replace(/\.(My|Team)$/, '.')) || text.includes(scope), `${scope} in article`);
    const a = analysisOf(v2Delegated({ scp: scope, roles: [] }));
    const e: EffectivePermissions | undefined = effectivePermissions(a, m.mapping);
    assert.ok(e);
    assert.equal(e.unmappedScopes.length, 0);
    assert.ok(e.notHeld.length > 0);
    for (const r of e.notHeld)
      assert.ok(text.includes(r.split('.').slice(0, 2).join('.')), `${r} named in the article`);
  }
});

test('linkToken resolves audience and client apps and matches scopes and roles', async () => {
  const linker: TokenTenantLinker = {
    resolveApp: async (key) =>
      key === API
        ? {
            appId: API,
            displayName: 'CRM API',
            scopes: [{ value: 'Crm.Read.Team', description: 'Read team CRM data' }],
            roles: [{ value: 'Accounts.Read.Team' }],
          }
        : key === CLIENT
          ? { appId: CLIENT, displayName: 'CRM Web', scopes: [], roles: [] }
          : undefined,
  };
  const l = await linkToken(analysisOf(v2Delegated({ roles: ['Accounts.Read.Team', 'Gone.Role'] })), linker);
  assert.equal(l.audienceApp?.displayName, 'CRM API');
  assert.equal(l.clientApp?.displayName, 'CRM Web');
  assert.deepEqual(l.scopes, [
    { value: 'Crm.Read.Team', defined: true, description: 'Read team CRM data' },
    { value: 'Sales.ReadWrite.Team', defined: false },
  ]);
  assert.deepEqual(
    l.roles.map((r) => r.defined),
    [true, false],
  );
  const failing: TokenTenantLinker = {
    resolveApp: async () => {
      throw new Error('signed out');
    },
  };
  assert.deepEqual(await linkToken(analysisOf(v2Delegated()), failing), { scopes: [], roles: [] });
});

test('analysis and linking of claims nested thousands of levels deep (in aud, scp, roles, _claim_names) neither throw nor overflow the stack', async () => {
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  const deepObject = `${'{"groups":'.repeat(3000)}"src1"${'}'.repeat(3000)}`;
  const raw = `{"aud":${deep},"azp":${deep},"scp":${deep},"roles":${deep},"iss":${deep},"tid":${deep},"exp":${deep},"amr":${deep},"_claim_names":${deepObject},"_claim_sources":${deepObject},"ver":"2.0"}`;
  const d = decodeToken(unsignedRaw(raw));
  assert.ok(d.ok);
  const analysis = analyzeToken(d.token, { now: NOW });
  for (const c of analysis.claims) assert.equal(typeof c.explanation, 'string');
  const linker: TokenTenantLinker = {
    resolveApp: async (id) => ({ appId: id, displayName: 'x', scopes: [], roles: [] }),
  };
  const links = await linkToken(analysis, linker);
  assert.deepEqual(links.scopes, []);
  const mapping = parsePermissionMapping(JSON.stringify({ apis: [{ audience: API, scopeRoles: { 'a.*': ['b.*'] } }] }));
  assert.ok(mapping.ok);
  assert.equal(effectivePermissions(analysis, mapping.mapping), undefined);
});
