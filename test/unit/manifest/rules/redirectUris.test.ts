import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_ID, applyFix, assertAt, run } from './helper';

const app = (platforms: Record<string, string[]>, audience = 'AzureADMyOrg', extra: Record<string, unknown> = {}) => {
  const m: Record<string, unknown> = { appId: APP_ID, signInAudience: audience, ...extra };
  for (const [k, uris] of Object.entries(platforms)) m[k] = { redirectUris: uris };
  return m;
};

test('redirect-uri-scheme: https required except loopback; [::1] unsupported', () => {
  const text = JSON.stringify(
    app({
      web: [
        'https://contoso.com/auth',
        'http://localhost:3000/cb',
        'http://127.0.0.1/cb',
        'http://contoso.com/auth',
        'http://[::1]:5000/cb',
        'relative/path',
      ],
    }),
    null,
    2,
  );
  const ps = run('redirect-uri-scheme', text);
  assert.deepEqual(
    ps.map((p) => p.path),
    ['/web/redirectUris/3', '/web/redirectUris/4', '/web/redirectUris/5'],
  );
  assertAt(text, ps[0], ['web', 'redirectUris', 3]);
  assert.match(ps[1]!.message, /\[::1\]/);
  // http on a real host: the preferred fix switches the scheme and keeps the rest.
  assert.deepEqual(
    ps[0]!.fixes?.map((f) => [f.title, f.preferred]),
    [['Change to https', true]],
  );
  assert.equal(
    (applyFix(text, ps[0]!).value as { web: { redirectUris: string[] } }).web.redirectUris[3],
    'https://contoso.com/auth',
  );
  assert.equal(ps[1]!.fixes, undefined);
});

test('redirect-uri-scheme: custom schemes only on Mobile and desktop', () => {
  const pub = [
    'msal' + APP_ID + '://auth',
    'msauth.com.contoso.app://auth',
    'https://login.microsoftonline.com/common/oauth2/nativeclient',
  ];
  assert.deepEqual(run('redirect-uri-scheme', app({ publicClient: pub })), []);
  assert.deepEqual(
    run('redirect-uri-scheme', app({ spa: ['brk-multihub://contoso.com'] })),
    [],
    'nested app auth broker URIs are SPA URIs',
  );
  assert.equal(run('redirect-uri-scheme', app({ web: ['brk-multihub://contoso.com'] })).length, 1);
  const text = JSON.stringify(app({ spa: ['msal' + APP_ID + '://auth'] }), null, 2);
  const ps = run('redirect-uri-scheme', text);
  assert.equal(ps.length, 1);
  assertAt(text, ps[0], ['spa', 'redirectUris', 0]);
  // legacy replyUrlsWithType carries the platform in `type`
  const legacy = {
    appId: APP_ID,
    replyUrlsWithType: [
      { url: 'myapp://auth', type: 'InstalledClient' },
      { url: 'myapp://auth', type: 'Web' },
    ],
  };
  const lt = JSON.stringify(legacy, null, 2);
  const lp = run('redirect-uri-scheme', lt);
  assert.equal(lp.length, 1);
  assertAt(lt, lp[0], ['replyUrlsWithType', 1, 'url']);
});

test('redirect-uri-oob is discouraged', () => {
  const ps = run('redirect-uri-oob', app({ publicClient: ['urn:ietf:wg:oauth:2.0:oob'] }));
  assert.equal(ps.length, 1);
  assert.equal(ps[0]!.severity, 'warning');
  assert.deepEqual(run('redirect-uri-oob', app({ publicClient: ['http://localhost'] })), []);
});

test('redirect-uri-wildcard: error with personal accounts, warning otherwise', () => {
  const uris = { web: ['https://*.contoso.com/auth'] };
  const personal = run('redirect-uri-wildcard', app(uris, 'AzureADandPersonalMicrosoftAccount'));
  assert.equal(personal[0]?.severity, 'error');
  const entra = run('redirect-uri-wildcard', app(uris, 'AzureADMultipleOrgs'));
  assert.equal(entra[0]?.severity, 'warning');
  assert.deepEqual(run('redirect-uri-wildcard', app({ web: ['https://contoso.com/auth'] })), []);
});

test('redirect-uri-query: only Entra-only audiences may use query strings', () => {
  const uris = { spa: ['https://contoso.com/auth?x=1'] };
  const text = JSON.stringify(app(uris, 'PersonalMicrosoftAccount'), null, 2);
  assertAt(text, run('redirect-uri-query', text)[0], ['spa', 'redirectUris', 0]);
  assert.deepEqual(run('redirect-uri-query', app(uris, 'AzureADMyOrg')), []);
});

