// The token decoder's texts (claim meanings, reasons, problems, signature verdicts, registration
// notes, the decode command's labels) go through the localizer the caller passes; values (claim
// names and values, ids, URLs, codes) stay as they are, and the --json document stays English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../../../src/core/text/localizer';
import { analyzeToken, type TokenAnalysis } from '../../../src/core/token/analyze';
import { decodeToken } from '../../../src/core/token/decode';
import { extractToken } from '../../../src/core/token/extract';
import { explainByRegistration } from '../../../src/core/token/registration';
import { compareTokensMarkdown } from '../../../src/core/token/compare';
import { KeyCache, verifyToken } from '../../../src/core/token/verify';
import {
  fetchFailure,
  fetchFailureDetail,
  fetchFailureText,
  redirectError,
  type FetchFailure,
} from '../../../src/core/token/fetchError';
import { permissionMappingParser } from '../../../src/core/token/linker';
import { decodeCommand, formatText } from '../../../src/cli/decode';
import type { CliIo } from '../../../src/cli/types';
import { API, CLIENT, hasShared, NOW, nowS, repoRoot, sharedDir, TENANT, unsigned, v2Delegated } from './helpers';

/** Wraps every text in ⟦ ⟧ after filling it in: a text without the marks did not go through it. */
const marking: Localizer = { t: (message, ...args) => `⟦${english.t(message, ...args)}⟧` };

/**
 * The text with every marked part taken out (innermost first: marked texts hold marked parts); a
 * line cut at the display limit ends inside a marked part, which counts as marked to its end.
 */
