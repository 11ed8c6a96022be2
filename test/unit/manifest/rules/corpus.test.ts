// Runs every rule over each real manifest in ../shared/corpus/manifests and checks the notable
// findings listed in its SOURCES.md that belong to the semantic rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTree, type ParseError } from 'jsonc-parser';
import type { Problem } from '../../../../src/core/manifest/types';
import { rules } from '../../../../src/core/manifest/rules';
import { flagged, makeCtx } from './helper';
import { hasShared, sharedDir, sharedGraphCatalog } from './sharedCatalog';

const PLACEHOLDER_RULES = new Set([
  'template-placeholder-styles',
  'preauthorized-unknown-scope',
  'redirect-uri-spa-and-web',
]);

const NOW = new Date('2026-01-15T00:00:00Z');
const dir = path.join(sharedDir, 'corpus/manifests');

interface Expect {
  /** rule id → JSON pointers that must be reported (empty list = reported somewhere). */
  has?: Record<string, string[]>;
  /** rules that must stay silent on this file. */
  not?: string[];
}

const EXPECT: Record<string, Expect> = {
  // 22 delegated Graph scopes by GUID, all real and typed Scope; http://localhost redirect is allowed
  'agent-bridge-many-scopes.json': {
    not: ['rra-unknown-permission', 'rra-type-mismatch', 'redirect-uri-scheme', 'token-version-personal'],
  },
  // a bare requiredResourceAccess array, not a manifest: nothing to say
  'azhop-rra-array.json': {},
  'cli-m365-basic-aadgraph.json': { has: { 'legacy-format': [] }, not: ['legacy-key-in-graph'] },
  // Directory.ReadWrite.All and Sites.ReadWrite.All application permissions by friendly name
  'community-eionet2-usermgmt-graph.json': {
    has: {
      'rra-high-privilege': [
        '/requiredResourceAccess/0/resourceAccess/1/id',
        '/requiredResourceAccess/0/resourceAccess/2/id',
      ],
      // the same page on Web and (with ?clientId=) on SPA: an info
      'redirect-uri-spa-and-web': ['/spa/redirectUris/0'],
    },
    not: ['rra-unknown-permission', 'rra-type-mismatch', 'redirect-uri-query', 'preauthorized-unknown-scope'],
  },
  // samlMetadataUrl on an AzureADandPersonalMicrosoftAccount app
  'graphdocs-application-get-full.json': {
    has: { 'saml-metadata-url-audience': ['/samlMetadataUrl'] },
    not: ['token-version-personal'],
  },
  'graphdocs-application-get-select.json': {
    not: ['rra-unknown-permission', 'rra-type-mismatch', 'rra-high-privilege'],
  },
  // groupMembershipClaims SecurityGroup with the groups claim (emit_as_roles) in all three tokens
  'optimizely-jsonc-bom.json': {
    has: { 'legacy-format': [] },
    not: ['optional-claim-groups-membership', 'optional-claim-additional-properties', 'optional-claim-token-type'],
  },
  'rendered-bot-multiorg-azureapi.json': { has: { 'legacy-format': [] } },
  // 9 pre-authorized Teams/Office clients, all on the defined scope; api://localhost:53000/{appId}
  'rendered-graph-tab-localhost.json': {
    not: [
      'preauthorized-unknown-scope',
      'preauthorized-app-id',
      'identifier-uri-guid',
      'identifier-uri-policy',
      'legacy-key-in-graph',
    ],
  },
  // identifier URI on an ngrok-free.app host
  'rendered-tab-ngrok-mismatch.json': { has: { 'identifier-uri-tunnel': ['/identifierUris/0'] } },
  // password credential that ended 2025-05-24
  'rendered-teamsai-multiorg-noreply.json': {
    has: { 'credential-expiry': ['/passwordCredentials/0/endDate'] },
    not: ['redirect-uri-count'],
  },
  // personal-account audience (odd casing) without requestedAccessTokenVersion 2
  'teach-onenote-create-body.json': { has: { 'token-version-personal': [] }, not: ['rra-unknown-permission'] },
  // Web and Spa registrations of the same placeholder endpoint, one with ?clientId=: compared as written, an info
  'teamsfx-csharp-sso-tab.json': {
    has: { 'redirect-uri-spa-and-web': ['/replyUrlsWithType/1/url'] },
    not: ['redirect-uri-duplicate', 'preauthorized-unknown-scope', 'identifier-uri-format'],
  },
  // mixed {{state.*}} and ${{…}} placeholders: the last pre-authorized id is not the scope's placeholder
  'teamsfx-fxcore-aad-template.json': {
    has: {
      'preauthorized-unknown-scope': ['/preAuthorizedApplications/8/permissionIds/0'],
      'template-placeholder-styles': [],
    },
    not: ['identifier-uri-format', 'permission-id-invalid'],
  },
  // User.Read.All requested as a delegated scope by friendly name (a real scope)
  'teamsfx-query-org-user-me-sso.json': { not: ['rra-type-mismatch', 'rra-unknown-permission', 'rra-high-privilege'] },
};

