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
  type CustomCloudEndpoints,
} from '../../../src/core/entra/clouds';
import { pseudoLocalizer, untranslated } from '../pseudoLocale';

/** Letters swapped for accented ones: a translation no English word survives. */
function pseudoText(message: string): string {
  return message
    .replace(/[aeiouAEIOU]/g, (c) => `${c}\u0301`)
    .replace(/[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z]/g, (c) => `${c}\u0331`);
}

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

test('a custom cloud whose endpoints are wrong says so in the language of the localizer, the value as written', () => {
  const cases: [string, CustomCloudEndpoints | undefined, RegExp][] = [
    ['none', undefined, /: The Custom cloud needs an authority host and a Microsoft Graph base URL\.$/],
    [
      'authority not a URL',
      { authorityHost: 'login', graphBaseUrl: 'https://x' },
      /: The authority host "login" is not a URL\.$/,
    ],
    [
      'authority http',
      { authorityHost: 'http://a', graphBaseUrl: 'https://x' },
      /: The authority host "http:\/\/a" must use https\.$/,
    ],
    [
      'Graph not a URL',
      { authorityHost: 'https://a', graphBaseUrl: 'graph' },
      /Microsoft Graph base URL "graph" is not a URL/,
    ],
    [
      'Graph http',
      { authorityHost: 'https://a', graphBaseUrl: 'http://g' },
      /Microsoft Graph base URL "http:\/\/g" must use https/,
    ],
    [
      'admin center',
      { authorityHost: 'https://a', graphBaseUrl: 'https://g', adminCenter: 'ftp://c' },
      /admin center address "ftp:\/\/c" must use https/,
    ],
  ];
  for (const [name, endpoints, english] of cases) {
    assert.throws(() => getCloud('Custom', endpoints), english, name);
    const l10n = pseudoLocalizer(pseudoText);
    let text = '';
    assert.throws(
      () => getCloud('Custom', endpoints, l10n),
      (err: Error) => ((text = err.message), true),
      name,
    );
    assert.deepEqual(untranslated(text, l10n.values), [], `${name}: ${text}`);
  }
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
