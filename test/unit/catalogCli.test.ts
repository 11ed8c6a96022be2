// `entra-workbench catalog pull` against the in-process emulator (client credentials from the
// environment), and `lint` picking the written .entra/catalog.json up from the working folder.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { CATALOG_FILE_FORMAT, type CatalogFile } from '../../src/core/manifest/catalogFile';
import { startEmulator, type Emulator } from '../emulator/index';
import { requireTrustedCa } from './emulator/helpers';

const CRM_API = 'c1000000-0000-4000-8000-000000000001';
const CRM_READ_ALL = 'f1000000-0000-4000-8000-000000000203';
const ACCOUNTS_READ_ALL_ROLE = 'f1000000-0000-4000-8000-000000000102';
const ADMIN = { id: 'c1000000-0000-4000-8000-000000000010', secret: 'Emulator~Admin~Client~Secret~0006' };

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: async () => '',
    interactive: false,
  });
  return { code, out, err };
}

function client(access: { id: string; type: string }[]): string {
  return JSON.stringify({
    displayName: 'CRM client',
    signInAudience: 'AzureADMyOrg',
    requiredResourceAccess: [{ resourceAppId: CRM_API, resourceAccess: access }],
  });
}

describe('entra-workbench catalog pull', () => {
  let emu: Emulator;
  let dir: string;
  const cwd = process.cwd();

  before(async () => {
    requireTrustedCa();
    emu = await startEmulator({ scenario: 'sample' });
    dir = mkdtempSync(join(tmpdir(), 'ew-catalog-'));
    Object.assign(process.env, {
      AZURE_CLIENT_ID: ADMIN.id,
      AZURE_CLIENT_SECRET: ADMIN.secret,
      AZURE_TENANT_ID: emu.config.tenantId,
      AZURE_AUTHORITY_HOST: emu.config.authorityHost,
    });
  });
  after(async () => {
    process.chdir(cwd);
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes every service principal's scopes and application roles to .entra/catalog.json", async () => {
    process.chdir(dir);
    const r = await run(['catalog', 'pull', '--graph-base-url', emu.config.graphBaseUrl]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /Wrote \.entra\/catalog\.json: \d+ APIs, \d+ permissions/);
    const file = JSON.parse(readFileSync(join(dir, '.entra', 'catalog.json'), 'utf8')) as CatalogFile;
    assert.equal(file.format, CATALOG_FILE_FORMAT);
    assert.equal(file.tenantId, emu.config.tenantId);
    const crm = file.resources.find((x) => x.appId === CRM_API);
    assert.ok(crm, 'the tenant’s own API is in the catalogue');
    assert.equal(crm.displayName, 'CRM API');
    assert.ok(crm.permissions.some((p) => p.id === CRM_READ_ALL && p.value === 'Crm.Read.All' && p.type === 'Scope'));
    assert.ok(crm.permissions.some((p) => p.id === ACCOUNTS_READ_ALL_ROLE && p.type === 'Role'));
    // Roles only users can hold are not application permissions.
    assert.ok(!crm.permissions.some((p) => p.value === 'Accounts.Read.Team'));
  });

  it('lint in that folder (or below it) checks the API’s permissions; elsewhere it cannot', async () => {
    process.chdir(dir);
    mkdirSync(join(dir, 'apps'), { recursive: true });
    writeFileSync(join(dir, 'apps', 'ok.json'), client([{ id: CRM_READ_ALL, type: 'Scope' }]));
    writeFileSync(
      join(dir, 'apps', 'typo.json'),
      client([{ id: 'f1000000-0000-4000-8000-0000000002ff', type: 'Scope' }]),
    );
    writeFileSync(join(dir, 'apps', 'type.json'), client([{ id: CRM_READ_ALL, type: 'Role' }]));
    const ok = await run(['lint', 'apps/ok.json']);
    assert.equal(ok.code, 0, ok.out + ok.err);
    const typo = await run(['lint', 'apps/typo.json']);
    assert.equal(typo.code, 1);
    assert.match(typo.out, /rra-unknown-permission CRM API has no permission/);
    process.chdir(join(dir, 'apps'));
    const type = await run(['lint', 'type.json']);
    assert.equal(type.code, 1);
    assert.match(type.out, /rra-type-mismatch Crm\.Read\.All is a delegated permission/);
    // An explicit --catalog replaces the workspace one: the built-in catalogue does not know CRM API.
    process.chdir(tmpdir());
    const elsewhere = await run(['lint', join(dir, 'apps', 'typo.json')]);
    assert.equal(elsewhere.code, 0, elsewhere.out);
    const explicit = await run([
      'lint',
      '--catalog',
      join(dir, '.entra', 'catalog.json'),
      join(dir, 'apps', 'typo.json'),
    ]);
    assert.equal(explicit.code, 1);
  });

  it('a broken catalogue file is a usage error naming the reason', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'something else', resources: [] }));
    const r = await run(['lint', '--catalog', bad, join(dir, 'apps', 'ok.json')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot load the catalogue from .*bad\.json: "format" is "something else"/);
  });

  it('catalog without pull explains its usage', async () => {
    const r = await run(['catalog']);
    assert.equal(r.code, 1);
    assert.match(r.err, /catalog needs pull/);
    assert.match(r.err, /Usage: entra-workbench catalog pull/);
  });
});
