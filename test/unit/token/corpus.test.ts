// The real, published tokens in ../shared/corpus/tokens decode with the facts their SOURCES.md states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeToken, type TokenAnalysis } from '../../../src/core/token/analyze';
import { decodeToken } from '../../../src/core/token/decode';
import { KeyCache, verifyToken } from '../../../src/core/token/verify';
import { hasShared, sharedDir } from './helpers';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function load(file: string): { token: string; a: TokenAnalysis } {
  const token = readFileSync(join(sharedDir, 'corpus/tokens', file), 'utf8');
  const d = decodeToken(token);
  assert.ok(d.ok, `${file} decodes`);
  return { token, a: analyzeToken(d.token, { now: NOW }) };
}
const codes = (a: TokenAnalysis): string[] => a.problems.map((p) => p.code);

interface Expect {
  kind: string;
  version: string | null;
  flow: string;
  issuerForm: string;
  problems?: string[];
  signature?: string;
  check?: (a: TokenAnalysis) => void;
}

const expectations: Record<string, Expect> = {
  'adal-client-assertion.jwt': {
    kind: 'assertion',
    version: null,
    flow: 'unknown',
    issuerForm: 'other',
    problems: ['client-assertion', 'no-kid'],
  },
  'botframework-skill-v1-app-only.jwt': {
    kind: 'access',
    version: '1.0',
    flow: 'app-only',
    issuerForm: 'v1',
    problems: ['no-roles', 'v1-token', 'expired'],
    check: (a) => assert.equal(a.summary.client.authentication, 'client secret'),
  },
  'cli-graph-app-only.jwt': {
    kind: 'access',
    version: '1.0',
    flow: 'app-only',
    issuerForm: 'v1',
    problems: ['graph-token'],
    signature: 'cannot-verify',
    check: (a) => {
      assert.equal(a.summary.audienceName, 'Microsoft Graph');
      assert.equal(a.summary.roles.length, 8);
      assert.equal(a.summary.client.name, 'GetTeamsList');
    },
  },
  'entradocs-v1-access.jwt': {
    kind: 'access',
    version: '1.0',
    flow: 'delegated',
    issuerForm: 'v1',
    problems: ['signature-truncated', 'issuer-tenant-malformed', 'issuer-tenant-mismatch', 'guest'],
    check: (a) => {
      assert.deepEqual(a.summary.scopes, ['user_impersonation']);
      assert.match(a.claims.find((c) => c.name === 'amr')!.explanation, /wia: Windows integrated/);
    },
  },
  'msal-ciam-id-hs256.jwt': {
    kind: 'id',
    version: '2.0',
    flow: 'delegated',
    issuerForm: 'v2',
    problems: ['alg-symmetric', 'id-token'],
    check: (a) => assert.equal(a.summary.tenant.guest, false),
  },
  'msal-v2-id-azurecli.jwt': {
    kind: 'id',
    version: '2.0',
    flow: 'delegated',
    issuerForm: 'v2',
    problems: ['id-token'],
    check: (a) => assert.equal(a.summary.client.name, 'Microsoft Azure CLI'),
  },
  'passport-v1-id.jwt': {
    kind: 'id',
    version: '1.0',
    flow: 'delegated',
    issuerForm: 'v1',
    problems: ['id-token'],
    check: (a) => assert.equal(a.summary.user?.username, 'robot@sijun.onmicrosoft.com'),
  },
  'teamsfx-v2-access-sso.jwt': {
    kind: 'access',
    version: '2.0',
    flow: 'delegated',
    issuerForm: 'v2',
    problems: ['expired'],
    check: (a) => {
      assert.deepEqual(a.summary.scopes, ['access_as_user']);
      assert.equal(a.summary.client.appId, 'b0c47f29-3c57-4042-933f-a7d546bae387');
      assert.notEqual(a.summary.client.appId, a.summary.audience);
    },
  },
};

for (const [file, e] of Object.entries(expectations)) {
  test(`corpus ${file}: ${e.kind} ${e.version ?? ''} ${e.flow} ${e.issuerForm}`, (t) => {
    if (!hasShared) return t.skip('../shared is absent: corpus tokens not available');
    const { a } = load(file);
    assert.equal(a.summary.kind, e.kind);
    assert.equal(a.summary.version, e.version);
    assert.equal(a.summary.flow, e.flow);
    assert.equal(a.summary.issuerForm, e.issuerForm);
    for (const p of e.problems ?? [])
      assert.ok(codes(a).includes(p), `${file}: expected problem ${p}, got ${codes(a).join(', ')}`);
    assert.ok(codes(a).includes('expired'), 'all corpus tokens are expired');
    assert.equal(a.signature.status, e.signature ?? 'unchecked');
    e.check?.(a);
  });
}

test('corpus: verification never goes online for tokens that cannot be verified, and says why', async (t) => {
  if (!hasShared) return t.skip('../shared is absent: corpus tokens not available');
  const asked: string[] = [];
  const fetchJson = async (url: string): Promise<unknown> => {
    asked.push(url);
    throw new Error('offline in tests');
  };
  const graph = await verifyToken(load('cli-graph-app-only.jwt').token, { fetchJson, cache: new KeyCache() });
  assert.equal(graph.status, 'cannot-verify');
  const hs = await verifyToken(load('msal-ciam-id-hs256.jwt').token, { fetchJson, cache: new KeyCache() });
  assert.equal(hs.status, 'cannot-verify');
  const assertion = await verifyToken(load('adal-client-assertion.jwt').token, { fetchJson, cache: new KeyCache() });
  assert.equal(assertion.status, 'cannot-verify');
  assert.deepEqual(asked, []);
  const v2 = await verifyToken(load('teamsfx-v2-access-sso.jwt').token, { fetchJson, cache: new KeyCache() });
  assert.equal(v2.status, 'cannot-verify');
  assert.match(v2.reason, /Offline/);
  assert.deepEqual(asked, [
    'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0/.well-known/openid-configuration',
  ]);
});
