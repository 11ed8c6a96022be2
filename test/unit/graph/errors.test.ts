import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  fromResponse,
  requiredPermissionFor,
  sentence,
  toGraphError,
  unreadable,
} from '../../../src/core/graph/errors';

test('403 names the least-privileged permission the request needs and who must consent', () => {
  const e = fromResponse(
    403,
    {
      error: {
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
        innerError: { 'request-id': 'r-1' },
      },
    },
    { path: '/applications?$top=10', permissionType: 'delegated' },
  );
  assert.equal(e.kind, 'forbidden');
  assert.equal(e.missingPermission, 'Application.Read.All (delegated)');
  assert.equal(e.requestId, 'r-1');
  assert.match(e.message, /needs Application\.Read\.All \(delegated\) — ask an admin to consent/);
  const grants = fromResponse(
    403,
    { error: { code: 'Authorization_RequestDenied' } },
    { path: "/oauth2PermissionGrants?$filter=clientId eq 'x'", permissionType: 'application' },
  );
  assert.equal(grants.missingPermission, 'Directory.Read.All (application)');
});

test('required permission per path', () => {
  assert.equal(requiredPermissionFor('https://graph.microsoft.com/v1.0/applications/abc'), 'Application.Read.All');
  assert.equal(requiredPermissionFor('/servicePrincipals/x/appRoleAssignments'), 'Application.Read.All');
  assert.equal(requiredPermissionFor('/oauth2PermissionGrants'), 'Directory.Read.All');
  assert.equal(requiredPermissionFor('/organization'), 'Organization.Read.All');
});

test('401 and credential failures ask to sign in again; network failures say offline; 429 says throttled', () => {
  const expired = toGraphError({
    statusCode: 401,
    code: 'InvalidAuthenticationToken',
    body: JSON.stringify({ code: 'InvalidAuthenticationToken', message: 'Access token has expired.' }),
  });
  assert.equal(expired.kind, 'signin');
  assert.match(expired.message, /Sign in again/);
  const cred = Object.assign(new Error('AADSTS7000215: Invalid client secret provided.'), {
    name: 'AuthenticationError',
    statusCode: 400,
  });
  assert.equal(toGraphError(cred).kind, 'signin');
  assert.equal(toGraphError(cred).code, 'AADSTS7000215');
  const reset = Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
  });
  const offline = toGraphError(
    { statusCode: -1, code: 'TypeError', name: 'TypeError', message: 'fetch failed', cause: reset.cause },
    { host: 'graph.microsoft.com' },
  );
  assert.equal(offline.kind, 'offline');
  assert.match(offline.message, /Cannot reach graph\.microsoft\.com.*offline.*retry/);
  const throttled = fromResponse(
    429,
    { error: { code: 'TooManyRequests', message: 'Please retry again later.' } },
    { retryAfterSeconds: 2.128 },
  );
  assert.equal(throttled.kind, 'throttled');
  assert.match(throttled.message, /Try again in 3 s/);
  assert.equal(
    toGraphError({
      statusCode: 404,
      body: { code: 'Request_ResourceNotFound', message: "Resource 'x' does not exist" },
    }).kind,
    'notFound',
  );
});

test('only 429 is throttling; 503 and 504 say Graph is unavailable and to retry later, with or without Retry-After', () => {
  const throttled = fromResponse(429, { error: { code: 'TooManyRequests', message: 'Please retry again later.' } });
  assert.equal(throttled.kind, 'throttled');
  assert.match(throttled.message, /throttling requests \(429\)/);
  const unavailable = fromResponse(
    503,
    { error: { code: 'serviceNotAvailable', message: 'The service is temporarily unavailable. Please retry later.' } },
    { retryAfterSeconds: 1 },
  );
  assert.equal(unavailable.kind, 'unavailable');
  assert.equal(unavailable.message, 'Microsoft Graph is unavailable (503) — retry later.');
  assert.doesNotMatch(unavailable.message, /throttl/i);
  const gateway = toGraphError({
    statusCode: 504,
    code: 'GatewayTimeout',
    body: JSON.stringify({ code: 'GatewayTimeout', message: 'The gateway did not receive a response in time.' }),
  });
  assert.equal(gateway.kind, 'unavailable');
  assert.equal(gateway.message, 'Microsoft Graph is unavailable (504 gateway timeout) — retry later.');
});

test('a 200 whose body is not JSON says the response could not be read (not "Microsoft Graph error 200 200")', () => {
  // What the Graph client throws when response.json() fails: its GraphError with the 200 status.
  const sdk = {
    name: 'GraphError',
    statusCode: 200,
    code: 'SyntaxError',
    body: 'SyntaxError: Unexpected end of JSON input',
  };
  const e = toGraphError(sdk);
  assert.equal(e.kind, 'unreadable');
  assert.match(e.message, /^The response from Microsoft Graph could not be read \(not valid JSON\) — retry/);
  assert.doesNotMatch(e.message, /error 200/);
  assert.equal(unreadable('no list of app registrations in it').kind, 'unreadable');
});

test('a request aborted by its timeout says how long Graph had and what to do', () => {
  // fetch rejects with a DOMException named TimeoutError; the Graph client keeps its name as code.
  const sdk = {
    name: 'GraphError',
    statusCode: -1,
    code: 'TimeoutError',
    body: 'TimeoutError: The operation was aborted due to timeout',
  };
  const e = toGraphError(sdk, { timeoutSeconds: 2 });
  assert.equal(e.kind, 'timeout');
  assert.match(e.message, /did not answer within 2 s \(request timed out\) — retry/);
  const raw = toGraphError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), {
    timeoutSeconds: 30,
  });
  assert.equal(raw.kind, 'timeout');
});

test('messages end with one full stop, also when the Graph message already has one', () => {
  const notFound = fromResponse(404, {
    error: {
      code: 'Request_ResourceNotFound',
      message: "Resource 'b1' does not exist or one of its queried reference-property objects are not present.",
    },
  });
  assert.equal(notFound.kind, 'notFound');
  assert.equal(
    notFound.message,
    "Not found: Resource 'b1' does not exist or one of its queried reference-property objects are not present. Refresh the list.",
  );
  assert.doesNotMatch(notFound.message, /\.\./);
  assert.doesNotMatch(
    fromResponse(400, { error: { code: 'BadRequest', message: 'Invalid filter clause.' } }).message,
    /\.\./,
  );
  assert.equal(
    fromResponse(404, { error: { code: 'Request_ResourceNotFound', message: 'Gone' } }).message,
    'Not found: Gone. Refresh the list.',
  );
  assert.equal(sentence('Done. '), 'Done.');
  assert.equal(sentence('Really?'), 'Really?');
});
