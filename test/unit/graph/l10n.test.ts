// Errors people read in their language: Graph errors (the tree's error rows, notifications, the
// command line) are built again from their kind, status and code through the caller's Localizer,
// with the server's text kept as it came behind a sentence of ours; Node's error codes (network,
// certificates, files) become sentences that keep the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appNotFound,
  appOnlySignIn,
  fromResponse,
  graphErrorText,
  toGraphError,
  writeFailureText,
  type GraphError,
} from '../../../src/core/graph/errors';
import { writeFailure } from '../../../src/io/graph/writes';
import { english } from '../../../src/core/text/localizer';
import { pseudoLocalizer, untranslated } from '../pseudoLocale';
import {
  describeSystemError,
  explainSystemCode,
  systemErrorCode,
  systemErrorCodes,
  systemErrorText,
} from '../../../src/core/text/systemErrors';

/** Letters swapped for accented ones: a translation no English word survives. */
function pseudoText(message: string): string {
  return message
    .replace(/[aeiouAEIOU]/g, (c) => `${c}\u0301`)
    .replace(/[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z]/g, (c) => `${c}\u0331`);
}

const body = (code: string, message: string) => ({ error: { code, message } });

/** One error of each kind and each Graph code with a sentence of its own, as the narrowing makes them. */
function errors(): Record<string, GraphError> {
  const refused = new TypeError('fetch failed: connect ECONNREFUSED 127.0.0.1:443');
  const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
  return {
    signin: fromResponse(401, body('InvalidAuthenticationToken', 'Access token has expired.')),
    forbidden: fromResponse(403, body('Authorization_RequestDenied', 'Insufficient privileges.'), {
      path: '/applications',
    }),
    forbiddenNoPath: fromResponse(403, body('Authorization_RequestDenied', 'Insufficient privileges.')),
    throttled: fromResponse(429, body('TooManyRequests', 'Please retry again later.'), { retryAfterSeconds: 2.5 }),
    unavailable: fromResponse(503, body('serviceNotAvailable', 'The service is temporarily unavailable.')),
    gateway: fromResponse(504, body('GatewayTimeout', 'The gateway did not receive a response in time.')),
    notFound: fromResponse(404, body('Request_ResourceNotFound', "Resource 'b1' does not exist.")),
    badRequest: fromResponse(400, body('Request_BadRequest', "Invalid property 'x'.")),
    sameValue: fromResponse(
      400,
      body(
        'Request_MultipleObjectsWithSameKeyValue',
        'Another object with the same value for property identifierUris already exists.',
      ),
    ),
    quota: fromResponse(400, body('Directory_QuotaExceeded', 'The directory object quota limit has been exceeded.')),
    unsupported: fromResponse(400, body('Request_UnsupportedQuery', "Unsupported query on 'x'.")),
    unknownCode: fromResponse(409, body('Some_NewCode', 'Something the server says.')),
    unreadable: fromResponse(200, 'SyntaxError: Unexpected end of JSON input'),
    timeout: toGraphError(timeout, { timeoutSeconds: 30 }),
    offline: toGraphError(refused, { host: 'graph.microsoft.com' }),
    offlineNoCode: toGraphError(new TypeError('fetch failed'), { host: 'graph.microsoft.com' }),
    appNotFound: appNotFound('c1000000-0000-4000-8000-000000000002', 'contoso.onmicrosoft.com'),
    appOnlySignIn: appOnlySignIn(),
  };
}

test('a Graph error reads the same in English as its message, and has no English left under a pseudo localizer', () => {
  for (const [name, e] of Object.entries(errors())) {
    assert.equal(graphErrorText(e), e.message, name);
    assert.equal(graphErrorText(e, english), e.message, name);
    const l10n = pseudoLocalizer(pseudoText);
    const text = graphErrorText(e, l10n);
    assert.notEqual(text, e.message, name);
    // Values: the code, the status, the server's text, the host, the permission named.
    assert.deepEqual(untranslated(text, l10n.values), [], `${name}: ${text}`);
  }
});

