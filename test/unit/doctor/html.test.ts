import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRegistration, diagnose } from '../../../src/core/doctor/index';
import { renderDoctorHtml } from '../../../src/vscode/doctor/html';

test('the doctor page escapes every untrusted string and has a strict CSP with the nonce', () => {
  const evil = `<script>alert(1)</script>"'&`;
  const text = `AADSTS50011: The redirect URI 'https://x.example/${evil}' specified in the request does not match the redirect URIs configured for the application 'c1000000-0000-4000-8000-000000000002'.`;
  const d = diagnose(text);
  const registration = checkRegistration(d.request, {
    appId: 'c1000000-0000-4000-8000-000000000002',
    displayName: evil,
    web: { redirectUris: [] },
  });
  const html = renderDoctorHtml({ ...d, registration }, 'n0nce', {
    adminConsentUrl: `https://login.example/t/v2/adminconsent?x="${evil}`,
  });
  assert.match(html, /content="default-src 'none'; script-src 'nonce-n0nce'; style-src 'nonce-n0nce';"/);
  const scripts = html.match(/<script\b/g) ?? [];
  assert.equal(scripts.length, 1, 'only the page script');
  assert.match(html, /<script nonce="n0nce">/);
  assert.ok(!html.includes('<script>alert'), 'the pasted script is escaped');
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;&#39;&amp;/);
  assert.match(html, /data-finding="redirect-uri-not-registered"/);
  assert.match(html, /data-value="\[&quot;web&quot;,&quot;redirectUris&quot;\]"/);
});

test('unknown codes and empty input are said so', () => {
  assert.match(renderDoctorHtml(diagnose('AADSTS99999999'), 'n'), /AADSTS99999999 is not in this extension/);
  assert.match(renderDoctorHtml(diagnose('hello'), 'n'), /Nothing recognised/);
});
