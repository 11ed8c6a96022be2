// "Reveal in Entra explorer" in the token panel: a real button next to each linked app registration
// (and only there), its attributes escaped, and the webview message narrowed to a GUID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeToken } from '../../../src/core/token/analyze';
import { decodeToken } from '../../../src/core/token/decode';
import type { LinkedApp, TokenLinks } from '../../../src/core/token/linker';
import { isGuid, parseFromWebview } from '../../../src/core/token/protocol';
import { renderLinkedFragments, renderTokenHtml } from '../../../src/vscode/token/html';
import { API, CLIENT, NOW, unsigned, v2Delegated } from './helpers';

const HOSTILE = `"'><img src=x onerror=alert(1)>`;

function app(appId: string, displayName: string): LinkedApp {
  return { appId, displayName, scopes: [], roles: [] };
}

function render(links?: TokenLinks): string {
  const d = decodeToken(unsigned({ alg: 'RS256', kid: 'k' }, v2Delegated()));
  assert.ok(d.ok);
  const analysis = analyzeToken(d.token, { now: NOW });
  return renderTokenHtml(
    {
      analysis,
      signature: analysis.signature,
      ...(links ? { links } : {}),
    },
    {
      nonce: 'NONCE123',
      script: 'void 0; /* </script> */',
      style: 'body{color:red}',
      formatLocal: (ms) => new Date(ms).toISOString(),
    },
  );
}

/** The reveal buttons of a document: their attributes and text. */
function revealButtons(html: string): { appId: string; label: string; text: string; tag: string }[] {
  return [...html.matchAll(/<button\b([^>]*)\bdata-action="reveal"([^>]*)>([^<]*)<\/button>/g)].map((m) => {
    const attrs = `${m[1]} ${m[2]}`;
    return {
      tag: m[0],
      appId: /data-app-id="([^"]*)"/.exec(attrs)?.[1] ?? '',
      label: /aria-label="([^"]*)"/.exec(attrs)?.[1] ?? '',
      text: m[3] ?? '',
    };
  });
}

test('no linked apps (signed out or not found): no reveal button', () => {
  assert.deepEqual(revealButtons(render()), []);
  assert.deepEqual(revealButtons(render({ scopes: [], roles: [] })), []);
  assert.ok(!render().includes('data-action="reveal"'));
});

