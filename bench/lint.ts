// `npm run bench:lint`: our full manifest lint vs. VS Code's own JSON validation
// (vscode-json-languageservice with the same Graph-format schema), side by side in one run, on a
// ~10 KB and a ~700 KB Graph-format manifest generated deterministically with realistic findings.
// Last line: {"bench":"lint","ms10k":…,"ms700k":…,"ratio10k":…,"ratio700k":…}
import assert from 'node:assert/strict';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import graphSchema from '../schemas/application.graph.schema.json';
import { parseDocument } from '../src/core/manifest/json';
import { positionConverter } from '../src/core/manifest/positions';
import { lintManifest } from '../src/core/manifest/lint';
import { validatorFor } from '../src/core/manifest/schema';
import type { Rule } from '../src/core/manifest/types';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function guid(next: () => number): string {
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

const GRAPH_SCOPES = [
  'e1fe6dd8-ba31-4d61-89e7-88639da4683d',
  '37f7f235-527c-4136-accd-4a02d197296e',
  '14dad69e-099b-42c9-810b-d002981feec1',
  '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0',
  '7427e0e9-2fba-42fe-b0c0-848c9e6a8182',
];

/**
 * A Graph-format manifest of about `targetBytes`, with one finding planted every `faultEvery`
 * entries: wrong-case enum values, misspelled keys, malformed GUIDs, http redirect URIs and scope
 * values with a space.
 */
export function generateManifest(targetBytes: number, seed: number, faultEvery: number): string {
  const next = rng(seed);
  const app: Record<string, unknown> = {
    id: guid(next),
    appId: guid(next),
    displayName: 'Contoso Benchmark API',
    description: 'Generated for the lint benchmark.',
    signInAudience: 'AzureADMyOrg',
    identifierUris: ['api://contoso-bench'],
    api: {
      requestedAccessTokenVersion: 2,
      oauth2PermissionScopes: [] as unknown[],
      preAuthorizedApplications: [],
      knownClientApplications: [],
    },
    web: {
      homePageUrl: 'https://contoso.example/',
      redirectUris: [] as string[],
      implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false },
    },
    spa: { redirectUris: [] as string[] },
    appRoles: [] as unknown[],
    requiredResourceAccess: [
      {
        resourceAppId: '00000003-0000-0000-c000-000000000000',
        resourceAccess: GRAPH_SCOPES.map((id) => ({ id, type: 'Scope' })),
      },
    ],
    tags: ['bench'],
  };
  const roles = app.appRoles as Record<string, unknown>[];
  const scopes = (app.api as { oauth2PermissionScopes: Record<string, unknown>[] }).oauth2PermissionScopes;
  const redirects = (app.web as { redirectUris: string[] }).redirectUris;
  let i = 0;
  let size = JSON.stringify(app, null, 2).length;
  while (size < targetBytes) {
    const fault = i % faultEvery === faultEvery - 1 ? ((i / faultEvery) % 4) | 0 : -1;
    const role: Record<string, unknown> = {
      allowedMemberTypes: [fault === 0 ? 'user' : 'User'],
      description: `Lets the holder work with report set ${i} of the benchmark tenant, including exports and schedules.`,
      displayName: `Reports ${i} reader`,
      id: fault === 2 ? `not-a-guid-${i}` : guid(next),
      isEnabled: true,
      value: `Reports${i}.Read.All`,
    };
    if (fault === 1) {
      role.isEnable = role.isEnabled;
      delete role.isEnabled;
    }
    roles.push(role);
    if (i % 3 === 0) {
      // Scopes get their own planted findings: a wrong-case type, a value with a space.
      const n = i / 3;
      const scopeFault = n % faultEvery === faultEvery - 1 ? ((n / faultEvery) % 2) | 0 : -1;
      scopes.push({
        adminConsentDescription: `Allows the app to read report set ${i} on behalf of the signed-in user.`,
        adminConsentDisplayName: `Read report set ${i}`,
        id: guid(next),
        isEnabled: true,
        type: scopeFault === 0 ? 'user' : 'User',
        userConsentDescription: `Allows the app to read report set ${i} for you.`,
        userConsentDisplayName: `Read report set ${i}`,
        value: scopeFault === 1 ? `Reports${i} Read` : `Reports${i}.Read`,
      });
    }
    if (i % 7 === 0)
      redirects.push(
        fault === 3 || (i / 7) % 9 === 8
          ? `http://reports${i}.contoso.example/signin`
          : `https://reports${i}.contoso.example/signin`,
      );
    i++;
    // Re-measure now and then (entry sizes vary); cheap compared with generating.
    size = i % 25 === 0 || size + 600 >= targetBytes ? JSON.stringify(app, null, 2).length : size + 500;
  }
  return JSON.stringify(app, null, 2);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const now = new Date('2026-01-01T00:00:00Z');

function ours(text: string, rules?: readonly Rule[]): number {
  const result = lintManifest(text, rules ? { now, rules } : { now });
  let n = 0;
  // The editor needs positions, as the JSON language service computes them: convert every range.
  // A fresh converter per run (line starts computed anew), as the other side gets a fresh
  // TextDocument: nothing about the text is kept from one iteration to the next.
  const positionAt = positionConverter(text);
  for (const p of result.problems) {
    positionAt(p.offset);
    positionAt(p.offset + p.length);
    if (p.message.length === 0) throw new Error(`${p.ruleId}: empty message`);
    n++;
  }
  return n;
}

const service = getLanguageService({});
service.configure({
  validate: true,
  allowComments: false,
  schemas: [
    {
      uri: 'https://entra-workbench.dev/schemas/application.graph.schema.json',
      fileMatch: ['*.manifest.json'],
      schema: graphSchema,
    },
  ],
});

let version = 0;
async function theirs(text: string): Promise<number> {
  const doc = TextDocument.create('file:///bench/app.manifest.json', 'json', ++version, text);
  const json = service.parseJSONDocument(doc);
  const diagnostics = await service.doValidation(doc, json, {
    schemaValidation: 'error',
    trailingCommas: 'error',
    comments: 'error',
  });
  return diagnostics.length;
}

async function measure(
  label: string,
  text: string,
  minOurs: number,
  iterations: number,
): Promise<{ ours: number; theirs: number }> {
  const ourCount = ours(text);
  const theirCount = await theirs(text);
  assert.ok(ourCount >= minOurs, `${label}: expected at least ${minOurs} findings from lintManifest, got ${ourCount}`);
  // It reports the schema findings it understands (no uuid format, no semantic rules): fewer
  // ranges to compute on its side, so the comparison does not favour us.
  assert.ok(
    theirCount >= Math.ceil(minOurs / 4),
    `${label}: expected at least ${Math.ceil(minOurs / 4)} diagnostics from the JSON language service, got ${theirCount}`,
  );
  const warm = Math.max(5, iterations >> 2);
  for (let i = 0; i < warm; i++) {
    ours(text);
    await theirs(text);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < iterations; i++) {
    // Alternate the order so neither side always runs on a warmer cache.
    if (i % 2 === 0) {
      let t = performance.now();
      ours(text);
      a.push(performance.now() - t);
      t = performance.now();
      await theirs(text);
      b.push(performance.now() - t);
    } else {
      let t = performance.now();
      await theirs(text);
      b.push(performance.now() - t);
      t = performance.now();
      ours(text);
      a.push(performance.now() - t);
    }
  }
  const m = { ours: median(a), theirs: median(b) };
  console.log(
    `${label}: ${text.length} chars, ${ourCount} findings (json-languageservice: ${theirCount}); ` +
      `lintManifest ${m.ours.toFixed(3)} ms, json-languageservice ${m.theirs.toFixed(3)} ms (medians of ${iterations}); ratio ${(m.ours / m.theirs).toFixed(3)}`,
  );
  return m;
}

/**
 * Where the time of a lint goes, each step as a share of the JSON language service's time, all
 * measured in the same alternating loop: the native JSON.parse alone, parse + offset index (what
 * every lint starts with), that + the compiled schema check of the plain value (no mapping of
 * errors to ranges, no rules), and the whole lint with an empty rule list (parse, index, format
 * verdict, schema problems with ranges, sorting, positions: everything but the 64 semantic rules).
 * Printed for the record; the last line is unchanged.
 */
async function floor(label: string, text: string, iterations: number): Promise<void> {
  const validate = validatorFor('graph');
  const steps: [string, () => unknown][] = [
    ['JSON.parse', () => JSON.parse(text)],
    ['parse + index', () => parseDocument(text).root],
    ['parse + index + schema check', () => validate(parseDocument(text).value)],
    ['full lint without the semantic rules', () => ours(text, [])],
  ];
  const times: number[][] = steps.map(() => []);
  const b: number[] = [];
  for (let i = 0; i < iterations + (iterations >> 2); i++) {
    const keep = i >= iterations >> 2;
    for (let k = 0; k < steps.length; k++) {
      const t = performance.now();
      steps[k]![1]();
      if (keep) times[k]!.push(performance.now() - t);
    }
    const t = performance.now();
    await theirs(text);
    if (keep) b.push(performance.now() - t);
  }
  const base = median(b);
  console.log(
    `${label} steps as a share of json-languageservice: ${steps.map(([name], k) => `${name} ${(median(times[k]!) / base).toFixed(3)}`).join(', ')}`,
  );
}

async function main(): Promise<void> {
  const small = generateManifest(10_000, 10, 2);
  const large = generateManifest(700_000, 700, 12);
  const s = await measure('10 KB', small, 10, 400);
  await floor('10 KB', small, 400);
  const l = await measure('700 KB', large, 100, 40);
  await floor('700 KB', large, 20);
  const round = (x: number, d = 4): number => Number(x.toFixed(d));
  console.log(
    JSON.stringify({
      bench: 'lint',
      ms10k: round(s.ours),
      ms700k: round(l.ours),
      ratio10k: round(s.ours / s.theirs),
      ratio700k: round(l.ours / l.theirs),
    }),
  );
}

if (require.main === module && !process.env.NO_MAIN) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
