// The panel HTML is built on the host: hostile claim values must come out as text, never markup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeToken } from '../../../src/core/token/analyze';
import { decodeToken } from '../../../src/core/token/decode';
import { htmlValue, formatLocalTime, renderTokenHtml } from '../../../src/vscode/token/html';
import { boundsCases, NOW, payloadWithRawClaims, unsigned, unsignedRaw, v2Delegated } from './helpers';

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = `"'><script>alert(2)</script>`;

function render(
  payload: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256', kid: 'k' },
): string {
  const d = decodeToken(unsigned(header, payload));
  assert.ok(d.ok);
  const analysis = analyzeToken(d.token, { now: NOW });
  return renderTokenHtml(
    { analysis, signature: analysis.signature },
    {
      nonce: 'NONCE123',
      script: 'void 0; /* </script> */',
      style: 'body{color:red}',
      formatLocal: (ms) => new Date(ms).toISOString(),
    },
  );
}

test('htmlValue escapes the five special characters', () => {
  assert.equal(
    htmlValue(`<a href="x" title='y'>&</a>`),
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  );
  assert.equal(htmlValue({ a: '<' }), '{&quot;a&quot;:&quot;&lt;&quot;}');
});

test('hostile claim names and values, header values and scopes are escaped everywhere', () => {
  const html = render(
    v2Delegated({
      name: IMG,
      preferred_username: SCRIPT,
      scp: `${IMG} ok`,
      roles: [SCRIPT],
      [IMG]: SCRIPT,
      iss: `https://login.microsoftonline.com/${SCRIPT}/v2.0`,
    }),
    { alg: 'RS256', kid: IMG, [SCRIPT]: 1 },
  );
  assert.ok(!html.includes('<img'), 'no img element');
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'only our own script element');
  assert.ok(!html.includes(`"'>`), 'no attribute breakout');
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(html.includes('&quot;&#39;&gt;&lt;script&gt;alert(2)&lt;/script&gt;'));
  assert.ok(html.includes(`data-claim="&lt;img src=x onerror=alert(1)&gt;"`), 'claim names in attributes are escaped');
});

test('strict CSP with the nonce; the script and style are inline under it and cannot close their elements early', () => {
  const html = render(v2Delegated());
  assert.match(
    html,
    /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-NONCE123'; style-src 'nonce-NONCE123';">/,
  );
  assert.ok(
    html.includes('<script nonce="NONCE123">void 0; /* <\\/script> */</script>'),
    'inline script, closing tag inside it neutralised',
  );
  assert.ok(html.includes('<style nonce="NONCE123">body{color:red}</style>'));
  assert.ok(!/\s(src|href)=/.test(html), 'nothing loaded from anywhere');
  assert.ok(!/style=/.test(html), 'no inline styles');
  assert.ok(!/\son\w+=/.test(html), 'no inline event handlers');
});

test('summary, times in local and UTC with age, claims table with headers, copy and verify buttons', () => {
  const html = render(v2Delegated());
  assert.match(html, /data-kind="access" data-flow="delegated"/);
  assert.match(html, /<h1 id="summary-title">Access token v2\.0 · delegated<\/h1>/);
  assert.match(html, /expires in 50 min/);
  assert.match(html, / UTC/);
  assert.match(html, /\(local\)/);
  assert.match(html, /<th scope="col">Claim<\/th>/);
  assert.match(html, /<th scope="row"><code>scp<\/code><\/th>/);
  assert.match(html, /<button type="button" id="verify" data-action="verify">Verify signature<\/button>/);
  for (const what of ['header', 'payload', 'token']) assert.match(html, new RegExp(`data-what="${what}"`));
  assert.ok(!html.includes('x'.repeat(342)), 'the signature is not in the page');
});

test('a Graph token renders cannot-verify with the button disabled', () => {
  const html = render(v2Delegated({ aud: 'https://graph.microsoft.com' }), { alg: 'RS256', nonce: 'n', kid: 'k' });
  assert.match(html, /data-status="cannot-verify"/);
  assert.match(html, /id="verify" data-action="verify" disabled/);
});