test('a button next to the linked audience app only, posting its app id', () => {
  const html = render({ audienceApp: app(API, 'CRM API'), scopes: [], roles: [] });
  const buttons = revealButtons(html);
  assert.equal(buttons.length, 1);
  const [b] = buttons;
  assert.equal(b!.appId, API);
  assert.equal(b!.text, 'Reveal in Entra explorer');
  assert.equal(
    b!.label,
    'Reveal in Entra explorer: CRM API',
    'the accessible name starts with the visible text and names the app',
  );
  assert.match(b!.tag, /^<button type="button" /, 'a real, keyboard-focusable button (no form submit)');
  assert.ok(!/\btabindex="-|disabled/.test(b!.tag));
  // It sits in the Audience row, right after the linked app's name.
  const audienceRow = /<dt>Audience<\/dt><dd id="fact-audience">(.*?)<\/dd>/s.exec(html)?.[1] ?? '';
  assert.match(
    audienceRow,
    /<span class="linked">app registration <strong>CRM API<\/strong><\/span> <button [^>]*data-action="reveal"/,
  );
  const clientRow = /<dt>Client<\/dt><dd id="fact-client">(.*?)<\/dd>/s.exec(html)?.[1] ?? '';
  assert.ok(!clientRow.includes('data-action="reveal"'), 'the client is not linked: no button there');
});

test('audience and client both linked: one button each, in their rows', () => {
  const html = render({ audienceApp: app(API, 'CRM API'), clientApp: app(CLIENT, 'CRM Web'), scopes: [], roles: [] });
  assert.deepEqual(
    revealButtons(html).map((b) => [b.appId, b.label]),
    [
      [API, 'Reveal in Entra explorer: CRM API'],
      [CLIENT, 'Reveal in Entra explorer: CRM Web'],
    ],
  );
  const clientRow = /<dt>Client<\/dt><dd id="fact-client">(.*?)<\/dd>/s.exec(html)?.[1] ?? '';
  assert.match(clientRow, new RegExp(`data-app-id="${CLIENT}"`));
});

test('hostile display names are escaped in the text and in the aria-label attribute', () => {
  const html = render({
    audienceApp: app(API, HOSTILE),
    clientApp: app(CLIENT, `a&b "quoted" <x>`),
    scopes: [],
    roles: [],
  });
  assert.ok(!html.includes('<img'), 'no injected element');
  assert.ok(!html.includes(`"'>`), 'no attribute breakout');
  const [aud, client] = revealButtons(html);
  assert.equal(aud!.label, 'Reveal in Entra explorer: &quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;');
  assert.equal(client!.label, 'Reveal in Entra explorer: a&amp;b &quot;quoted&quot; &lt;x&gt;');
  assert.match(html, /<strong>&quot;&#39;&gt;&lt;img src=x onerror=alert\(1\)&gt;<\/strong>/);
  assert.ok(!/\son\w+=/.test(html.replace(/&lt;img src=x onerror=alert\(1\)&gt;/g, '')), 'no inline event handlers');
});

test('an app id that is not a GUID gets no button (the host would refuse it), and never reaches an attribute', () => {
  const html = render({ audienceApp: app(`${API}" autofocus onfocus="alert(1)`, 'CRM API'), scopes: [], roles: [] });
  assert.deepEqual(revealButtons(html), []);
  assert.match(html, /app registration <strong>CRM API<\/strong>/, 'the link itself is still shown');
  assert.ok(!html.includes('onfocus'));
});

test('the reveal message is narrowed to a GUID app id; anything else is dropped', () => {
  assert.deepEqual(parseFromWebview({ type: 'reveal', appId: API }), { type: 'reveal', appId: API });
  assert.deepEqual(parseFromWebview({ type: 'reveal', appId: API.toUpperCase(), tenant: 'x', extra: 1 }), {
    type: 'reveal',
    appId: API.toUpperCase(),
  });
  for (const appId of [
    undefined,
    null,
    42,
    '',
    'CRM API',
    `${API} `,
    `{${API}}`,
    `${API}0`,
    'api://c1000000-0000-4000-8000-000000000001',
    ['a'],
  ]) {
    assert.equal(parseFromWebview({ type: 'reveal', appId }), undefined, JSON.stringify(appId));
  }
  assert.equal(isGuid('c1000000-0000-4000-8000-000000000001'), true);
  assert.equal(isGuid('c1000000000040008000000000000001'), false);
});

test('late links replace the page parts in place: the fragments are the page parts, escaped the same way', () => {
  const d = decodeToken(unsigned({ alg: 'RS256', kid: 'k' }, v2Delegated()));
  assert.ok(d.ok);
  const analysis = analyzeToken(d.token, { now: NOW });
  const links: TokenLinks = {
    audienceApp: app(API, HOSTILE),
    clientApp: app(CLIENT, 'Client <b>'),
    scopes: [{ value: 'user_impersonation', defined: false }],
    roles: [],
  };
  const effective = { api: `CRM ${HOSTILE}`, effective: ['Orders.Read'], notHeld: [], unmappedScopes: [] };
  const fragments = renderLinkedFragments({ analysis, links, effective });
  for (const html of Object.values(fragments)) {
    assert.ok(!html.includes('<img'), 'no markup from values');
  }
  assert.match(
    fragments.audience,
    /app registration <strong>&quot;&#39;&gt;&lt;img src=x onerror=alert\(1\)&gt;<\/strong>/,
  );
  assert.match(fragments.scopes, /not defined by the app/);
  assert.match(fragments.effective, /Effective permissions on CRM &quot;/);
  const page = renderTokenHtml(
    { analysis, signature: analysis.signature, links, effective },
    { nonce: 'N', script: '', style: '', doc: 7, formatLocal: (ms) => new Date(ms).toISOString() },
  );
  assert.ok(page.includes(`<dd id="fact-audience">${fragments.audience}</dd>`));
  assert.ok(page.includes(`<dd id="fact-client">${fragments.client}</dd>`));
  assert.ok(page.includes(`<dd id="fact-scopes">${fragments.scopes}</dd>`));
  assert.ok(page.includes(`<dd id="fact-roles">${fragments.roles}</dd>`));
  assert.ok(page.includes(`<div id="effective">${fragments.effective}</div>`));
  assert.match(page, /<body data-doc="7">/, 'the page carries its number for the ready message');
  // Without links the same parts show the token's own values.
  const bare = renderLinkedFragments({ analysis });
  assert.ok(!bare.audience.includes('app registration'));
  assert.equal(bare.effective, '');
});

test('ready and updated messages carry the host counters; anything else becomes -1', () => {
  assert.deepEqual(parseFromWebview({ type: 'ready', doc: 3 }), { type: 'ready', doc: 3 });
  assert.deepEqual(parseFromWebview({ type: 'updated', version: 2 }), { type: 'updated', version: 2 });
  for (const bad of [undefined, '3', -1, 1.5, Number.MAX_VALUE, null]) {
    assert.deepEqual(parseFromWebview({ type: 'ready', doc: bad }), { type: 'ready', doc: -1 }, String(bad));
    assert.deepEqual(
      parseFromWebview({ type: 'updated', version: bad }),
      { type: 'updated', version: -1 },
      String(bad),
    );
  }
});
