import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractSignIn, maxInputChars } from '../../../src/core/doctor/extract';

const client = 'c1000000-0000-4000-8000-000000000002';
const trace = '0b5e7d1c-1111-4a2b-9c3d-aaaaaaaaaaaa';
const corr = '22222222-3333-4444-5555-666666666666';

test('an AADSTS message with Trace ID / Correlation ID / Timestamp', () => {
  const text = `AADSTS50011: The redirect URI 'https://app.example/callback' specified in the request does not match the redirect URIs configured for the application '${client}'. Make sure the redirect URI sent in the request matches one added to your application.\r\nTrace ID: ${trace}\r\nCorrelation ID: ${corr}\r\nTimestamp: 2025-03-01 10:11:12Z`;
  const r = extractSignIn(text);
  assert.equal(r.code, '50011');
  assert.equal(r.codeOffset, 0);
  assert.equal(r.redirectUri, 'https://app.example/callback');
  assert.equal(r.clientId, client);
  assert.equal(r.traceId, trace);
  assert.equal(r.correlationId, corr);
  assert.equal(r.timestamp, '2025-03-01 10:11:12Z');
  assert.equal(r.truncated, false);
});

test('the error page text (troubleshooting details)', () => {
  const text = [
    'Sign in',
    "Sorry, but we're having trouble signing you in.",
    "AADSTS700016: Application with identifier 'c1000000-0000-4000-8000-00000000abcd' was not found in the directory 'Contoso'.",
    'Troubleshooting details',
    `Request Id: ${trace}`,
    `Correlation Id: ${corr}`,
    'Timestamp: 2025-03-01T10:11:12.345Z',
    'Message: AADSTS700016: …',
  ].join('\n');
  const r = extractSignIn(text);
  assert.equal(r.code, '700016');
  assert.equal(r.clientId, 'c1000000-0000-4000-8000-00000000abcd');
  assert.equal(r.traceId, trace);
  assert.equal(r.correlationId, corr);
  assert.equal(r.timestamp, '2025-03-01T10:11:12.345Z');
});

test('a redirect URL with error and error_description (query and fragment)', () => {
  const desc = encodeURIComponent(
    `AADSTS65001: The user or administrator has not consented to use the application with ID '${client}'.\r\nTrace ID: ${trace}\r\nCorrelation ID: ${corr}\r\nTimestamp: 2025-03-01 10:11:12Z`,
  );
  for (const sep of ['?', '#']) {
    const r = extractSignIn(
      `https://app.example/callback${sep}error=invalid_grant&error_description=${desc}&state=xyz`,
    );
    assert.equal(r.code, '65001', sep);
    assert.equal(r.error, 'invalid_grant');
    assert.match(r.errorDescription ?? '', /^AADSTS65001/);
    assert.equal(r.clientId, client);
    assert.equal(r.traceId, trace);
    assert.equal(r.correlationId, corr);
  }
});

test('an authorize URL: client_id, redirect_uri, scope, response_type, tenant, authority', () => {
  const url = `https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=${client}&response_type=code%20id_token&redirect_uri=${encodeURIComponent('http://localhost:3000/')}&scope=openid%20api%3A%2F%2Fcrm%2FCrm.Read%20offline_access&response_mode=form_post&code_challenge=abc`;
  const r = extractSignIn(`Request: ${url}.`);
  assert.equal(r.clientId, client);
  assert.equal(r.redirectUri, 'http://localhost:3000/');
  assert.deepEqual(r.scopes, ['openid', 'api://crm/Crm.Read', 'offline_access']);
  assert.equal(r.responseType, 'code id_token');
  assert.equal(r.responseMode, 'form_post');
  assert.equal(r.tenant, 'contoso.onmicrosoft.com');
  assert.equal(r.authorityHost, 'https://login.microsoftonline.com');
  assert.equal(r.endpoint, 'authorize');
  assert.equal(r.flow, 'hybrid');
  assert.equal(r.code, undefined);
});

test('v1 and admin consent authorities, national clouds', () => {
  assert.equal(extractSignIn('https://login.microsoftonline.us/common/oauth2/authorize?client_id=x').tenant, 'common');
  const a = extractSignIn(
    `https://login.chinacloudapi.cn/organizations/v2.0/adminconsent?client_id=${client}&scope=https://microsoftgraph.chinacloudapi.cn/.default`,
  );
  assert.equal(a.tenant, 'organizations');
  assert.equal(a.endpoint, 'adminconsent');
  assert.equal(a.flow, 'adminConsent');
  assert.equal(a.authorityHost, 'https://login.chinacloudapi.cn');
  assert.equal(extractSignIn('https://app.example/not/an/authority?client_id=x').tenant, undefined);
});

test('a token endpoint JSON error', () => {
  const body = JSON.stringify({
    error: 'invalid_client',
    error_description: 'AADSTS7000215: Invalid client secret provided.',
    error_codes: [7000215],
    timestamp: '2025-03-01 10:11:12Z',
    trace_id: trace,
    correlation_id: corr,
  });
  const r = extractSignIn(`HTTP/1.1 401\n${body}`);
  assert.equal(r.code, '7000215');
  assert.equal(r.error, 'invalid_client');
  assert.equal(r.traceId, trace);
  assert.equal(r.correlationId, corr);
  assert.equal(r.timestamp, '2025-03-01 10:11:12Z');
});

test('a bare query string and token request parameters give the flow', () => {
  assert.equal(
    extractSignIn(`grant_type=client_credentials&client_id=${client}&scope=api://x/.default&error=invalid_scope`).flow,
    'clientCredentials',
  );
  assert.equal(
    extractSignIn(`client_id=${client}&grant_type=urn:ietf:params:oauth:grant-type:device_code&error=x`).flow,
    'deviceCode',
  );
  assert.equal(
    extractSignIn('https://login.microsoftonline.com/common/oauth2/v2.0/devicecode?client_id=x').flow,
    'deviceCode',
  );
  assert.equal(extractSignIn(`error=invalid_grant&client_id=${client}&grant_type=password`).flow, 'password');
});

test('several codes are listed in order, once each; nothing recognised is empty', () => {
  const r = extractSignIn('AADSTS50076 then AADSTS53003 and again AADSTS50076; AADSTS12 is too short');
  assert.deepEqual(r.codes, ['50076', '53003']);
  const none = extractSignIn('hello world');
  assert.deepEqual(none.codes, []);
  assert.deepEqual(none.scopes, []);
});

test('input is capped and pathological text is read in linear time', () => {
  const huge = 'AADSTS'.repeat(100_000) + 'a'.repeat(maxInputChars);
  const r = extractSignIn(huge);
  assert.equal(r.truncated, true);
  // Many near-miss labels and URL starts: each scan step moves forward, so this finishes quickly
  // (no timing assertion; a backtracking regex would not finish at all on such input).
  const nasty =
    'trace id: '.repeat(20_000) + 'http://'.repeat(20_000) + "redirect uri '".repeat(5000) + 'error=&'.repeat(10_000);
  const n = extractSignIn(nasty);
  assert.equal(n.traceId, undefined);
});