test('local times come with their UTC offset, in the host zone, without Intl', () => {
  const saved = process.env.TZ;
  try {
    process.env.TZ = 'Asia/Kolkata';
    assert.equal(formatLocalTime(Date.UTC(2026, 10, 22, 8, 3, 5)), '2026-11-22 13:33:05 UTC+05:30');
    process.env.TZ = 'America/St_Johns';
    assert.equal(formatLocalTime(Date.UTC(2026, 0, 2, 1, 0, 9)), '2026-01-01 21:30:09 UTC-03:30');
    process.env.TZ = 'UTC';
    assert.equal(formatLocalTime(0), '1970-01-01 00:00:00 UTC+00:00');
    assert.equal(formatLocalTime(Number.NaN), 'invalid date');
    assert.equal(formatLocalTime(9e15), 'invalid date', 'beyond the Date range');
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

test('a verification that may pass later offers a retry; one that never can keeps the button disabled', () => {
  const d = decodeToken(unsigned({ alg: 'RS256', kid: 'k' }, v2Delegated()));
  assert.ok(d.ok);
  const analysis = analyzeToken(d.token, { now: NOW });
  const page = (
    signature: { status: 'cannot-verify' | 'invalid'; reason: string; retryable?: boolean },
    verifying = false,
  ): string =>
    renderTokenHtml(
      { analysis, signature, verifying },
      { nonce: 'N', script: '', style: '', formatLocal: (ms) => new Date(ms).toISOString() },
    );
  const offline = page({
    status: 'cannot-verify',
    reason: "Could not fetch the issuer's OpenID metadata: getaddrinfo ENOTFOUND login.microsoftonline.com. Offline?",
    retryable: true,
  });
  assert.match(offline, /<button type="button" id="verify" data-action="verify">Retry verification<\/button>/);
  assert.match(
    page({ status: 'cannot-verify', reason: 'r', retryable: true }, true),
    /id="verify" data-action="verify" disabled>Retry verification</,
    'not while a check runs',
  );
  assert.match(
    page({ status: 'cannot-verify', reason: 'HS256 is a shared-secret signature' }),
    /id="verify" data-action="verify" disabled>Verify signature</,
  );
  assert.match(
    page({ status: 'invalid', reason: 'Bad signature' }),
    /id="verify" data-action="verify">Verify signature</,
  );
});

test('the summary explains kind and flow in plain sentences', () => {
  const html = render(v2Delegated());
  assert.match(
    html,
    /<p class="muted">It is an access token: it carries scp, azp and azpacr, and only access tokens name the client app and what it was granted\. A user signed in: scp lists the delegated permissions the client holds on their behalf\.<\/p>/,
  );
});

function renderToken(token: string, links?: Parameters<typeof renderTokenHtml>[0]['links']): string {
  const d = decodeToken(token);
  assert.ok(d.ok);
  const analysis = analyzeToken(d.token, { now: NOW });
  return renderTokenHtml(
    { analysis, signature: analysis.signature, ...(links ? { links } : {}) },
    { nonce: 'N', script: '', style: '', formatLocal: (ms) => new Date(ms).toISOString() },
  );
}

test('bidi overrides and invisible characters are shown as markers in the panel, never as themselves', () => {
  const token = unsigned(
    { alg: 'RS256', kid: 'k\u200b1' },
    v2Delegated({
      name: 'Ada\u202egnp.exe',
      preferred_username: 'admin\u2066@contoso.example\u2069',
      roles: ['Admin\u200e'],
      tid: 'bad\u202dtid',
      'x\ufeffclaim': ['a\u0000b', { c: '\u2028' }],
    }),
  );
  const html = renderToken(token, {
    audienceApp: { appId: 'aaaaaaaa-0000-0000-0000-000000000001', displayName: 'CRM\u202e API', scopes: [], roles: [] },
    scopes: [],
    roles: [],
  });
  assert.ok(
    !/[\u0000-\u0009\u000b-\u001f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/.test(html),
    'no invisible character in the document',
  );
  for (const marked of [
    'Ada⟨U+202E⟩gnp.exe',
    'admin⟨U+2066⟩@contoso.example⟨U+2069⟩',
    'Admin⟨U+200E⟩',
    'bad⟨U+202D⟩tid',
    'x⟨U+FEFF⟩claim',
    'CRM⟨U+202E⟩ API',
    'k⟨U+200B⟩1',
  ]) {
    assert.ok(html.includes(marked), marked);
  }
  // The header and payload JSON write them as JSON escapes.
  assert.ok(html.includes('&quot;Ada\\u202egnp.exe&quot;'));
});

test('claims nested thousands of levels deep, wide or long: the panel renders them cut, proportional to the token', () => {
  for (const [name, claims] of Object.entries({ ...boundsCases(5000), 'smaller deep': boundsCases(1500).deep! })) {
    const token = unsignedRaw(payloadWithRawClaims(claims));
    const html = renderToken(token);
    assert.ok(
      html.length <= 20 * token.length + 50_000,
      `${name}: ${html.length} characters of HTML for a token of ${token.length}`,
    );
    if (name === 'deep') assert.match(html, /… 4,99\d more levels/);
    if (name === 'long') assert.match(html, /z… 98,000 more characters/);
    if (name === 'many claims') assert.match(html, /… 1,8\d\d more claims/);
  }
});
