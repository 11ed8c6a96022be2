import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  adminCenterAppLink,
  getCloud,
  graphDefaultScope,
  graphHostNames,
  graphScope,
} from '../../../src/core/entra/clouds';

const repoRoot = path.resolve(__dirname, '../../..');
const shared = path.resolve(repoRoot, '../shared');

test('cloud table: authority, Graph endpoint and admin center per national cloud', () => {
  const rows = (['AzureCloud', 'AzureUSGovernment', 'AzureUSGovernmentDoD', 'AzureChinaCloud'] as const).map((n) => {
    const c = getCloud(n);
    return [n, c.authorityHost, c.graphBaseUrl, c.adminCenter];
  });
  assert.deepEqual(rows, [
    ['AzureCloud', 'https://login.microsoftonline.com', 'https://graph.microsoft.com', 'https://entra.microsoft.com'],
    [
      'AzureUSGovernment',
      'https://login.microsoftonline.us',
      'https://graph.microsoft.us',
      'https://entra.microsoft.us',
    ],
    [
      'AzureUSGovernmentDoD',
      'https://login.microsoftonline.us',
      'https://dod-graph.microsoft.us',
      'https://entra.microsoft.us',
    ],
    [
      'AzureChinaCloud',
      'https://login.chinacloudapi.cn',
      'https://microsoftgraph.chinacloudapi.cn',
      'https://entra.microsoftonline.cn',
    ],
  ]);
});

test('the cloud table agrees with the fact sheet (national clouds section)', (t) => {
  const facts = path.join(shared, 'reference/entra-facts.md');
  if (!existsSync(facts)) {
    t.skip('../shared is absent: fact sheet comparison skipped');
    return;
  }
  const text = readFileSync(facts, 'utf8');
  for (const name of ['AzureCloud', 'AzureUSGovernment', 'AzureUSGovernmentDoD', 'AzureChinaCloud'] as const) {
    const c = getCloud(name);
    assert.ok(text.includes(`\`${c.graphBaseUrl}\``), `${name} Graph endpoint ${c.graphBaseUrl} is in the fact sheet`);
    assert.ok(text.includes(`\`${c.adminCenter}\``), `${name} admin center ${c.adminCenter} is in the fact sheet`);
    assert.ok(text.includes(c.authorityHost), `${name} authority ${c.authorityHost} is in the fact sheet`);
  }
});

test('scopes are per cloud; custom clouds need https endpoints and name their Graph host', () => {
  assert.equal(
    graphScope(getCloud('AzureCloud'), 'Application.Read.All'),
    'https://graph.microsoft.com/Application.Read.All',
  );
  assert.equal(
    graphScope(getCloud('AzureChinaCloud'), 'Application.Read.All'),
    'https://microsoftgraph.chinacloudapi.cn/Application.Read.All',
  );
  assert.equal(graphDefaultScope(getCloud('AzureUSGovernmentDoD')), 'https://dod-graph.microsoft.us/.default');
  const custom = getCloud('Custom', {
    authorityHost: 'https://127.0.0.1:4443/',
    graphBaseUrl: 'https://127.0.0.1:4443',
  });
  assert.equal(custom.authorityHost, 'https://127.0.0.1:4443');
  assert.equal(custom.custom, true);
  assert.deepEqual([...graphHostNames(custom)], ['127.0.0.1']);
  assert.throws(
    () => getCloud('Custom', { authorityHost: 'http://127.0.0.1:4443', graphBaseUrl: 'https://x' }),
    /https/,
  );
  assert.throws(() => getCloud('Custom'), /authority host/);
});

test('admin center deep link is tenant-aware and cloud-aware', () => {
  assert.equal(
    adminCenterAppLink(getCloud('AzureCloud'), 'contoso.onmicrosoft.com', '11111111-2222-3333-4444-555555555555'),
    'https://entra.microsoft.com/contoso.onmicrosoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/11111111-2222-3333-4444-555555555555/isMSAApp~/false',
  );
  assert.match(
    adminCenterAppLink(getCloud('AzureUSGovernment'), 't', 'a'),
    /^https:\/\/entra\.microsoft\.us\/t\/#view\//,
  );
});