function unmarked(text: string): string {
  let rest = text;
  for (let before = ''; before !== rest;) {
    before = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  return rest.replace(/⟦[^\n]*/g, ' ');
}

/** Words a decode output may show untranslated: the token's own values and names, codes, and units. */
function valueWords(a: TokenAnalysis): Set<string> {
  const words = new Set(['UTC', 'other']);
  // Names from the catalogue of Microsoft APIs ("Microsoft Graph") are names, not text.
  const names = [a.summary.audienceName, a.summary.client.name];
  const values = JSON.stringify([a.header, a.payload, a.problems.map((p) => p.code), a.signature.status, names]);
  for (const w of values.match(/[A-Za-z]{2,}/g) ?? []) words.add(w);
  return words;
}

function analyse(token: string, l10nOf: Localizer): TokenAnalysis {
  const d = decodeToken(token, l10nOf);
  assert.ok(d.ok, d.ok ? '' : d.error.message);
  return analyzeToken(d.token, { now: NOW, l10n: l10nOf });
}

const SIG = 'S'.repeat(342);
/** Tokens that make most of the analysis's texts: every problem, kind and flow, claims with a "Here:". */
const crafted: Record<string, string> = {
  delegated: unsigned(
    { typ: 'JWT', alg: 'RS256', kid: 'k1' },
    v2Delegated({ amr: ['pwd', 'mfa', 'zzz'], acr: '1', idtyp: 'user', acct: 1, xms_cc: ['cp1'], extension_dept: 'x' }),
    SIG,
  ),
  appOnly: unsigned(
    { typ: 'JWT', alg: 'RS256', x5t: 't' },
    {
      aud: 'https://graph.microsoft.com',
      iss: `http://sts.windows.net/${TENANT}/`,
      appid: CLIENT,
      appidacr: '1',
      idtyp: 'app',
      oid: 'o',
      sub: 'o',
      tid: 'not-a-guid',
      ver: '1.0',
      exp: nowS - 4000,
      nbf: (nowS + 9000) * 1000,
      iat: 'yesterday',
      _claim_names: { groups: 'src1' },
      _claim_sources: { src1: { endpoint: 'https://graph.windows.net/x/getMemberObjects' } },
      hasgroups: true,
    },
    SIG.slice(0, 100),
  ),
  b2c: unsigned(
    { alg: 'HS256', nonce: 'n' },
    {
      aud: CLIENT,
      iss: `https://contoso.b2clogin.com/${TENANT}/v2.0/`,
      tfp: 'B2C_1_signin',
      idp: 'google.com',
      sub: 's',
      nonce: 'x',
      exp: nowS + 100,
      nbf: nowS + 100,
    },
    SIG,
  ),
  guest: unsigned(
    { alg: 'none' },
    {
      aud: API,
      iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      tid: '9188040d-6c67-4c5b-b112-36a304b66dad',
      idp: 'https://sts.windows.net/99999999-2222-3333-4444-555555555555/',
      scp: '',
      ver: '2.0',
      exp: nowS - 100,
    },
    '',
  ),
  untrusted: unsigned({ alg: 'RS256', kid: 'k' }, { iss: 'https://idp.example.com/t', sub: 'u', exp: nowS + 600 }, SIG),
  assertion: unsigned(
    { alg: 'RS256', x5t: 'x' },
    { iss: CLIENT, sub: CLIENT, aud: `https://login.microsoftonline.com/${TENANT}/oauth2/token`, exp: nowS + 60 },
    SIG,
  ),
  padded: `${Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64')}.${Buffer.from(JSON.stringify(v2Delegated())).toString('base64url')}.${SIG}`,
};

function corpus(): Record<string, string> {
  const out: Record<string, string> = { ...crafted };
  const dirs = [
    join(repoRoot, 'test/fixtures/workspace/tokens'),
    ...(hasShared ? [join(sharedDir, 'corpus/tokens')] : []),
  ];
  for (const dir of dirs)
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.jwt')))
      out[f] = readFileSync(join(dir, f), 'utf8').trim();
  return out;
}

test('the decode text output has every sentence and label from the localizer, and the values as they are', () => {
  let problems = 0;
  for (const [name, token] of Object.entries(corpus())) {
    const a = analyse(token, marking);
    problems += a.problems.length;
    const text = formatText(a, marking);
    const words = valueWords(a);
    // A value cut at the display limit ends in part of a word.
    const isValue = (w: string): boolean => words.has(w) || [...words].some((v) => v.startsWith(w));
    const left = (unmarked(text).match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !isValue(w));
    assert.deepEqual([...new Set(left)], [], `${name}: untranslated words in\n${text}`);
    // The values: claim names in the tables, problem codes and the signature status, unmarked.
    for (const c of a.claims.slice(0, 5)) assert.match(text, new RegExp(`^  ${c.name} `, 'm'), `${name}: ${c.name}`);
    for (const p of a.problems) assert.ok(text.includes(` ${p.code}: ⟦`), `${name}: ${p.code}`);
    assert.ok(text.includes(` ${a.signature.status}: ⟦`), `${name}: signature status`);
    // English through the same code gives the same words without the marks.
    const plain = formatText(analyse(token, english), english);
    assert.equal(text.replace(/[⟦⟧]/g, '').replace(/ +/g, ' '), plain.replace(/ +/g, ' '), name);
  }
  assert.ok(problems > 40, `the tokens make many problems (${problems})`);
});

test('values inside texts stay as they are: aud, tenant ids, hosts and claim names', () => {
  const a = analyse(crafted.untrusted!, marking);
  const untrusted = a.problems.find((p) => p.code === 'issuer-untrusted')!;
  assert.match(untrusted.message, /^⟦The issuer is not a Microsoft authority \(idp\.example\.com\): /);
  const guest = analyse(crafted.guest!, marking);
  assert.ok(guest.problems.some((p) => p.message.includes('(tenant 9188040d-6c67-4c5b-b112-36a304b66dad)')));
  const d = analyse(crafted.delegated!, marking);
  const amr = d.claims.find((c) => c.name === 'amr')!;
  assert.match(amr.explanation, /Here: ⟦pwd: ⟦password⟧⟧⟦; ⟧⟦mfa: ⟦multifactor authentication⟧⟧/);
  assert.match(amr.explanation, /⟦zzz: ⟦method not described by Microsoft⟧⟧/);
  assert.equal(d.summary.client.appId, CLIENT);
  assert.equal(d.summary.expiry, '⟦expires in ⟦50 min⟧⟧');
});

test('extract and decode messages and notices go through the localizer; codes do not', () => {
  assert.deepEqual(extractToken('   ', marking), { ok: false, message: '⟦No token: the input is empty.⟧' });
  const wrapped = extractToken(`${crafted.delegated!.slice(0, 64)}\n${crafted.delegated!.slice(64)}`, marking);
  assert.ok(wrapped.ok && wrapped.notice?.startsWith('⟦The token was wrapped over 2 lines'));
  for (const bad of ['abc', 'a.b', 'a.b.c.d', 'eyJhbGciOiJub25lIn0.e30.+/x', 'e30.W10.', '']) {
    const d = decodeToken(bad, marking);
    assert.ok(!d.ok);
    assert.match(d.error.message, /^⟦[^]*⟧$/, bad);
    assert.doesNotMatch(d.error.code, /⟦/);
  }
  const padded = analyse(crafted.padded!, marking);
  const notice = padded.problems.find((p) => p.code === 'base64-padding')!;
  assert.match(notice.message, /^⟦The header ends with "=" padding[^⟦⟧]*⟧$/);
});

test('what decoding says about a part of the token is one sentence per part, never a part name slotted in', () => {
  const b64 = (text: string): string => Buffer.from(text).toString('base64url');
  const notUtf8 = Buffer.from([0xff, 0xfe, 0xfd]).toString('base64url');
  const inputs: string[] = [];
  for (const [i, part] of [
    'a',
    '+/+/',
    'e%30',
    notUtf8,
    b64('{'),
    b64('null'),
    b64('[]'),
    b64('"x"'),
    b64('1'),
    b64('true'),
  ].entries()) {
    inputs.push(`${part}.e30.`, `e30.${part}.`);
    if (i < 3) inputs.push(`e30.e30.${part}`);
  }
  const messages = new Set<string>();
  for (const token of inputs) {
    const d = decodeToken(token, marking);
    assert.ok(!d.ok, token);
    // One sentence per part; only what is wrong with JSON text (a phrase of its own) is filled in.
    assert.match(d.error.message, /^⟦[^⟦⟧]*(?:⟦[^⟦⟧]*⟧[^⟦⟧]*)?⟧$/, token);
    assert.doesNotMatch(d.error.message.slice(1), /⟦[^⟧]*(header|payload|signature)/, token);
    messages.add(d.error.message);
    const en = decodeToken(token);
    assert.ok(!en.ok);
    assert.equal(d.error.message.replace(/(?<=.)[⟦⟧](?=.)/g, ''), `⟦${en.error.message}⟧`);
  }
  assert.equal(messages.size, inputs.length, 'each input has its own sentence');
  // "=" padding, on any parts (e30= is "{}" padded, AA== one byte padded).
  const notices: string[] = [];
  for (const [h, p, sig] of [
    ['e30=', 'e30=', 'AA=='],
    ['e30=', 'e30=', 'AA'],
    ['e30=', 'e30', 'AA=='],
    ['e30', 'e30=', 'AA=='],
    ['e30=', 'e30', 'AA'],
    ['e30', 'e30=', 'AA'],
    ['e30', 'e30', 'AA=='],
  ]) {
    const d = decodeToken(`${h}.${p}.${sig}`, marking);
    assert.ok(d.ok);
    const notice = d.token.notices?.[0] ?? '';
    assert.match(notice, /^⟦The [^⟦⟧]* with "=" padding[^⟦⟧]*⟧$/, notice);
    notices.push(notice.slice(1, notice.indexOf(' with "="')));
  }
  assert.deepEqual(notices, [
    'The header, payload and signature end',
    'The header and payload end',
    'The header and signature end',
    'The payload and signature end',
    'The header ends',
    'The payload ends',
    'The signature ends',
  ]);
});

test('signature verdicts go through the localizer: untrusted issuers and how to trust them', async () => {
  const fetchJson = async (): Promise<unknown> => {
    throw new Error('not fetched');
  };
  const v = await verifyToken(crafted.untrusted!, { fetchJson, cache: new KeyCache(), l10n: marking });
  assert.equal(v.status, 'cannot-verify');
  assert.equal(
    v.reason,
    '⟦The issuer idp.example.com is not a Microsoft authority: anyone can sign a token that names it, so its keys are not fetched and the signature cannot be verified.⟧ ⟦If you trust it, add it to the setting entra.token.trustedIssuers (command line: --trust-issuer).⟧',
  );
  const none = await verifyToken(crafted.guest!, { fetchJson, cache: new KeyCache(), l10n: marking });
  assert.match(none.reason, /^⟦Unsigned token/);
  const offline = await verifyToken(crafted.delegated!, { fetchJson, cache: new KeyCache(), l10n: marking });
  assert.match(
    offline.reason,
    /^⟦Could not fetch the issuer's OpenID metadata \(https:\/\/login\.microsoftonline\.com\//,
  );
  assert.match(offline.reason, /⟧ ⟦Offline\?⟧$/);
  // What failed: Node's code in words with the code kept, never Node's English message.
  const refusing = async (): Promise<unknown> => {
    throw new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 20.190.0.1:443'), { code: 'ECONNREFUSED' }),
    });
  };
  const refused = await verifyToken(crafted.delegated!, { fetchJson: refusing, cache: new KeyCache(), l10n: marking });
  assert.match(
    refused.reason,
    /⟦the connection was refused \(nothing listens there, or a firewall refuses it\)⟧ \(ECONNREFUSED\)/,
  );
  assert.doesNotMatch(refused.reason, /connect ECONNREFUSED|fetch failed/);
  assert.equal(unmarked(refused.reason).match(/[A-Za-z]{2,}/g), null, refused.reason);
  const untrusted = async (): Promise<unknown> => {
    throw new TypeError('fetch failed', {
      cause: Object.assign(new Error('self-signed certificate in certificate chain'), {
        code: 'SELF_SIGNED_CERT_IN_CHAIN',
      }),
    });
  };
  const tls = await verifyToken(crafted.delegated!, { fetchJson: untrusted, cache: new KeyCache(), l10n: marking });
  assert.doesNotMatch(tls.reason, /self-signed certificate in certificate chain/);
  assert.match(tls.reason, /SELF_SIGNED_CERT_IN_CHAIN/);
  assert.equal(unmarked(tls.reason).match(/[A-Za-z]{2,}/g), null, tls.reason);
});