test("a Graph error keeps its code and the server's text; known codes get a sentence of their own in front", () => {
  const e = errors();
  const l10n = pseudoLocalizer(pseudoText);
  const same = graphErrorText(e.sameValue!, l10n);
  assert.match(same, /Request_MultipleObjectsWithSameKeyValue/);
  assert.match(same, /Another object with the same value for property identifierUris already exists\./);
  assert.match(
    e.sameValue!.message,
    /^Another object in the directory already has this value: choose another one\. \(Microsoft Graph error 400 Request_MultipleObjectsWithSameKeyValue: Another object with the same value/,
  );
  assert.match(e.quota!.message, /^The directory has reached its object quota/);
  assert.match(
    e.badRequest!.message,
    /^Microsoft Graph rejected the request as invalid\. \(Microsoft Graph error 400 Request_BadRequest: Invalid property 'x'\.\)$/,
  );
  // A code without a sentence of its own: the English form as before, translated around the values.
  assert.equal(e.unknownCode!.message, 'Microsoft Graph error 409 Some_NewCode: Something the server says.');
  assert.match(graphErrorText(e.unknownCode!, l10n), /409 Some_NewCode: Something the server says\.$/);
  assert.equal(e.notFound!.message, "Not found: Resource 'b1' does not exist. Refresh the list.");
  // Errors the model makes itself: an app registration a lookup by client id did not find, and the
  // "Owned by me" list of an app-only sign-in.
  assert.equal(
    e.appNotFound!.message,
    'Not found: no app registration with client id c1000000-0000-4000-8000-000000000002 in contoso.onmicrosoft.com. Refresh the list.',
  );
  assert.equal(e.appNotFound!.kind, 'notFound');
  assert.equal(e.appNotFound!.status, 404);
  assert.match(e.appOnlySignIn!.message, /^Owned by me needs a signed-in user/);
  assert.equal(e.appOnlySignIn!.code, 'AppOnlySignIn');
  assert.equal(e.forbidden!.details?.code, 'Authorization_RequestDenied');
  assert.match(graphErrorText(e.forbidden!, l10n), /Application\.Read\.All \(delegated\)/);
  // Offline: the connection's code in words, the code kept.
  assert.equal(
    e.offline!.message,
    'Cannot reach graph.microsoft.com: you seem to be offline or the service is unreachable (the connection was refused (nothing listens there, or a firewall refuses it), ECONNREFUSED). Check the connection and retry.',
  );
  assert.equal(
    e.offlineNoCode!.message,
    'Cannot reach graph.microsoft.com: you seem to be offline or the service is unreachable. Check the connection and retry.',
  );
  // A message the code wrote itself (no details) is shown as it is.
  const own = new (e.signin!.constructor as typeof GraphError)({
    status: 0,
    code: 'AppOnlySignIn',
    kind: 'other',
    message: 'Written here.',
  });
  assert.equal(graphErrorText(own, pseudoLocalizer(pseudoText)), 'Written here.');
});

test('Node error codes: a sentence in the language of the localizer, the code kept; unknown codes quote the original text', () => {
  for (const family of ['network', 'tls', 'file'] as const) {
    const codes = systemErrorCodes(family);
    assert.ok(codes.length >= 5, family);
    for (const code of codes) {
      const err = Object.assign(new Error(`${code.toLowerCase()} something English`), { code });
      const l10n = pseudoLocalizer(pseudoText);
      const text = describeSystemError(err, l10n);
      assert.ok(text.endsWith(`(${code})`), text);
      assert.deepEqual(untranslated(text, l10n.values), [], text);
      assert.ok(!text.includes('something English'), text);
      assert.equal(systemErrorCode(err)?.family, family);
      assert.ok(explainSystemCode(code)!.length > 5);
    }
  }
  // The code is found in a cause, in errors an AggregateError holds, or in the message.
  const nested = new TypeError('fetch failed', {
    cause: new AggregateError([Object.assign(new Error('x'), { code: 'ENOTFOUND' })], 'y'),
  });
  assert.equal(systemErrorCode(nested)?.code, 'ENOTFOUND');
  assert.equal(systemErrorCode(new Error('getaddrinfo EAI_AGAIN login.example'))?.code, 'EAI_AGAIN');
  assert.equal(systemErrorCode(new Error('not_ENOENT_x')), undefined);
  // A file error names its file.
  const missing = Object.assign(new Error("ENOENT: no such file or directory, open 'a.json'"), {
    code: 'ENOENT',
    path: 'a.json',
  });
  assert.equal(describeSystemError(missing), 'a.json: no such file or folder (ENOENT)');
  assert.equal(systemErrorText(missing), 'a.json: no such file or folder (ENOENT)');
  // Unknown: a translated sentence, the original text quoted.
  const l10n = pseudoLocalizer(pseudoText);
  const odd = describeSystemError(Object.assign(new Error('Something odd\nhappened'), { code: 'E_ODD' }), l10n);
  assert.match(odd, /“Something odd happened”$/);
  assert.deepEqual(untranslated(odd, l10n.values), [], odd);
  assert.equal(describeSystemError(new Error('Something odd')), 'unexpected error: “Something odd”');
  // An error of ours without a code stays as written.
  assert.equal(systemErrorText(new Error('Written here.')), 'Written here.');
});

test('a failed write: English as before, the permission, the code, the property and the server text kept under a pseudo localizer', () => {
  const graph = { permissionType: 'delegated' as const };
  const rejected = writeFailure(
    fromResponse(
      400,
      body(
        'Request_MultipleObjectsWithSameKeyValue',
        'Another object with the same value for property identifierUris already exists.',
      ),
    ),
    graph,
    { identifierUris: ['api://x'] },
  );
  assert.equal(
    rejected.message,
    'Microsoft Graph rejected the change (Request_MultipleObjectsWithSameKeyValue, property identifierUris): Another object with the same value for property identifierUris already exists.',
  );
  const refused = writeFailure(
    fromResponse(403, body('Authorization_RequestDenied', 'Insufficient privileges.')),
    graph,
  );
  assert.match(
    refused.message,
    /^Microsoft Graph refused the write: it needs Application\.ReadWrite\.All \(delegated\)\./,
  );
  const busy = writeFailure(fromResponse(503, body('serviceNotAvailable', 'Unavailable.')), graph);
  assert.equal(busy.message, 'Microsoft Graph is unavailable (503) — retry later.');
  for (const f of [rejected, refused, busy]) {
    assert.equal(writeFailureText(f), f.message);
    const l10n = pseudoLocalizer(pseudoText);
    const text = writeFailureText(f, l10n);
    assert.notEqual(text, f.message);
    assert.deepEqual(untranslated(text, l10n.values), [], text);
  }
  assert.match(
    writeFailureText(rejected, pseudoLocalizer(pseudoText)),
    /Request_MultipleObjectsWithSameKeyValue, .* identifierUris/,
  );
});