test('redirect-uri-characters, redirect-uri-length', () => {
  const text = JSON.stringify(
    app({ web: ['https://contoso.com/a(b)', 'https://contoso.com/ok', 'https://contoso.com/' + 'x'.repeat(240)] }),
    null,
    2,
  );
  const ch = run('redirect-uri-characters', text);
  assert.equal(ch.length, 1);
  assertAt(text, ch[0], ['web', 'redirectUris', 0]);
  assert.match(ch[0]!.message, /\( \)/);
  const len = run('redirect-uri-length', text);
  assert.equal(len.length, 1);
  assertAt(text, len[0], ['web', 'redirectUris', 2]);
  assert.deepEqual(run('redirect-uri-length', app({ web: ['https://contoso.com/' + 'x'.repeat(236)] })), []);
});

test('redirect-uri-count counts across platforms (256, or 100 with personal accounts)', () => {
  const n = (k: string, c: number) => Array.from({ length: c }, (_, i) => `https://contoso.com/${k}/${i}`);
  const mixed = { web: n('w', 60), spa: n('s', 41) };
  const ps = run('redirect-uri-count', app(mixed, 'AzureADandPersonalMicrosoftAccount'));
  assert.equal(ps.length, 1);
  assert.equal(ps[0]!.path, '/spa/redirectUris/40');
  assert.deepEqual(run('redirect-uri-count', app(mixed, 'AzureADMyOrg')), []);
  assert.equal(run('redirect-uri-count', app({ web: n('w', 200), spa: n('s', 57) }, 'AzureADMyOrg')).length, 1);
});

test('redirect-uri-duplicate within a platform; localhost ports; SPA also as Web', () => {
  const text = JSON.stringify(
    app({
      web: [
        'https://contoso.com/auth',
        'https://contoso.com/auth',
        'http://localhost:3000/cb',
        'http://localhost:4000/cb',
        'https://app.contoso.com/',
      ],
      spa: ['https://app.contoso.com/', 'https://contoso.com/spa'],
    }),
    null,
    2,
  );
  const dup = run('redirect-uri-duplicate', text);
  assert.equal(dup.length, 1);
  assertAt(text, dup[0], ['web', 'redirectUris', 1]);
  const removed = applyFix(text, dup[0]!).value as { web: { redirectUris: string[] } };
  assert.deepEqual(removed.web.redirectUris, [
    'https://contoso.com/auth',
    'http://localhost:3000/cb',
    'http://localhost:4000/cb',
    'https://app.contoso.com/',
  ]);
  // Legacy entries are objects: the whole {url, type} entry goes.
  const legacy = JSON.stringify(
    {
      appId: APP_ID,
      replyUrlsWithType: [
        { url: 'https://a.contoso.com/cb', type: 'Web' },
        { url: 'https://a.contoso.com/cb', type: 'Web' },
      ],
    },
    null,
    2,
  );
  const ld = run('redirect-uri-duplicate', legacy);
  assert.equal(ld.length, 1);
  assert.deepEqual((applyFix(legacy, ld[0]!).value as { replyUrlsWithType: unknown[] }).replyUrlsWithType, [
    { url: 'https://a.contoso.com/cb', type: 'Web' },
  ]);
  const port = run('redirect-uri-localhost-port', text);
  assert.equal(port.length, 1);
  assert.equal(port[0]!.severity, 'hint');
  assertAt(text, port[0], ['web', 'redirectUris', 3]);
  const both = run('redirect-uri-spa-and-web', text);
  assert.equal(both.length, 1);
  assertAt(text, both[0], ['spa', 'redirectUris', 0]);
  assert.deepEqual(
    run('redirect-uri-localhost-port', app({ web: ['http://localhost:3000/a', 'http://localhost:4000/b'] })),
    [],
  );
  // A repeated text has the answer of its first entry: each repeat of the other port is reported
  // against the first URI, the first URI's own repeat is not; a platform counts on its own.
  const repeats = JSON.stringify(
    app({
      web: ['http://localhost:3000/a', 'http://localhost:4000/a', 'http://localhost:4000/a', 'http://localhost:3000/a'],
      spa: ['http://localhost:4000/a', 'http://localhost:4000/a'],
    }),
    null,
    2,
  );
  const found = run('redirect-uri-localhost-port', repeats);
  assert.deepEqual(
    found.map((p) => [p.path, p.message.includes('http://localhost:3000/a')]),
    [
      ['/web/redirectUris/1', true],
      ['/web/redirectUris/2', true],
    ],
  );
});