test("the fetchers' failures (status, redirect, size, not JSON, timeout) are said through the localizer, the host and status as values", async () => {
  const failures: FetchFailure[] = [
    { kind: 'status', status: 404, host: 'login.microsoftonline.com' },
    { kind: 'redirect', status: 302, host: 'login.microsoftonline.com', to: 'proxy.contoso.example' },
    { kind: 'redirect', status: 301, host: 'login.microsoftonline.com' },
    { kind: 'tooLarge', host: 'login.microsoftonline.com' },
    { kind: 'notJson', host: 'login.microsoftonline.com' },
    { kind: 'timeout', host: 'login.microsoftonline.com', seconds: 8 },
  ];
  for (const f of failures) {
    const err = fetchFailure(f);
    assert.equal(err.message, fetchFailureText(f), 'the message is the English text');
    const marked = fetchFailureDetail(err, marking);
    assert.equal(unmarked(marked).trim(), '', marked);
    const v = await verifyToken(crafted.delegated!, {
      fetchJson: async () => {
        throw err;
      },
      cache: new KeyCache(),
      l10n: marking,
    });
    assert.ok(v.reason.includes(marked), v.reason);
    assert.equal(unmarked(v.reason).match(/[A-Za-z]{2,}/g), null, v.reason);
  }
  // Whether trying again may help: server errors, timeouts and odd answers may pass later.
  assert.equal(fetchFailure({ kind: 'status', status: 503, host: 'h' }).transient, true);
  assert.equal(fetchFailure({ kind: 'status', status: 404, host: 'h' }).transient, false);
  assert.equal(fetchFailure({ kind: 'status', status: 404, host: 'h' }).status, 404);
  assert.equal(fetchFailure({ kind: 'redirect', status: 302, host: 'h' }).transient, false);
  assert.equal(fetchFailure({ kind: 'tooLarge', host: 'h' }).transient, false);
  assert.equal(fetchFailure({ kind: 'timeout', host: 'h', seconds: 8 }).transient, true);
  assert.equal(
    redirectError(302, 'https://a.example/x', '/y').message,
    'HTTP 302 from a.example redirects to a.example: redirects are not followed',
  );
});

