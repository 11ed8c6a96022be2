// Entra knowledge has one home (src/core/entra, src/core/text): the same fact written twice drifts
// apart. These tests pin the shared definitions and fail when a second copy appears in src/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { findGuid, isGuid, MICROSOFT_GRAPH_APP_ID } from '../../../src/core/entra/ids';
import { hasPlaceholder, isWholePlaceholder } from '../../../src/core/entra/placeholders';
import { lintManifest } from '../../../src/core/manifest/lint';

const root = resolve(__dirname, '../../..');
const sources = readdirSync(join(root, 'src'), { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ path: `src/${f.replace(/\\/g, '/')}`, text: readFileSync(join(root, 'src', f), 'utf8') }));

/** Code without comment lines (a pattern quoted in a comment is not a definition). */
function code(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .join('\n');
}

function filesMatching(pattern: RegExp, except: readonly string[]): string[] {
  return sources.filter((s) => !except.includes(s.path) && pattern.test(code(s.text))).map((s) => s.path);
}

test('a placeholder is a complete ${{NAME}} or {{state.x}}; a lone {{ is a typo that gets every check', () => {
  assert.equal(hasPlaceholder('https://${{TAB_DOMAIN}}/auth'), true);
  assert.equal(hasPlaceholder('api://{{state.fx-resource-aad-app-for-teams.clientId}}'), true);
  assert.equal(hasPlaceholder('http://example.com/{{oops'), false);
  assert.equal(isWholePlaceholder(' ${{AAD_APP_CLIENT_ID}} '), true);
  assert.equal(isWholePlaceholder('x${{A}}'), false);
  // The schema check and the rules agree: the http redirect URI with a broken placeholder gets its https fix.
  const text = JSON.stringify({
    displayName: 'x',
    signInAudience: 'AzureADMyOrg',
    requiredResourceAccess: [],
    web: { redirectUris: ['http://example.com/{{oops'] },
  });
  const fixes = lintManifest(text).problems.flatMap((p) => (p.fixes ?? []).map((f) => f.title));
  assert.ok(fixes.includes('Change to https'), `the https fix is offered: ${fixes.join(', ')}`);
});

test('GUIDs: one check, either case, found inside text in one pass', () => {
  assert.equal(isGuid(MICROSOFT_GRAPH_APP_ID), true);
  assert.equal(isGuid('E1FE6DD8-BA31-4D61-89E7-88639DA4683D'), true);
  assert.equal(isGuid('e1fe6dd8-ba31-4d61-89e7-88639da4683'), false);
  assert.equal(isGuid(42), false);
  assert.equal(
    findGuid('idp https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/ x'),
    '72f988bf-86f1-41af-91ab-2d7cd011db47',
  );
  assert.equal(findGuid('-'.repeat(10_000)), undefined);
});

test("Microsoft Graph's app id is written once in src/", () => {
  assert.deepEqual(
    filesMatching(/00000003-0000-0000-c000-000000000000/i, [
      'src/core/entra/ids.ts',
      'src/core/entra/permissions.generated.ts',
    ]),
    [],
  );
});

test('Microsoft Graph hosts are written once in src/ (core/entra/clouds.ts)', () => {
  assert.deepEqual(
    filesMatching(/'https:\/\/(?:[a-z-]+\.)?graph\.microsoft\.(?:com|us)'|microsoftgraph\.chinacloudapi\.cn/, [
      'src/core/entra/clouds.ts',
    ]),
    [],
  );
});

test('no second GUID pattern or placeholder check in src/', () => {
  assert.deepEqual(filesMatching(/\[0-9a-f\]\{8\}-/i, []), [], 'GUID regexes: use isGuid/findGuid from core/entra/ids');
  assert.deepEqual(
    filesMatching(/function (hasPlaceholder|isWholePlaceholder)\b/, ['src/core/entra/placeholders.ts']),
    [],
  );
});

test('one Markdown escaper and one HTML escaper', () => {
  assert.deepEqual(filesMatching(/function escape(Markdown|Md|MarkdownText)\b/, ['src/core/text/escape.ts']), []);
  assert.deepEqual(filesMatching(/function escapeHtml\b/, ['src/core/text/escape.ts']), []);
});

test('the entra: document scheme is declared once', () => {
  const declared = sources
    .filter((s) => /(?:Scheme|SCHEME)\s*=\s*'entra'/.test(s.text))
    .map((s) => relative(root, join(root, s.path)));
  assert.equal(declared.length, 1, declared.join(', '));
});

test("Node's network and certificate error codes are explained once (core/text/systemErrors.ts)", () => {
  assert.deepEqual(
    filesMatching(
      /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|SELF_SIGNED_CERT_IN_CHAIN|CERT_HAS_EXPIRED|UNABLE_TO_VERIFY_LEAF_SIGNATURE|ERR_TLS_CERT_ALTNAME_INVALID)\b/,
      ['src/core/text/systemErrors.ts'],
    ),
    [],
  );
});
