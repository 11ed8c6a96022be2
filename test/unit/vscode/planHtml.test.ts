import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createPlan, type JsonObject } from '../../../src/core/plan';
import { applicable, confirmationDetail, renderPlan } from '../../../src/vscode/write/planHtml';
import { readOnlyMessage, writePermissionIn } from '../../../src/vscode/auth/writePolicy';
import { liveApp } from '../plan/fixtures';

const env = { nonce: 'n0nce', script: 'console.log(1)</script><b>', style: 'body{}' };

it('the plan view lists changes, requests and ignored properties; strict CSP; untrusted text escaped', () => {
  const live = liveApp();
  const desired: JsonObject = {
    ...live,
    displayName: 'CRM <img src=x onerror=alert(1)>',
    publisherDomain: 'evil.example',
  };
  const plan = createPlan({ live, desired, skipRules: true });
  const html = renderPlan(
    { plan, tenant: 'Contoso "x"', source: 'crm.manifest.json', notice: { kind: 'warning', text: 'read <only>' } },
    env,
  );
  assert.match(html, /default-src 'none'; script-src 'nonce-n0nce'; style-src 'nonce-n0nce';/);
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(html, /Contoso &quot;x&quot;/);
  assert.match(html, /read &lt;only&gt;/);
  assert.doesNotMatch(html, /<\/script><b>/, 'inlined script cannot close its element');
  assert.match(html, /PATCH \/applications\//);
  assert.match(html, /publisherDomain<\/code> <span class="muted">not written/);
  assert.match(html, /id="apply" data-action="apply">Apply 1 change…/);
  assert.match(html, /data-state="changes"/);
});

it('values and request bodies are shown as indented JSON with their line breaks; line breaks inside strings stay visible', () => {
  const live = liveApp();
  const plan = createPlan({ live, desired: { ...live, notes: 'first line\nsecond\u202eline' }, skipRules: true });
  const html = renderPlan({ plan, tenant: 'Contoso' }, env);
  const bodies = [...html.matchAll(/<pre>([\s\S]*?)<\/pre>/g)].map((m) => m[1]!);
  assert.ok(bodies.length >= 2, 'before/after and the request body');
  const body = bodies.find((b) => b.includes('notes'))!;
  assert.match(body, /^\{\n {2}&quot;notes&quot;: /, 'the request body is indented JSON');
  assert.doesNotMatch(body, /U\+000A/);
  assert.match(
    body,
    /first line\\nsecond⟨U\+202E⟩line/,
    'escaped line break and visible bidi control inside the string',
  );
});

it('the conflict view shows base, tenant and yours per property, and no Apply button', () => {
  const base = liveApp();
  const live: JsonObject = { ...base, displayName: 'CRM API (tenant)' };
  const plan = createPlan({ live, base, desired: { ...base, displayName: 'CRM API (mine)' }, skipRules: true });
  const html = renderPlan({ plan, tenant: 'Contoso' }, env);
  assert.match(html, /data-state="conflict"/);
  assert.match(html, /<tr data-path="displayName">/);
  for (const v of ['&quot;CRM API&quot;', '&quot;CRM API (tenant)&quot;', '&quot;CRM API (mine)&quot;'])
    assert.ok(html.includes(v), v);
  assert.doesNotMatch(html, /data-action="apply"/);
  assert.equal(applicable(plan), false);
});

it('the confirmation lists each change and each request in order', () => {
  const live = liveApp();
  const api = live.api as JsonObject;
  const scopes = (api.oauth2PermissionScopes as JsonObject[]).slice(1);
  const plan = createPlan({ live, desired: { api: { oauth2PermissionScopes: scopes } }, skipRules: true });
  const text = confirmationDetail(plan);
  assert.match(text, /removes scope Crm\.Read/);
  assert.match(text, /2 requests to Microsoft Graph:\n1\. PATCH .*\n2\. PATCH /);
});

it('write permission from a token: roles (app-only) or scp (delegated); read-only messages name it', () => {
  assert.equal(writePermissionIn({ roles: ['Application.Read.All'] }), undefined);
  assert.equal(writePermissionIn({ roles: ['Application.ReadWrite.OwnedBy'] }), 'Application.ReadWrite.OwnedBy');
  assert.equal(writePermissionIn({ scp: 'User.Read Application.ReadWrite.All' }), 'Application.ReadWrite.All');
  assert.match(readOnlyMessage(true), /Application\.ReadWrite\.All.*Application\.ReadWrite\.OwnedBy/);
  assert.match(readOnlyMessage(false), /Application\.ReadWrite\.All delegated/);
});
