import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromResponse, requiredPermissionFor, toGraphError } from '../../../src/core/graph/errors';

test('403 names the least-privileged permission the request needs and who must consent', () => {
  const e = fromResponse(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', innerError: { 'request-id': 'r-1' } } }, { path: '/applications?$top=10', permissionType: 'delegated' });
  assert.equal(e.kind, 'forbidden');
  assert.equal(e.missingPermission, 'Application.Read.All (delegated)');
  assert.equal(e.requestId, 'r-1');
  assert.match(e.message, /needs Application\.Read\.All \(delegated\) — ask an admin to consent/);
  const grants = fromResponse(403, { error: { code: 'Authorization_RequestDenied' } }, { path: "/oauth2PermissionGrants?$filter=clientId eq 'x'", permissionType: 'application' });
  assert.equal(grants.missingPermission, 'Directory.Read.All (application)');
});

test('required permission per path', () => {
  assert.equal(requiredPermissionFor('https://graph.microsoft.com/v1.0/applications/abc'), 'Application.Read.All');
  assert.equal(requiredPermissionFor('/servicePrincipals/x/appRoleAssignments'), 'Application.Read.All');
  assert.equal(requiredPermissionFor('/oauth2PermissionGrants'), 'Directory.Read.All');
  assert.equal(requiredPermissionFor('/organization'), 'Organization.Read.All');
});

test('401 and credential failures ask to sign in again; network failures say offline; 429 says throttled', () => {
  const expired = toGraphError({ statusCode: 401, code: 'InvalidAuthenticationToken', body: JSON.stringify({ code: 'InvalidAuthenticationToken', message: 'Access token has expired.' }) });
  assert.equal(expired.kind, 'signin');
  assert.match(expired.message, /Sign in again/);
  const cred = Object.assign(new Error('AADSTS7000215: Invalid client secret provided.'), { name: 'AuthenticationError', statusCode: 400 });
  assert.equal(toGraphError(cred).kind, 'signin');
  assert.equal(toGraphError(cred).code, 'AADSTS7000215');
  const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
  const offline = toGraphError({ statusCode: -1, code: 'TypeError', name: 'TypeError', message: 'fetch failed', cause: reset.cause }, { host: 'graph.microsoft.com' });
  assert.equal(offline.kind, 'offline');
  assert.match(offline.message, /Cannot reach graph\.microsoft\.com.*offline.*retry/);
  const throttled = fromResponse(429, { error: { code: 'TooManyRequests', message: 'Please retry again later.' } }, { retryAfterSeconds: 2.128 });
  assert.equal(throttled.kind, 'throttled');
  assert.match(throttled.message, /Try again in 3 s/);
  assert.equal(toGraphError({ statusCode: 404, body: { code: 'Request_ResourceNotFound', message: "Resource 'x' does not exist" } }).kind, 'notFound');
});