test('registration notes go through the localizer, with the app names and values as they are', () => {
  const a = analyzeToken((decodeToken(crafted.appOnly!) as { ok: true; token: never }).token, { now: NOW });
  const notes = explainByRegistration(
    { ...a, summary: { ...a.summary, audience: API, roles: [] } },
    {
      audienceApp: { appId: API, displayName: 'CRM API', scopes: [], roles: [] },
      clientApp: { appId: CLIENT, displayName: 'CRM Daemon', scopes: [], roles: [] },
      scopes: [],
      roles: [],
    },
    marking,
  );
  assert.ok(notes.length >= 2);
  for (const n of notes) {
    assert.match(n.title, /^⟦[^]*⟧$/);
    assert.match(n.detail, /^⟦[^]*⟧$/);
  }
  assert.ok(notes.some((n) => n.title === '⟦CRM API defines no app role that applications can hold.⟧'));
});

test('the decode command: text in the locale, --json in English whatever the locale', async () => {
  const run = async (args: string[]): Promise<string> => {
    let out = '';
    const io: CliIo = { stdout: (t) => (out += t), stderr: () => undefined, readStdin: async () => '' };
    await decodeCommand.run(['--now', new Date(NOW).toISOString(), ...args], io);
    return out;
  };
  const token = crafted.delegated!;
  const englishJson = await run(['--json', token]);
  const englishText = await run([token]);
  // A bundle that translates a claim meaning, a label and a unit: what the command line loads for a locale.
  const meaning = 'Display name of the user, for display only. Needs the profile scope.';
  l10n.config({ contents: { [meaning]: 'NAME-MEANING', Audience: 'AUDIENCE-LABEL', '{0} min': '{0} MINUTES' } });
  try {
    assert.equal(await run(['--json', token]), englishJson);
    const text = await run([token]);
    assert.ok(text.includes('NAME-MEANING') && !text.includes(meaning));
    assert.match(text, /^AUDIENCE-LABEL +aaaaaaaa-0000-0000-0000-000000000001$/m);
    assert.ok(text.includes('(expires in 50 MINUTES)'));
    assert.notEqual(text, englishText);
  } finally {
    l10n.config({ contents: {} });
  }
});