test('logout-url-https', () => {
  const t1 = JSON.stringify(app({}, 'AzureADMyOrg', { web: { logoutUrl: 'http://contoso.com/logout' } }), null, 2);
  assertAt(t1, run('logout-url-https', t1)[0], ['web', 'logoutUrl']);
  assert.deepEqual(
    run('logout-url-https', app({}, 'AzureADMyOrg', { web: { logoutUrl: 'http://localhost/logout' } })),
    [],
  );
  assert.equal(
    run(
      'logout-url-https',
      app({}, 'AzureADandPersonalMicrosoftAccount', { web: { logoutUrl: 'http://localhost/logout' } }),
    ).length,
    1,
  );
  assert.deepEqual(
    run(
      'logout-url-https',
      app({}, 'AzureADandPersonalMicrosoftAccount', { web: { logoutUrl: 'https://localhost/logout' } }),
    ),
    [],
  );
  assert.equal(run('logout-url-https', { replyUrlsWithType: [], logoutUrl: 'ftp://x/y' })[0]?.path, '/logoutUrl');
});

test('Teams placeholders in redirect URIs are never flagged', () => {
  const m = {
    signInAudience: 'AzureADandPersonalMicrosoftAccount',
    replyUrlsWithType: [
      { url: '${{TAB_ENDPOINT}}/auth-end.html', type: 'Web' },
      { url: '${{TAB_ENDPOINT}}/auth-end.html?clientId=${{AAD_APP_CLIENT_ID}}', type: 'Spa' },
      { url: '{{state.fx-resource-frontend-hosting.endpoint}}/auth-end.html', type: 'Spa' },
      { url: '${{TAB_ENDPOINT}}/auth-end.html', type: 'Spa' },
    ],
  };
  for (const id of [
    'redirect-uri-scheme',
    'redirect-uri-query',
    'redirect-uri-characters',
    'redirect-uri-duplicate',
    'redirect-uri-wildcard',
  ]) {
    assert.deepEqual(run(id, m), [], id);
  }
  // Placeholders compared as written: the same template text on Web and SPA renders to the same URI.
  assert.deepEqual(
    run('redirect-uri-spa-and-web', m).map((p) => [p.path, p.severity]),
    [
      ['/replyUrlsWithType/1/url', 'info'],
      ['/replyUrlsWithType/3/url', 'warning'],
    ],
  );
});

test('fixes on a minified manifest (one long line) change only what they fix, without reformatting the line', () => {
  const uris = Array.from({ length: 3_000 }, (_, i) => `https://app${i}.contoso.example/signin-oidc`);
  uris.push(uris[7]!);
  const text = JSON.stringify(app({ web: uris }));
  const [dup] = run('redirect-uri-duplicate', text);
  assert.ok(dup);
  const edits = dup.fixes![0]!.edits;
  assert.deepEqual(
    edits.map((e) => ({ offset: e.offset, length: e.length, content: e.content })),
    [
      {
        offset: text.lastIndexOf(',"https://app7.'),
        length: JSON.stringify(uris[7]).length + 1,
        content: '',
      },
    ],
    'one edit removing the duplicate and its comma',
  );
  const fixed = applyFix(text, dup);
  assert.equal(fixed.text.includes('\n'), false, 'still one line');
  assert.deepEqual((fixed.value as { web: { redirectUris: string[] } }).web.redirectUris, uris.slice(0, -1));
});

test('repeated redirect URIs: every entry is read and reported, not only the first of a text', () => {
  const text = JSON.stringify(
    app({
      web: ['http://contoso.com/a', 'http://contoso.com/a', 'https://contoso.com/page?x=1', 'http://contoso.com/a'],
      spa: ['https://contoso.com/page?y=2', 'https://contoso.com/page?y=2', '{{APP_URL}}/x', '{{APP_URL}}/x'],
    }),
    null,
    2,
  );
  assert.deepEqual(
    run('redirect-uri-scheme', text).map((p) => p.path),
    ['/web/redirectUris/0', '/web/redirectUris/1', '/web/redirectUris/3'],
  );
  assert.deepEqual(
    run('redirect-uri-duplicate', text).map((p) => p.path),
    // Placeholders are not compared (their rendered values are unknown).
    ['/web/redirectUris/1', '/web/redirectUris/3', '/spa/redirectUris/1'],
  );
  // Both SPA entries name the Web page /page (query aside): each gets the finding.
  const spa = run('redirect-uri-spa-and-web', text);
  assert.deepEqual(
    spa.map((p) => [p.path, p.severity]),
    [
      ['/spa/redirectUris/0', 'info'],
      ['/spa/redirectUris/1', 'info'],
    ],
  );
  assert.match(spa[1]!.message, /https:\/\/contoso\.com\/page\?x=1/);
});
