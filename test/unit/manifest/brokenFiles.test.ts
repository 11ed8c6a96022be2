// Broken files stay readable: one problem per region of syntax errors with a count of the rest,
// and no findings made up by error recovery.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SYNTAX_REGIONS } from '../../../src/core/manifest/jsonProblems';
import { lintManifest } from '../../../src/core/manifest/lint';
import { parseDocument } from '../../../src/core/manifest/json';
import { errorListOf, syntaxErrorCount } from '../../../src/core/manifest/parseErrors';
import { MAX_READ_ERRORS } from '../../../src/core/manifest/tolerantReader';

const manifest = (lines: string[]) => lintManifest(lines.join('\n'));

test('14 # comment lines give one syntax problem per region, naming the # line, not hundreds', () => {
  const lines = ['{'];
  for (let i = 0; i < 14; i++) lines.push(`# section ${i}`, `  "notes": "part ${i}",`, '', '');
  lines.push('  "displayName": "x", "signInAudience": "AzureADMyOrg"', '}');
  const r = manifest(lines);
  const syntax = r.problems.filter((p) => p.ruleId === 'json-syntax');
  assert.ok(syntax.length <= MAX_SYNTAX_REGIONS + 1, `${syntax.length} syntax problems`);
  assert.match(syntax[0]!.message, /line starting with #/);
  assert.match(syntax[syntax.length - 1]!.message, /more syntax errors? in \d+ more places?/);
  assert.ok(r.problems.length <= MAX_SYNTAX_REGIONS + 2, r.problems.map((p) => p.ruleId).join());
});

test('nothing recovery moved is reported: no duplicate-key or unknown-property finding after the first syntax error', () => {
  // The missing comma makes the parser guess; the keys after it are not really unknown or repeated.
  const r = manifest([
    '{',
    '  "displayName": "x"',
    '  "signInAudience": "AzureADMyOrg",',
    '  "web": { "redirectUris": [] "logoutUrl": null },',
    '  "displayName": "y",',
    '  "spa": { "redirectUris": [] }',
    '}',
  ]);
  const ids = r.problems.map((p) => p.ruleId);
  assert.deepEqual(
    ids.filter((id) => id === 'json-duplicate-key' || id === 'schema-unknown-property'),
    [],
  );
  assert.ok(ids.includes('json-syntax'));
  // What comes before the first syntax error is still checked.
  const early = lintManifest('{\n  "signInAudience": "azureadmyorg",\n  "displayName": "x"\n  "tags": []\n}');
  assert.deepEqual(
    early.problems.map((p) => p.ruleId),
    ['schema-enum', 'json-syntax'],
  );
});

test('comments and trailing commas: errors in Graph, legacy and template files, a warning nowhere', () => {
  const graph = lintManifest('{\n  // note\n  "displayName": "x",\n  "signInAudience": "AzureADMyOrg",\n}');
  assert.deepEqual(
    graph.problems.map((p) => `${p.ruleId}:${p.severity}`),
    ['json-comment:error', 'json-trailing-comma:error'],
  );
  assert.match(graph.problems[0]!.message, /Microsoft Graph and the admin center reject the file/);
  const legacy = lintManifest(
    '{\n  "name": "x", // note\n  "replyUrlsWithType": [],\n  "signInAudience": "AzureADMyOrg"\n}',
  );
  assert.equal(legacy.format, 'legacy');
  assert.deepEqual(
    legacy.problems.filter((p) => p.ruleId === 'json-comment').map((p) => p.severity),
    ['error'],
  );
  const template = lintManifest(
    '{\n  "appId": "${{AAD_APP_CLIENT_ID}}", // filled in by Teams Toolkit\n  "signInAudience": "AzureADMyOrg",\n  "requiredResourceAccess": []\n}',
  );
  assert.equal(template.format, 'teams-template');
  assert.deepEqual(
    template.problems.map((p) => `${p.ruleId}:${p.severity}`),
    ['json-comment:error'],
  );
  assert.match(template.problems[0]!.message, /Teams Toolkit \(aadApp\/update parses/);
});

test('a flipped quote in a long list: reading stops after 10,000 syntax errors, says where, and fails the file', () => {
  // Every later string on the line inside out: a value and an error for nearly every character.
  const ids = Array.from({ length: 30_000 }, () => '"00000003-0000-0000-c000-000000000000"').join(', ');
  const text = `{\n  "displayName": "x",\n  "signInAudience": "AzureADMyOrg",\n  "tags": [\n    ${ids}\n  ],\n  "notes": "y"\n}`;
  const flipped = text.replace('"00000003', '00000003');
  const doc = parseDocument(flipped);
  assert.equal(syntaxErrorCount(doc), MAX_READ_ERRORS + 2, 'the errors read, and one per bracket left open');
  const stop = lintManifest(flipped).problems.find((p) => p.message.startsWith('Reading stopped'));
  assert.ok(stop, 'a finding says where reading stopped');
  assert.equal(stop.severity, 'error');
  assert.equal(stop.offset, doc.unreadFrom);
  // Where the first token not read starts: past the 10,000th error's token.
  const last = errorListOf(doc).at(MAX_READ_ERRORS - 1);
  assert.ok(doc.unreadFrom! >= last.offset + last.length && doc.unreadFrom! < flipped.length / 10);
  assert.match(stop.message, /10,000 syntax errors, so the rest of the file was not checked/);
  // The text as written and its part up to the stop: the same findings up to there.
  assert.deepEqual(
    lintManifest(flipped.slice(0, last.offset + last.length)).problems.filter((p) => p.ruleId !== 'json-syntax'),
    lintManifest(flipped).problems.filter((p) => p.ruleId !== 'json-syntax'),
  );
  // A file with fewer errors is read to its end.
  const few = text.replace('"00000003', '00000003').slice(0, 4_000) + '\n  ],\n  "notes": "y"\n}';
  assert.equal(parseDocument(few).unreadFrom, undefined);
  assert.ok(!lintManifest(few).problems.some((p) => p.message.startsWith('Reading stopped')));
});