test('the side-by-side comparison: labels and notes through the localizer, claim names and values as they are', () => {
  const delegated = analyse(crafted.delegated!, english);
  const md = compareTokensMarkdown([{ label: 'Delegated', analysis: delegated }], undefined, marking);
  assert.match(md, /^# ⟦Tokens side by side⟧$/m);
  assert.match(md, /^\| ⟦scp \(delegated scopes\)⟧ \| Crm\.Read\.Team Sales\.ReadWrite\.Team \|$/m);
  assert.match(md, /^\| oid \| dddddddd-0000-0000-0000-000000000003 \|$/m);
  assert.match(md, /^- ⟦\*\*Delegated\*\* acts for a user: scp holds Crm\.Read\.Team, Sales\.ReadWrite\.Team; /m);
  const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
  for (const row of rows) assert.match(row, /^\| (⟦[^|]*⟧|idtyp|oid|sub) \|/, row);
});

test("a permission mapping file's errors: jsonc-parser's and ajv's codes kept, their words from the localizer", () => {
  const parse = permissionMappingParser(marking);
  const cases: [string, RegExp][] = [
    ['{', /\(CloseBraceExpected\)/],
    ['{"apis": [{"audience": "x"}]}', /"scopeRoles".*\(required\)/],
    ['{"apis": [], "x": 1}', /"x".*\(additionalProperties\)/],
    ['{"apis": {}}', /\/apis .*array \(type\)/],
    ['{"apis": [{"audience": "", "scopeRoles": {}}]}', /\(minLength\)/],
  ];
  for (const [text, kept] of cases) {
    const r = parse(text);
    assert.ok(!r.ok, text);
    if (r.ok) continue;
    assert.match(r.message, kept);
    // Everything outside the values (paths, property names, codes) came through the localizer.
    assert.match(r.message, /^⟦.*⟧$/, r.message);
    assert.doesNotMatch(r.message, /must be array|must have required property|must NOT have/);
  }
});
