// The editor hover on JWT-looking strings: a short summary, a "Decode token" command link, every
// token value escaped as Markdown text, and never the signature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeToken } from '../../../src/core/token/analyze';
import { decodeToken } from '../../../src/core/token/decode';
import {
  commandLink,
  encryptedHoverMarkdown,
  markdownValue,
  tokenHoverMarkdown,
} from '../../../src/vscode/token/hoverMarkdown';
import { API, NOW, nowS, unsigned, v2Delegated } from './helpers';

const LINK = commandLink('entra.decodeToken', [{ uri: 'file:///w/a.http', offset: 42, length: 900 }]);

function hover(payload: Record<string, unknown>, signature?: string): string {
  const d = decodeToken(unsigned({ alg: 'RS256', kid: 'k', typ: 'JWT' }, payload, signature));
  assert.ok(d.ok);
  return tokenHoverMarkdown(analyzeToken(d.token, { now: NOW }), LINK);
}

/** What a Markdown renderer shows for escaped text: the backslashes go. */
const unescape = (md: string): string => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');

test('summary of a delegated v2 access token: kind, version, flow, audience, expiry with age, link', () => {
  const md = hover(v2Delegated());
  const lines = md.split('\n\n');
  assert.equal(unescape(lines[0]!), '**Access token · v2.0 · delegated (signed-in user)**');
  assert.equal(unescape(lines[1]!), `Audience: ${API}`);
  assert.equal(unescape(lines[2]!), 'Expires: 2026-03-01T12:50:00Z (expires in 50 min)');
  assert.equal(lines.at(-1), `[Decode token](${LINK} "Open the token panel")`);
});

test('app-only, expired, named audience, and error problems are counted', () => {
  const md = unescape(
    hover({
      aud: '00000003-0000-0000-c000-000000000000',
      iss: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
      iat: nowS - 7200,
      nbf: nowS - 7200,
      exp: nowS - 3600,
      azp: 'cccccccc-0000-0000-0000-000000000002',
      azpacr: '1',
      idtyp: 'app',
      oid: 'eeeeeeee-0000-0000-0000-000000000001',
      roles: ['User.Read.All'],
      tid: '11111111-2222-3333-4444-555555555555',
      ver: '2.0',
    }),
  );
  assert.match(md, /^\*\*Access token · v2\.0 · app-only\*\*/);
  assert.match(md, /Audience: Microsoft Graph \(00000003-0000-0000-c000-000000000000\)/);
  assert.match(md, /Expires: 2026-03-01T11:00:00Z \(expired 60 min ago\)/);
  assert.match(md, /\n\n\d+ problems?\n\n/);
});

test('a token without aud or exp says so', () => {
  const { aud: _aud, exp: _exp, ...rest } = v2Delegated();
  const md = unescape(hover(rest));
  assert.match(md, /Audience: none/);
  assert.match(md, /Expires: no exp claim/);
});

test('the signature is never in the hover', () => {
  const signature = 'SiGnAtUrE'.repeat(38);
  const md = hover(v2Delegated(), signature);
  assert.ok(!md.includes('SiGnAtUrE'));
  assert.ok(!decodeURIComponent(md).includes('SiGnAtUrE'), 'not in the link either');
});

test('hostile claim values render as text: no HTML, no links, no emphasis, no icons', () => {
  const hostile =
    '<img src=x onerror=alert(1)>](command:workbench.action.terminal.new) **b** $(alert) `x` https://evil.example\n\n[y](command:evil)';
  const md = hover(v2Delegated({ aud: hostile }));
  const audLine = md.split('\n\n')[1]!;
  assert.ok(audLine.includes('\\<img') && !/(^|[^\\])<img/.test(audLine), 'no raw HTML');
  assert.ok(!/(^|[^\\])\[/.test(audLine) && !/(^|[^\\])\]/.test(audLine), 'no unescaped brackets');
  assert.ok(!/(^|[^\\])[`*$<>]/.test(audLine), 'no unescaped code, emphasis, icon or HTML characters');
  assert.ok(!audLine.includes('https://'), 'no autolink');
  assert.equal(md.split('\n\n').length, 4, 'line breaks in a value cannot start new blocks');
  assert.equal((md.match(/\]\(command:/g) ?? []).length, 1, 'one command link: ours');
  assert.equal(
    unescape(audLine).startsWith(
      'Audience: <img src=x onerror=alert(1)>](command:workbench.action.terminal.new) **b**',
    ),
    true,
  );
});

test('markdownValue: punctuation escaped, invisible controls shown as markers, long values cut with a count', () => {
  assert.equal(markdownValue('a_b*c'), 'a\\_b\\*c');
  assert.equal(markdownValue('a\u202eb\r\nc\u200bd\u2066'), 'a⟨U\\+202E⟩b c⟨U\\+200B⟩d⟨U\\+2066⟩');
  assert.equal(markdownValue('x'.repeat(200)), `${'x'.repeat(120)}… 80 more characters`);
});

test('command links carry the JSON arguments URI-encoded', () => {
  const args = [{ uri: "file:///w/a b(1)!'*.http", offset: 3, length: 7 }];
  const link = commandLink('entra.decodeToken', args);
  assert.ok(link.startsWith('command:entra.decodeToken?'));
  assert.deepEqual(JSON.parse(decodeURIComponent(link.slice(link.indexOf('?') + 1))), args);
  assert.ok(!/[\s()]/.test(link), 'no character that would end the Markdown link');
});

test('encrypted tokens get a plain explanation without a link', () => {
  const md = encryptedHoverMarkdown();
  assert.match(unescape(md), /^Encrypted token \(JWE\)/);
  assert.ok(!md.includes('command:'));
});