function listedFiles(): string[] {
  const md = readFileSync(path.join(dir, 'SOURCES.md'), 'utf8');
  return [...md.matchAll(/^\| `([^`]+\.json)` \|/gm)].map((m) => m[1]!);
}

test('every shared corpus manifest: no rule throws, problems are well-formed, notable findings reported', (t) => {
  if (!hasShared || !existsSync(dir)) {
    t.skip('../shared is absent: corpus checks skipped');
    return;
  }
  const files = listedFiles();
  assert.ok(files.length >= 10, 'SOURCES.md lists the corpus');
  const catalog = sharedGraphCatalog();
  for (const file of files) {
    let text = readFileSync(path.join(dir, file), 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const errors: ParseError[] = [];
    parseTree(text, errors, { allowTrailingComma: true });
    const ctx = makeCtx(text, { catalog, now: NOW });
    const problems: Problem[] = [];
    for (const r of rules) {
      // every rule runs (even on formats it does not claim) to prove it never throws
      let found: Problem[] = [];
      assert.doesNotThrow(() => (found = r.check(ctx)), `${r.id} on ${file}`);
      if (r.formats.includes(ctx.format)) problems.push(...found);
    }
    if (ctx.format === 'not-manifest') assert.deepEqual(problems, [], `${file} is not a manifest`);
    for (const p of problems) {
      assert.ok(p.offset >= 0 && p.offset + p.length <= text.length, `${file}: ${p.ruleId} range`);
      // Rules about placeholders themselves (mixed styles, a placeholder that cannot render to a
      // scope id, one template page on Web and SPA) point at them; no other rule does.
      if (!PLACEHOLDER_RULES.has(p.ruleId))
        assert.ok(!flagged(text, p).includes('{{'), `${file}: ${p.ruleId} flags a placeholder at ${p.path}`);
      assert.ok(
        !/[{[]/.test(flagged(text, p)[0] ?? '') || p.ruleId === 'manifest-entry-count',
        `${file}: ${p.ruleId} anchors on a value or key, not a whole object`,
      );
    }
    if (errors.length > 0) continue; // parse-error fixtures only need to survive
    const exp = EXPECT[file];
    assert.ok(exp, `${file} has expectations in this test`);
    for (const [id, paths] of Object.entries(exp.has ?? {})) {
      const got = problems.filter((p) => p.ruleId === id).map((p) => p.path);
      assert.ok(got.length > 0, `${file}: expected ${id}`);
      for (const ptr of paths) assert.ok(got.includes(ptr), `${file}: expected ${id} at ${ptr}, got ${got.join(', ')}`);
    }
    for (const id of exp.not ?? []) {
      const got = problems.filter((p) => p.ruleId === id);
      assert.deepEqual(
        got.map((p) => p.path),
        [],
        `${file}: ${id} must stay silent`,
      );
    }
  }
});
