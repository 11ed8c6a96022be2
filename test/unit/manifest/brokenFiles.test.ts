// Broken files stay readable: one problem per region of syntax errors with a count of the rest,
// and no findings made up by error recovery.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SYNTAX_REGIONS } from '../../../src/core/manifest/jsonProblems';
import { lintManifest } from '../../../src/core/manifest/lint';

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
