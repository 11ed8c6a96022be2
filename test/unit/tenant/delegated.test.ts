// Delegated sign-in against the tenant emulator (sample scenario) with the credential the
// extension uses for the `deviceCode` method: the device code prompt, `/me`, "Owned by me", consent
// statuses read with the user's token, and what a missing Directory.Read.All looks like.
import { DeviceCodeCredential, type DeviceCodeInfo } from '@azure/identity';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GraphAccess } from '../../../src/io/graph/client';
import { getCloud, graphDefaultScope, graphScope } from '../../../src/core/entra/clouds';
import { toGraphError } from '../../../src/core/graph/errors';
import { TenantModel } from '../../../src/core/tenant/model';
import { tenantGraph } from '../../../src/io/graph/tenantGraph';
import { startEmulator, type Emulator } from '../../emulator/index';

const publicClient = 'c1000000-0000-4000-8000-000000000011';
const crmWeb = { id: 'b1000000-0000-4000-8000-000000000002', appId: 'c1000000-0000-4000-8000-000000000002' };

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ scenario: 'sample', port: 0, deviceCodePendingPolls: 1 });
});
after(async () => {
  await emu?.close();
});

function deviceCode(prompts: DeviceCodeInfo[]): {
  credential: DeviceCodeCredential;
  cloud: ReturnType<typeof getCloud>;
} {
  const cloud = getCloud('Custom', { authorityHost: emu.config.authorityHost, graphBaseUrl: emu.config.graphBaseUrl });
  const credential = new DeviceCodeCredential({
    tenantId: emu.config.tenantId,
    clientId: publicClient,
    authorityHost: cloud.authorityHost,
    disableInstanceDiscovery: true,
    disableAutomaticAuthentication: true,
    userPromptCallback: (info) => prompts.push(info),
  });
  return { credential, cloud };
}

async function signedIn(): Promise<{ model: TenantModel; prompts: DeviceCodeInfo[]; username: string | undefined }> {
  const prompts: DeviceCodeInfo[] = [];
  const { credential, cloud } = deviceCode(prompts);
  const scopes = [graphDefaultScope(cloud)];
  // Without an explicit sign-in the credential does not prompt.
  await assert.rejects(credential.getToken(scopes), (err: Error) => err.name === 'AuthenticationRequiredError');
  assert.equal(prompts.length, 0);
  const record = await credential.authenticate(scopes);
  const graph = new GraphAccess({ credential, cloud, scopes, permissionType: 'delegated', maxRetries: 0 });
  return {
    model: new TenantModel({ graph: tenantGraph(graph), tenantId: emu.config.tenantId }),
    prompts,
    username: record?.username,
  };
}

test('device code: one prompt with code and link, then the signed-in user and the apps they own', async () => {
  const { model, prompts, username } = await signedIn();
  assert.equal(prompts.length, 1);
  assert.match(prompts[0]!.userCode, /^[0-9A-F]{9}$/);
  assert.equal(prompts[0]!.verificationUri, `${emu.config.authorityHost}/devicelogin`);
  assert.ok(prompts[0]!.message.includes(prompts[0]!.userCode));
  assert.equal(username, 'adele@contoso-emulator.onmicrosoft.com');
  const me = await model.loadSignedInUser();
  assert.deepEqual(me, {
    id: 'a1000000-0000-4000-8000-000000000001',
    displayName: 'Adele Vance',
    userPrincipalName: 'adele@contoso-emulator.onmicrosoft.com',
  });
  await model.loadAll('owned');
  const owned = model.list('owned');
  assert.equal(owned.error, undefined);
  const expected = emu.tenant.applications
    .filter((a) => (emu.tenant.owners.get(a.id) ?? []).includes(me!.id))
    .map((a) => a.displayName);
  assert.equal(expected.length, 6);
  assert.deepEqual(owned.entries.map((e) => e.displayName).sort(), [...expected].sort());
});

test("device code: consent statuses are read with the user's token (Directory.Read.All granted to the client)", async () => {
  const { model } = await signedIn();
  await model.loadOrganization();
  const d = await model.expand(crmWeb);
  assert.deepEqual(d.errors, {});
  const crm = d.permissions.filter((p) => p.resourceName === 'CRM API').map((p) => `${p.value} ${p.statusText}`);
  assert.deepEqual(crm, [
    'user_impersonation Granted for Contoso (emulated)',
    'Crm.ReadWrite.Team Granted for Contoso (emulated)',
    'Crm.Read.My Granted for Contoso (emulated)',
  ]);
});

test('a named scope the client was never granted fails with consent required; `.default` is what the explorer asks for', async () => {
  const { credential, cloud } = deviceCode([]);
  const err = await credential.authenticate([graphScope(cloud, 'Application.Read.All')]).then(
    () => undefined,
    (e: unknown) => e,
  );
  // The emulator answers invalid_grant (AADSTS65001, consent required); @azure/identity reports it
  // as an AuthenticationRequiredError, which users see as a sign-in problem.
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'AuthenticationRequiredError');
  assert.match(err.message, /invalid_grant/);
  assert.equal(toGraphError(err).kind, 'signin');
  assert.ok(
    emu.requests.list({ kind: 'identity' }).some((r) => r.path.includes('/oauth2/v2.0/token') && r.status === 400),
  );
});

test('without Directory.Read.All the delegated grants are unknown and the error names the permission', async (t) => {
  const grant = emu.tenant.oauth2PermissionGrants.find((g) => g.id === 'grant-public-graph-all');
  assert.ok(grant, "the public client's Graph grant");
  const original = grant.scope;
  grant.scope = original
    .split(' ')
    .filter((s) => s !== 'Directory.Read.All' && s !== 'DelegatedPermissionGrant.ReadWrite.All')
    .join(' ');
  t.after(() => {
    grant.scope = original;
  });
  const { model } = await signedIn();
  const d = await model.expand(crmWeb);
  assert.equal(d.errors.grants?.kind, 'forbidden');
  assert.equal(d.errors.grants?.missingPermission, 'Directory.Read.All (delegated)');
  assert.match(d.errors.grants!.message, /needs Directory\.Read\.All \(delegated\)/);
  const scopes = d.permissions.filter((p) => p.kind === 'Scope');
  assert.ok(scopes.length > 0);
  assert.ok(
    scopes.every((p) => p.state === 'unknown' && p.statusText === 'Status unknown'),
    'not "Not granted" when grants could not be read',
  );
  // Reading the app itself still works (Application.ReadWrite.All is granted).
  assert.equal(d.app.displayName, 'CRM Web');
});
