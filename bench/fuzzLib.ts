// The fuzzer's engine: a seeded PRNG, the seed corpus (test fixtures, tokens built like the unit
// tests build them, and ../shared/corpus when present), mutators for manifests and tokens, and a
// runner that feeds every input through the in-process code the CLI runs (`lint` in its three
// output formats, `decode` in text and JSON; never network verification). Used by bench/fuzz.ts
// (`npm run fuzz`) and by test/unit/fuzz.test.ts (a fixed slice in `npm test`).
//
// Every input is replayable: input `index` of target `t` under seed `s` comes from its own PRNG
// seeded with (s, t, index), so one input can be regenerated without generating the others.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { decodeCommand } from '../src/cli/decode';
import { lintCommand } from '../src/cli/lint';
import type { CliIo } from '../src/cli/types';
import { findJwtCandidates } from '../src/core/token/extract';

export type Target = 'lint' | 'decode';
export const TARGETS: readonly Target[] = ['lint', 'decode'];

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: a small, fast, seedable 32-bit generator. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a over the parts, so (seed, target, index) give independent streams. */
function mix(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = `${String(part)}\u0000`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  return h >>> 0;
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
}

// ---------------------------------------------------------------------------------------------
// Seed corpus

export interface SeedInput {
  /** Where it came from (a path relative to the repository, or a generator name). */
  readonly name: string;
  readonly text: string;
}

export interface Corpus {
  readonly manifests: readonly SeedInput[];
  readonly tokens: readonly SeedInput[];
  /** Set when ../shared/corpus is absent (its inputs are skipped). */
  readonly notice?: string;
}

export const repoRoot = resolve(__dirname, '..');
const sharedCorpus = resolve(repoRoot, '../shared/corpus');

function filesUnder(dir: string, exts: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => exts.includes(extname(f)))
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const SIG = 'x'.repeat(342);

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = 'cccccccc-0000-0000-0000-000000000002';
const API = 'aaaaaaaa-0000-0000-0000-000000000001';
const T0 = Date.parse('2026-03-01T12:00:00Z') / 1000;

/** Tokens built the way the unit tests build theirs (test/unit/token/helpers.ts: header.payload.fake signature). */
function generatedTokens(): SeedInput[] {
  const header = { typ: 'JWT', alg: 'RS256', kid: 'fuzz-key' };
  const v2Delegated = {
    aud: API,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    iat: T0 - 600,
    nbf: T0 - 600,
    exp: T0 + 3000,
    azp: CLIENT,
    azpacr: '0',
    name: 'Ada',
    oid: 'dddddddd-0000-0000-0000-000000000003',
    preferred_username: 'ada@contoso.example',
    scp: 'Crm.Read.Team Sales.ReadWrite.Team',
    sub: 'pairwise-subject-value',
    tid: TENANT,
    ver: '2.0',
  };
  const v1AppOnly = {
    aud: 'api://crm.contoso.example',
    iss: `https://sts.windows.net/${TENANT}/`,
    iat: T0 - 300,
    nbf: T0 - 300,
    exp: T0 + 3300,
    appid: CLIENT,
    appidacr: '1',
    idp: `https://sts.windows.net/${TENANT}/`,
    idtyp: 'app',
    oid: '3854bb08-3c2c-4b57-95fc-24e078d38685',
    roles: ['Accounts.Read.All', 'Contacts.Read.All'],
    sub: '3854bb08-3c2c-4b57-95fc-24e078d38685',
    tid: TENANT,
    ver: '1.0',
  };
  const v2Id = {
    aud: CLIENT,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    iat: T0,
    nbf: T0,
    exp: T0 + 3600,
    nonce: 'b5f6723f-9473-4f22-9ef6-d50596392eec',
    name: 'Ada Lovelace',
    oid: '18fdacc2-8d1a-4338-85c8-00265fb65ef6',
    preferred_username: 'ada@contoso.example',
    tid: TENANT,
    ver: '2.0',
  };
  const graph = {
    ...v2Delegated,
    aud: '00000003-0000-0000-c000-000000000000',
    iss: `https://sts.windows.net/${TENANT}/`,
    ver: '1.0',
    wids: ['b79fbf4d-3ef9-4689-8143-76b194e85509'],
    amr: ['pwd', 'mfa'],
  };
  const make = (h: object, p: object): string => `${b64(JSON.stringify(h))}.${b64(JSON.stringify(p))}.${SIG}`;
  return [
    { name: 'generated:v2-delegated', text: make(header, v2Delegated) },
    { name: 'generated:v1-app-only', text: make(header, v1AppOnly) },
    { name: 'generated:v2-id', text: make(header, v2Id) },
    { name: 'generated:graph-v1', text: make({ ...header, nonce: 'AQABAAAAAAD' }, graph) },
    { name: 'generated:bearer', text: `Authorization: Bearer ${make(header, v2Delegated)}` },
    {
      name: 'generated:url',
      text: `https://app.contoso.example/#access_token=${make(header, v1AppOnly)}&token_type=Bearer&state=1`,
    },
  ];
}

/** Manifests shaped like the unit tests' inputs: Graph, legacy and Teams Toolkit formats with many features. */
function generatedManifests(): SeedInput[] {
  const graph = {
    id: '4a1d6b8e-0000-4000-8000-000000000001',
    appId: 'c1000000-0000-4000-8000-000000000001',
    displayName: 'Contoso CRM',
    signInAudience: 'AzureADMultipleOrgs',
    identifierUris: ['api://contoso-crm', 'https://contoso.example/crm'],
    tags: ['fuzz'],
    api: {
      requestedAccessTokenVersion: 2,
      knownClientApplications: ['c1000000-0000-4000-8000-000000000002'],
      oauth2PermissionScopes: [
        {
          adminConsentDescription: 'Read',
          adminConsentDisplayName: 'Read',
          id: '5b000000-0000-4000-8000-000000000001',
          isEnabled: true,
          type: 'User',
          userConsentDescription: 'Read',
          userConsentDisplayName: 'Read',
          value: 'Crm.Read',
        },
      ],
      preAuthorizedApplications: [
        {
          appId: 'c1000000-0000-4000-8000-000000000002',
          delegatedPermissionIds: ['5b000000-0000-4000-8000-000000000001'],
        },
      ],
    },
    appRoles: [
      {
        allowedMemberTypes: ['User', 'Application'],
        description: 'Admins',
        displayName: 'Admin',
        id: '6c000000-0000-4000-8000-000000000001',
        isEnabled: true,
        value: 'Crm.Admin',
      },
    ],
    web: {
      homePageUrl: 'https://contoso.example/',
      redirectUris: ['https://contoso.example/signin', 'http://localhost:3000/auth'],
      implicitGrantSettings: { enableAccessTokenIssuance: true, enableIdTokenIssuance: false },
    },
    spa: { redirectUris: ['https://contoso.example/spa'] },
    publicClient: { redirectUris: ['msal://redirect'] },
    passwordCredentials: [
      {
        displayName: 'ci',
        endDateTime: '2025-01-01T00:00:00Z',
        keyId: '7d000000-0000-4000-8000-000000000001',
        startDateTime: '2024-01-01T00:00:00Z',
      },
    ],
    optionalClaims: {
      idToken: [{ name: 'email', essential: false, additionalProperties: [] }],
      accessToken: [],
      saml2Token: [],
    },
    requiredResourceAccess: [
      {
        resourceAppId: '00000003-0000-0000-c000-000000000000',
        resourceAccess: [
          { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
          { id: '7ab1d382-f21e-4acd-a863-ba3e13f7da61', type: 'Role' },
        ],
      },
    ],
    groupMembershipClaims: 'SecurityGroup',
    isFallbackPublicClient: false,
  };
  const legacy = {
    id: '4a1d6b8e-0000-4000-8000-000000000002',
    appId: 'c1000000-0000-4000-8000-000000000003',
    name: 'Legacy',
    availableToOtherTenants: false,
    accessTokenAcceptedVersion: null,
    oauth2AllowImplicitFlow: true,
    oauth2AllowIdTokenImplicitFlow: false,
    replyUrlsWithType: [
      { url: 'https://legacy.example/signin', type: 'Web' },
      { url: 'http://legacy.example', type: 'Spa' },
    ],
    identifierUris: ['api://legacy'],
    knownClientApplications: [],
    oauth2Permissions: [
      {
        adminConsentDescription: 'x',
        adminConsentDisplayName: 'x',
        id: '5b000000-0000-4000-8000-000000000002',
        isEnabled: true,
        type: 'User',
        userConsentDescription: 'x',
        userConsentDisplayName: 'x',
        value: 'user_impersonation',
      },
    ],
    requiredResourceAccess: [
      {
        resourceAppId: '00000002-0000-0000-c000-000000000000',
        resourceAccess: [{ id: '311a71cc-e848-46a1-bdf8-97ff7156d8e6', type: 'Scope' }],
      },
    ],
  };
  const teams = `{
  "id": "\${{AAD_APP_OBJECT_ID}}",
  "appId": "\${{AAD_APP_CLIENT_ID}}",
  "name": "teams-app-\${{TEAMSFX_ENV}}",
  "signInAudience": "AzureADMyOrg",
  "identifierUris": ["api://\${{TAB_DOMAIN}}/\${{AAD_APP_CLIENT_ID}}"],
  "oauth2Permissions": [{ "id": "\${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}", "type": "User", "value": "access_as_user", "isEnabled": true }],
  "replyUrlsWithType": [{ "url": "https://\${{TAB_DOMAIN}}/auth-end.html", "type": "Web" }],
  "preAuthorizedApplications": [{ "appId": "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "permissionIds": ["\${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}"] }],
  // a comment, as templates may have
  "requiredResourceAccess": [{ "resourceAppId": "Microsoft Graph", "resourceAccess": [{ "id": "User.Read", "type": "Scope" }] }],
}`;
  return [
    { name: 'generated:graph', text: JSON.stringify(graph, null, 2) },
    { name: 'generated:legacy', text: JSON.stringify(legacy, null, 2) },
    { name: 'generated:teams-template', text: teams },
  ];
}

let cachedCorpus: Corpus | undefined;

/** Fixtures of the repository, generated inputs, and ../shared/corpus when present. */
export function loadCorpus(): Corpus {
  if (cachedCorpus) return cachedCorpus;
  const read = (f: string): SeedInput => ({ name: relative(repoRoot, f), text: readFileSync(f, 'utf8') });
  const fixtures = resolve(repoRoot, 'test/fixtures');
  const manifests = [...filesUnder(fixtures, ['.json']).map(read), ...generatedManifests()];
  const tokens = [...filesUnder(fixtures, ['.jwt', '.http']).map(read), ...generatedTokens()];
  let notice: string | undefined;
  if (existsSync(sharedCorpus)) {
    manifests.push(...filesUnder(join(sharedCorpus, 'manifests'), ['.json']).map(read));
    tokens.push(...filesUnder(join(sharedCorpus, 'tokens'), ['.jwt']).map(read));
  } else {
    notice = `fuzz: ${sharedCorpus} is absent; its manifests and tokens are skipped`;
  }
  cachedCorpus = notice ? { manifests, tokens, notice } : { manifests, tokens };
  return cachedCorpus;
}

// ---------------------------------------------------------------------------------------------
// JSON documents with raw insertions

/** Keys the mutators put on objects to catch prototype pollution (`({}).fuzzPolluted`). */
export const POLLUTION_KEYS = ['fuzzPolluted', 'fuzzPolluted2', 'isAdmin'] as const;

/**
 * A JSON value plus raw text to splice in at marker strings, for what JSON.stringify cannot
 * produce: duplicate keys, thousands of nesting levels, numbers out of range, comments.
 */
class Doc {
  private readonly raws = new Map<string, string>();
  private n = 0;
  constructor(public value: unknown) {}

  raw(text: string): string {
    const marker = `\u0001fuzz-raw-${this.n++}\u0001`;
    this.raws.set(marker, text);
    return marker;
  }

  /** A key whose raw text replaces the key (and its value) entirely. */
  rawMember(text: string): string {
    const marker = `\u0001fuzz-member-${this.n++}\u0001`;
    this.raws.set(marker, text);
    return marker;
  }

  serialize(indent: number): string {
    let text = JSON.stringify(this.value, null, indent) ?? 'null';
    for (const [marker, raw] of this.raws) {
      const quoted = JSON.stringify(marker);
      if (marker.includes('member')) {
        // "marker": <anything> → raw (the placeholder value is always null).
        const at = text.indexOf(`${quoted}:`);
        if (at < 0) continue;
        const valueStart = text.indexOf('null', at + quoted.length);
        text = text.slice(0, at) + raw + text.slice(valueStart + 4);
      } else {
        const at = text.indexOf(quoted);
        if (at >= 0) text = text.slice(0, at) + raw + text.slice(at + quoted.length);
      }
    }
    return text;
  }
}

type Path = (string | number)[];
type Container = Record<string, unknown> | unknown[];

/** Paths of every value, breadth first, up to `max` (iterative: inputs may be deep). */
function collectPaths(value: unknown, max = 4000): { path: Path; value: unknown }[] {
  const out: { path: Path; value: unknown }[] = [{ path: [], value }];
  for (let i = 0; i < out.length && out.length < max; i++) {
    const { path, value: v } = out[i]!;
    if (path.length > 60 || v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let k = 0; k < v.length && out.length < max; k++) out.push({ path: [...path, k], value: v[k] });
    } else {
      for (const k of Object.keys(v)) {
        if (out.length >= max) break;
        out.push({ path: [...path, k], value: (v as Record<string, unknown>)[k] });
      }
    }
  }
  return out;
}

function setAt(root: { value: unknown }, path: Path, v: unknown): void {
  if (path.length === 0) {
    root.value = v;
    return;
  }
  let cur = root.value as Container;
  for (let i = 0; i < path.length - 1; i++) cur = (cur as Record<string | number, unknown>)[path[i]!] as Container;
  const last = path[path.length - 1]!;
  // defineProperty: "__proto__" must become an own key, as JSON.parse makes it.
  if (Array.isArray(cur) && typeof last === 'number') cur[last] = v;
  else Object.defineProperty(cur, last, { value: v, enumerable: true, writable: true, configurable: true });
}

function containers(value: unknown): { path: Path; value: Container }[] {
  return collectPaths(value).filter(
    (p): p is { path: Path; value: Container } => p.value !== null && typeof p.value === 'object',
  );
}

const BIDI = ['\u202e', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200f', '\u061c'];
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff',
  '\ufeff',
  '\u202egnp.exe',
  'a'.repeat(300),
  '{{AAD_APP_CLIENT_ID}}',
  '${{X}}',
  'http://',
  'https://[::1',
  'javascript:alert(1)',
  '00000000-0000-0000-0000-000000000000',
  'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '%s%n',
  '\\',
  '"',
  '\n\r\t',
  'é'.repeat(50),
  '😀'.repeat(20),
];

function wrongValueFor(rng: Rng, current: unknown, doc: Doc): unknown {
  const options: (() => unknown)[] = [
    () => null,
    () => rng.pick([0, -1, 1.5, 2 ** 53 + 2, -0, 1e308, 123456789]),
    () => doc.raw(rng.pick(['1e400', '-1e400', '1E-400', '123456789012345678901234567890', '-0.0', '0.1e1'])),
    () => rng.pick([true, false]),
    () => rng.pick(ODD_STRINGS),
    () => [],
    () => ({}),
    () => [null, 1, 'x', {}, []],
    () => ({ id: 1, value: null, type: [], url: {}, resourceAccess: 'x' }),
    () => (typeof current === 'string' ? current.split('') : Array.isArray(current) ? { ...current } : [current]),
  ];
  for (let attempt = 0; attempt < 5; attempt++) {
    const v = rng.pick(options)();
    if (typeof v !== typeof current || Array.isArray(v) !== Array.isArray(current) || v === null) return v;
  }
  return null;
}

function hugeString(rng: Rng, budget: number): string {
  const length = Math.max(100, Math.min(rng.int(10_000, 300_000), budget));
  const unit = rng.pick(['a', 'é', '😀', 'api://x/', '\u202e', '\\u0041', 'eyJ', ' ', '%2F', '/', '=', '.']);
  // A run that ends in something else, then maybe the run's own character again (what a pattern
  // anchored at the end, like /\/+$/, retries from every position of the run).
  const tail = rng.pick(['', '', 'x', `x${unit}`]);
  // \\u0041 is six characters of text standing for one: keep the budget in text characters.
  return unit.repeat(Math.max(1, Math.floor((length - tail.length) / unit.length))) + tail;
}

function hugeArray(rng: Rng, budget: number, sample: unknown): { raw: string; count: number } {
  const count = rng.int(10_000, 30_000);
  const small = ['0', 'null', '""', '{}', '[]', '"x"', 'true'];
  const sampleText = JSON.stringify(sample ?? null) ?? 'null';
  const realistic = sampleText.length > 0 && sampleText.length < 400 && (sampleText.length + 1) * count <= budget;
  const element = realistic && rng.bool(0.6) ? sampleText : rng.pick(small);
  const fit = Math.max(10, Math.min(count, Math.floor(budget / (element.length + 1))));
  return { raw: `[${new Array(fit).fill(element).join(',')}]`, count: fit };
}

function deepRaw(rng: Rng, budget: number, inner: string): { raw: string; depth: number } {
  const styles: [open: string, close: string][] = [
    ['[', ']'],
    ['{"a":', '}'],
    ['[{"id":', '}]'],
    ['[', ''],
  ];
  const style = rng.int(0, styles.length - 1);
  const [open, close] = styles[style]!;
  // Thousands of levels, as far as the budget allows.
  const depth = Math.max(10, Math.min(rng.int(500, 6000), Math.floor((budget - 2000) / (open.length + close.length))));
  // The last style is unbalanced: opened, never closed.
  return { raw: `${open.repeat(depth)}${inner}${close.repeat(depth)}`, depth };
}

// ---------------------------------------------------------------------------------------------
// Mutators

export interface MutationContext {
  readonly rng: Rng;
  /** The largest input to make, in characters. */
  readonly budget: number;
}

/** A mutation of a JSON document (value-level with raw splices). Returns its kind label. */
type DocMutator = (doc: Doc, m: MutationContext) => string | undefined;
/** A mutation of text. */
type TextMutator = (text: string, m: MutationContext) => { text: string; kind: string } | undefined;

export const docMutators: Record<string, DocMutator> = {
  wrongType(doc, { rng }) {
    const paths = collectPaths(doc.value);
    const target = rng.pick(paths);
    setAt(doc, target.path, wrongValueFor(rng, target.value, doc));
    return `wrongType@${target.path.join('.') || '(root)'}`;
  },
  wrongTypeEverywhere(doc, { rng }) {
    // Every value under one container gets a wrong type at once.
    const list = containers(doc.value);
    if (list.length === 0) return undefined;
    const c = rng.pick(list);
    for (const p of collectPaths(c.value, 400).slice(1)) {
      if (p.path.length === 1) setAt(doc, [...c.path, ...p.path], wrongValueFor(rng, p.value, doc));
    }
    return `wrongTypeEverywhere@${c.path.join('.') || '(root)'}`;
  },
  hugeString(doc, { rng, budget }) {
    const strings = collectPaths(doc.value).filter((p) => typeof p.value === 'string');
    const s = hugeString(rng, budget);
    const target = strings.length > 0 ? rng.pick(strings) : { path: [] as Path };
    setAt(doc, target.path, s);
    return `hugeString(${s.length})@${target.path.join('.') || '(root)'}`;
  },
  hugeArray(doc, { rng, budget }) {
    const arrays = collectPaths(doc.value).filter((p) => Array.isArray(p.value));
    const anyPath = rng.pick(collectPaths(doc.value));
    const target = arrays.length > 0 && rng.bool(0.8) ? rng.pick(arrays) : anyPath;
    const sample = Array.isArray(target.value) ? target.value[0] : target.value;
    const { raw, count } = hugeArray(rng, budget, sample);
    setAt(doc, target.path, doc.raw(raw));
    return `hugeArray(${count})@${target.path.join('.') || '(root)'}`;
  },
  deepNesting(doc, { rng, budget }) {
    const target = rng.pick(collectPaths(doc.value));
    const { raw, depth } = deepRaw(rng, budget, JSON.stringify(rng.pick(['x', 1, null, 'https://a.example'])));
    setAt(doc, target.path, doc.raw(raw));
    return `deepNesting(${depth})@${target.path.join('.') || '(root)'}`;
  },
  duplicateKey(doc, { rng }) {
    const objects = containers(doc.value).filter((c) => !Array.isArray(c.value));
    if (objects.length === 0) return undefined;
    const o = rng.pick(objects);
    const keys = Object.keys(o.value);
    const key =
      keys.length > 0 && rng.bool(0.8) ? rng.pick(keys) : rng.pick(['id', 'appId', 'signInAudience', 'value']);
    const value = JSON.stringify(wrongValueFor(rng, (o.value as Record<string, unknown>)[key], doc)) ?? 'null';
    setAt(doc, [...o.path, doc.rawMember(`${JSON.stringify(key)}: ${value}`)], null);
    return `duplicateKey(${key})@${o.path.join('.') || '(root)'}`;
  },
  protoKeys(doc, { rng }) {
    const objects = containers(doc.value).filter((c) => !Array.isArray(c.value));
    if (objects.length === 0) return undefined;
    const o = rng.pick(objects);
    const key = rng.pick(POLLUTION_KEYS);
    const payloads: [string, string][] = [
      ['__proto__', `{"${key}": "yes", "toString": 1, "length": 99}`],
      ['constructor', `{"prototype": {"${key}": "yes"}, "name": "x"}`],
      ['prototype', `{"${key}": "yes"}`],
      ['__proto__', `[{"${key}": "yes"}]`],
      ['__proto__', 'null'],
      ['hasOwnProperty', '"not a function"'],
      ['toString', '{}'],
    ];
    const [k, v] = rng.pick(payloads);
    setAt(doc, [...o.path, doc.rawMember(`${JSON.stringify(k)}: ${v}`)], null);
    return `protoKey(${k})@${o.path.join('.') || '(root)'}`;
  },
  oddStrings(doc, { rng }) {
    const strings = collectPaths(doc.value).filter((p) => typeof p.value === 'string');
    if (strings.length === 0) return undefined;
    for (let i = 0; i < rng.int(1, 4); i++) {
      const t = rng.pick(strings);
      const s = t.value as string;
      const odd = rng.bool() ? rng.pick(BIDI) : rng.pick(ODD_STRINGS);
      const at = rng.int(0, s.length);
      setAt(doc, t.path, s.slice(0, at) + odd + s.slice(at));
    }
    return 'oddStrings';
  },
  dropKeys(doc, { rng }) {
    const objects = containers(doc.value).filter((c) => !Array.isArray(c.value) && Object.keys(c.value).length > 0);
    if (objects.length === 0) return undefined;
    const o = rng.pick(objects).value as Record<string, unknown>;
    const k = rng.pick(Object.keys(o));
    delete o[k];
    return `dropKey(${k})`;
  },
};

export const textMutators: Record<string, TextMutator> = {
  byteFlips(text, { rng }) {
    if (text.length === 0) return undefined;
    const chars = [
      '{',
      '}',
      '[',
      ']',
      '"',
      ',',
      ':',
      '\\',
      '\u0000',
      '\n',
      '/',
      '*',
      'é',
      '\ud83d',
      '.',
      '=',
      '+',
      '-',
      'e',
      '0',
      ' ',
    ];
    let out = text;
    const n = rng.int(1, 8);
    for (let i = 0; i < n; i++) {
      const at = rng.int(0, out.length - 1);
      const c = rng.bool(0.5) ? rng.pick(chars) : String.fromCharCode(out.charCodeAt(at) ^ (1 << rng.int(0, 7)));
      out = out.slice(0, at) + c + out.slice(at + 1);
    }
    return { text: out, kind: `byteFlips(${n})` };
  },
  truncate(text, { rng }) {
    if (text.length < 2) return undefined;
    const at = rng.int(0, text.length - 1);
    return { text: text.slice(0, at), kind: `truncate(${at}/${text.length})` };
  },
  bidi(text, { rng }) {
    let out = text;
    for (let i = 0; i < rng.int(1, 5); i++) {
      const at = rng.int(0, out.length);
      out = out.slice(0, at) + rng.pick(BIDI) + out.slice(at);
    }
    return { text: out, kind: 'bidiChars' };
  },
  bom(text, { rng }) {
    return {
      text: `${rng.pick(['\ufeff', '\ufeff\ufeff', '\u0000', ' \n'])}${text}${rng.pick(['', '\n', '\u0000', ',', '}'])}`,
      kind: 'bomAndEdges',
    };
  },
};

// Token-specific mutators on the compact form and on header/payload.

interface TokenParts {
  headerText: string;
  payloadText: string;
  signature: string;
}

function splitToken(text: string): { prefix: string; parts: TokenParts; suffix: string } | undefined {
  const m = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/.exec(text);
  if (!m) return undefined;
  const [h, p, s] = m[0].split('.') as [string, string, string];
  const headerText = Buffer.from(h, 'base64url').toString('utf8');
  const payloadText = Buffer.from(p, 'base64url').toString('utf8');
  try {
    JSON.parse(headerText);
    JSON.parse(payloadText);
  } catch {
    return undefined;
  }
  return {
    prefix: text.slice(0, m.index),
    parts: { headerText, payloadText, signature: s },
    suffix: text.slice(m.index + m[0].length),
  };
}

/** The JSON object of a header or payload text, or undefined when an earlier mutation broke it. */
function objectOf(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const joinToken = (p: TokenParts): string => `${b64(p.headerText)}.${b64(p.payloadText)}.${p.signature}`;

const HEADER_KEYS = ['alg', 'typ', 'kid', 'x5t', 'nonce', 'enc', 'cty', 'crit', 'jku', 'x5c', 'zip'];
const WEIRD_HEADERS: (() => Record<string, unknown>)[] = [
  () => ({ alg: 'none' }),
  () => ({ alg: 'none', typ: 'JWT' }),
  () => ({ alg: { name: 'RS256' }, kid: ['a', 'b'] }),
  () => ({ alg: 256, typ: null }),
  () => ({ alg: 'HS256', kid: { nested: { deeper: ['x'] } } }),
  () => ({ alg: 'RS256', nonce: 'AQABAAAAAAD--DLA3VO7QrddgJg7WevrlnPM' }),
  () => ({ alg: 'RS256', nonce: { a: 1 } }),
  () => ({ alg: 'RSA-OAEP', enc: 'A256GCM' }),
  () => ({ alg: 'RS256', crit: ['exp', 'b64'], b64: false }),
  () => ({
    alg: 'RS256',
    x5c: ['MIIC', 1, null],
    jku: 'http://attacker.example/keys',
    jwk: { kty: 'RSA', n: 'x', e: 'AQAB' },
  }),
  () => ({}),
  () => ({ alg: '', typ: '', kid: '' }),
  () => ({ alg: 'RS256\u202e', typ: 'at+jwt', kid: '\u0000' }),
  () => ({ alg: 'ES256K', typ: 'JWT', zip: 'DEF' }),
];

const CLAIMS = [
  'aud',
  'iss',
  'iat',
  'nbf',
  'exp',
  'azp',
  'appid',
  'appidacr',
  'azpacr',
  'scp',
  'roles',
  'wids',
  'groups',
  'amr',
  'tid',
  'oid',
  'sub',
  'ver',
  'idtyp',
  'name',
  'preferred_username',
  'upn',
  'unique_name',
  'nonce',
  'acr',
  'idp',
  'xms_cc',
  'hasgroups',
  '_claim_names',
  '_claim_sources',
  'cnf',
  'uti',
  'rh',
  'sid',
];

type TokenMutator = (
  t: { prefix: string; parts: TokenParts; suffix: string },
  m: MutationContext,
) => string | undefined;

/** Mutations of a token's JSON (returns the kind); the token is re-encoded afterwards. */
export const tokenJsonMutators: Record<string, TokenMutator> = {
  weirdHeader(t, { rng }) {
    const h = rng.pick(WEIRD_HEADERS)();
    const base = objectOf(t.parts.headerText) ?? {};
    const merged = rng.bool(0.5) ? { ...base, ...h } : h;
    t.parts.headerText = JSON.stringify(merged);
    return `weirdHeader(${Object.keys(h).join(',') || 'empty'})`;
  },
  claimWrongType(t, { rng }) {
    const which = rng.bool(0.8) ? 'payload' : 'header';
    const value = objectOf(which === 'payload' ? t.parts.payloadText : t.parts.headerText);
    if (!value) return undefined;
    const doc = new Doc(value);
    const keys = which === 'payload' ? CLAIMS : HEADER_KEYS;
    const n = rng.int(1, 6);
    for (let i = 0; i < n; i++) {
      const k = rng.pick(keys);
      setAt(doc, [k], wrongValueFor(rng, (doc.value as Record<string, unknown>)[k], doc));
    }
    const text = doc.serialize(0);
    if (which === 'payload') t.parts.payloadText = text;
    else t.parts.headerText = text;
    return `claimWrongType(${which},${n})`;
  },
  claimMutation(t, m) {
    // The manifest document mutators on the payload (or header): huge, deep, duplicate, proto keys.
    const which = m.rng.bool(0.85) ? 'payload' : 'header';
    const value = objectOf(which === 'payload' ? t.parts.payloadText : t.parts.headerText);
    if (!value) return undefined;
    const doc = new Doc(value);
    const name = m.rng.pick([
      'hugeString',
      'hugeArray',
      'deepNesting',
      'duplicateKey',
      'protoKeys',
      'oddStrings',
      'wrongTypeEverywhere',
      'dropKeys',
    ] as const);
    // The token text is base64url: 4/3 of the JSON.
    const kind = docMutators[name]!(doc, { rng: m.rng, budget: Math.floor((m.budget * 3) / 4) - 2000 });
    if (!kind) return undefined;
    const text = doc.serialize(0);
    if (which === 'payload') t.parts.payloadText = text;
    else t.parts.headerText = text;
    return `${which}:${kind}`;
  },
  hugeClaimList(t, { rng, budget }) {
    const claim = rng.pick(['roles', 'groups', 'wids', 'amr', 'scp', 'aud']);
    const count = rng.int(10_000, 30_000);
    const unit = rng.pick(['Role.ReadWrite.All', 'b79fbf4d-3ef9-4689-8143-76b194e85509', 'x', '']);
    const fit = Math.max(10, Math.min(count, Math.floor((budget * 3) / 4 / (unit.length + 3))));
    const payload = objectOf(t.parts.payloadText);
    if (!payload) return undefined;
    payload[claim] = claim === 'scp' ? new Array(fit).fill(unit || 'a').join(' ') : new Array(fit).fill(unit);
    t.parts.payloadText = JSON.stringify(payload);
    return `hugeClaimList(${claim},${fit})`;
  },
  notObject(t, { rng }) {
    const which = rng.bool() ? 'payload' : 'header';
    const text = rng.pick([
      '[]',
      '"claims"',
      '42',
      'null',
      'true',
      '{"a":1',
      '{"a":1}garbage',
      '',
      '\u0000',
      '{"a":1,}',
      '/* c */{}',
    ]);
    if (which === 'payload') t.parts.payloadText = text;
    else t.parts.headerText = text;
    return `notObject(${which})`;
  },
};

/** Mutations of the compact token text (after re-encoding). */
export const tokenTextMutators: Record<string, TextMutator> = {
  badBase64url(text, { rng }) {
    let out = text;
    const n = rng.int(1, 4);
    for (let i = 0; i < n; i++) {
      const at = rng.int(0, out.length);
      out = out.slice(0, at) + rng.pick(['+', '/', '!', ' ', '%', 'é', '\u0000', '~', '$', '"']) + out.slice(at);
    }
    return { text: out, kind: `badBase64url(${n})` };
  },
  padding(text, { rng }) {
    const parts = text.split('.');
    const i = rng.int(0, parts.length - 1);
    parts[i] = `${parts[i] ?? ''}${'='.repeat(rng.int(1, 3))}`;
    return { text: parts.join('.'), kind: `padding(part ${i})` };
  },
  segmentCount(text, { rng }) {
    const parts = text.split('.');
    const variants: [string, () => string[]][] = [
      [
        'jwe5',
        () => [
          b64(JSON.stringify({ alg: rng.pick(['RSA-OAEP', 'dir', 'RSA-OAEP-256']), enc: 'A256GCM', kid: 'k' })),
          'AAAA',
          'BBBB',
          'CCCC',
          'DDDD',
        ],
      ],
      ['jwe5-junk', () => ['eyJhbGciOiJub25lIn0', '', '', '', '']],
      ['jwe5-badheader', () => ['eyJ!!!', 'a', 'b', 'c', 'd']],
      ['two', () => parts.slice(0, 2)],
      ['four', () => [...parts, 'x']],
      ['six', () => [...parts, 'x', 'y', 'z']],
      ['emptyParts', () => parts.map(() => '')],
      ['manyDots', () => [...parts, ...new Array(rng.int(10, 5000)).fill('')]],
    ];
    const [name, make] = rng.pick(variants);
    return { text: make().join('.'), kind: `segments(${name})` };
  },
  eyjRuns(text, { rng, budget }) {
    // Long runs that look like the start of a token but never have the dots.
    // Log-uniform from 300 repetitions to a quarter of the budget's characters: mostly small, sometimes huge.
    const top = Math.max(300, Math.floor(budget / 12));
    const n = Math.round(300 * Math.pow(top / 300, rng.float()));
    const style = rng.int(0, 4);
    let run: string;
    if (style === 0) run = 'eyJ'.repeat(n);
    else if (style === 1) run = `${'eyJ'.repeat(n)} ${text}`;
    else if (style === 2) run = `Bearer x ${'eyJ '.repeat(n)}`;
    else if (style === 3) run = `curl -H "x: ${'eyJa.'.repeat(n)}" `;
    else run = `${'eyJ'.repeat(n)}.${'A'.repeat(n)}`;
    return { text: run.slice(0, budget), kind: `eyjRuns(style ${style},${n})` };
  },
  wrap(text, { rng }) {
    const w = rng.pick([
      (t: string) => `Bearer ${t}`,
      (t: string) => `Authorization: Bearer ${t}`,
      (t: string) => `authorization:bearer\t${t}\r\n`,
      (t: string) => `"'${t}'"`,
      (t: string) => `https://x.example/cb#access_token=${t}&id_token=${t}`,
      (t: string) => `https://x.example/cb?id_token=${encodeURIComponent(t)}#state=1`,
      (t: string) => `#access_token=&id_token=${t}`,
      (t: string) => `log line: token=${t} user=ada`,
      (t: string) => `\u202e${t}\u202c`,
      (t: string) => `${t}\n${t}`,
      (t: string) => `access_token=${'%'.repeat(50)}${t}`,
    ]);
    return { text: w(text), kind: 'wrap' };
  },
};

// ---------------------------------------------------------------------------------------------
// Input generation

export interface FuzzInput {
  readonly target: Target;
  readonly seed: number;
  readonly index: number;
  /** The corpus entry it started from. */
  readonly from: string;
  /** The mutations applied, in order. */
  readonly kinds: string[];
  readonly text: string;
}

export interface GenerateOptions {
  /** Largest input in characters (default 1,000,000). */
  readonly maxBytes?: number;
  readonly corpus?: Corpus;
}

export function generateInput(target: Target, seed: number, index: number, options: GenerateOptions = {}): FuzzInput {
  const corpus = options.corpus ?? loadCorpus();
  const budget = options.maxBytes ?? 1_000_000;
  const rng = new Rng(mix(seed, target, index));
  const m: MutationContext = { rng, budget };
  const from = rng.pick(target === 'lint' ? corpus.manifests : corpus.tokens);
  const kinds: string[] = [];
  let text = target === 'lint' ? mutateManifest(from.text, m, kinds) : mutateToken(from.text, m, kinds);
  if (text.length > budget) {
    text = text.slice(0, budget);
    kinds.push(`cut(${budget})`);
  }
  return { target, seed, index, from: from.name, kinds, text };
}

/**
 * A mutation that cannot apply to what earlier ones made (e.g. JSON.stringify of a value thousands
 * of levels deep) is skipped; the input stays replayable since the PRNG draws stay the same.
 */
function attempt<T>(mutate: () => T): T | undefined {
  try {
    return mutate();
  } catch {
    return undefined;
  }
}

function mutateManifest(seedText: string, m: MutationContext, kinds: string[]): string {
  const { rng } = m;
  let value: unknown;
  try {
    value = JSON.parse(seedText.replace(/^\ufeff/, ''));
  } catch {
    value = undefined; // JSONC or broken: text mutators only
  }
  let text = seedText;
  if (value !== undefined && rng.bool(0.85)) {
    const doc = new Doc(value);
    const names = Object.keys(docMutators);
    const n = rng.int(1, 3);
    for (let i = 0; i < n; i++) {
      const name = rng.pick(names);
      // Big-input mutators share the budget; at most one per input.
      const big = ['hugeString', 'hugeArray', 'deepNesting'].includes(name);
      if (big && kinds.some((k) => /^(hugeString|hugeArray|deepNesting)/.test(k))) continue;
      const kind = attempt(() => docMutators[name]!(doc, m));
      if (kind) kinds.push(kind);
    }
    text = attempt(() => doc.serialize(rng.pick([0, 2, 4]))) ?? text;
  }
  if (kinds.length === 0 || rng.bool(0.3)) {
    const name = rng.pick(Object.keys(textMutators));
    const r = textMutators[name]!(text, m);
    if (r) {
      text = r.text;
      kinds.push(r.kind);
    }
  }
  return text;
}

function mutateToken(seedText: string, m: MutationContext, kinds: string[]): string {
  const { rng } = m;
  const split = splitToken(seedText);
  let text = seedText;
  if (split && rng.bool(0.7)) {
    const names = Object.keys(tokenJsonMutators);
    const n = rng.int(1, 2);
    for (let i = 0; i < n; i++) {
      const kind = attempt(() => tokenJsonMutators[rng.pick(names)]!(split, m));
      if (kind) kinds.push(kind);
    }
    text = split.prefix + joinToken(split.parts) + split.suffix;
  }
  if (kinds.length === 0 || rng.bool(0.4)) {
    const all: Record<string, TextMutator> = {
      ...tokenTextMutators,
      byteFlips: textMutators.byteFlips!,
      truncate: textMutators.truncate!,
      bidi: textMutators.bidi!,
    };
    const name = rng.pick(Object.keys(all));
    const r = all[name]!(text, m);
    if (r) {
      text = r.text;
      kinds.push(r.kind);
    }
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Running inputs

export interface Outcome {
  readonly input: FuzzInput;
  readonly bytes: number;
  readonly ms: number;
  /** An exception that escaped the code under test (first line of its message). */
  readonly exception?: string;
  readonly stack?: string;
  /** Messages of lint `internal-error` findings. */
  readonly internalErrors: string[];
  /** Properties that appeared on a built-in prototype. */
  readonly polluted: string[];
  /** Output format or mode used. */
  readonly mode: string;
  /** Stopped after this many milliseconds without an answer (worker runs only). */
  readonly timedOut?: boolean;
  /** How many inputs the worker had run before this one (worker runs only; 0 for a fresh worker). */
  readonly workerRuns?: number;
}

/** Runs one input; the default runs it in this process. */
export type Executor = (input: FuzzInput) => Promise<Outcome>;

const NOW = '2026-03-01T12:00:00Z';
const prototypes: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];
const baseline = new Map(prototypes.map(([name, proto]) => [name, new Set(Reflect.ownKeys(proto))]));

/** New keys on built-in prototypes (removed again so later inputs start clean), plus `({}).fuzzPolluted`-style checks. */
export function checkPollution(): string[] {
  const found: string[] = [];
  for (const [name, proto] of prototypes) {
    const known = baseline.get(name)!;
    for (const key of Reflect.ownKeys(proto)) {
      if (known.has(key)) continue;
      found.push(`${name}.${String(key)}`);
      delete (proto as Record<string | symbol, unknown>)[key];
    }
  }
  const probe: Record<string, unknown> = {};
  for (const key of POLLUTION_KEYS) if (probe[key] !== undefined) found.push(`({}).${key}`);
  return found;
}

function memoryIo(stdin: string): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: () => Promise.resolve(stdin) },
    out,
    err,
  };
}

function internalErrorsOf(format: string, stdout: string): string[] {
  if (format === 'text')
    return stdout
      .split('\n')
      .filter((l) => / internal-error /.test(l))
      .map((l) => l.slice(l.indexOf(' internal-error ') + 16));
  const parsed = JSON.parse(stdout) as unknown;
  if (format === 'json')
    return (parsed as { ruleId: string; message: string }[])
      .filter((r) => r.ruleId === 'internal-error')
      .map((r) => r.message);
  const results =
    (parsed as { runs: { results: { ruleId: string; message: { text: string } }[] }[] }).runs[0]?.results ?? [];
  return results.filter((r) => r.ruleId === 'internal-error').map((r) => r.message.text);
}

const firstLine = (s: string): string => s.split('\n', 1)[0]!.slice(0, 300);

/** The output format an input is rendered in: lint rotates text/json/sarif, decode text/json. */
export function modeOf(input: FuzzInput): 'text' | 'json' | 'sarif' {
  const lintFormats = ['text', 'json', 'sarif'] as const;
  return input.target === 'lint' ? lintFormats[input.index % 3]! : input.index % 2 === 0 ? 'text' : 'json';
}

/** Runs one input through its target, in process. Never throws. */
export async function runInput(input: FuzzInput): Promise<Outcome> {
  const bytes = Buffer.byteLength(input.text, 'utf8');
  const mode = modeOf(input);
  const { io, out } = memoryIo(input.text);
  let exception: string | undefined;
  let stack: string | undefined;
  let internalErrors: string[] = [];
  const t0 = performance.now();
  // The input's time is the product's (the command, its output written); the fuzzer's own checks
  // of that output (parsing the JSON or SARIF it printed) come after the clock stops.
  let ms: number | undefined;
  try {
    if (input.target === 'lint') {
      const code = await lintCommand.run(['--format', mode, '--now', NOW, '-'], io);
      ms = performance.now() - t0;
      // Empty stdin is a usage error by design (`lint -` says so and exits 2); any other exit 2 is a bug.
      if (code === 2 && input.text.trim() !== '')
        throw new Error('lint exited with code 2 (usage or unreadable input) on stdin input');
      // Exit 2 prints no report (the message goes to stderr), so there is nothing to parse.
      if (code !== 2) internalErrors = internalErrorsOf(mode, out.join(''));
    } else {
      // The CodeLens/hover scan of the editor, then the CLI: extract, decode, analyze, render.
      findJwtCandidates(input.text);
      const code = await decodeCommand.run([...(mode === 'json' ? ['--json'] : []), '--now', NOW, '-'], io);
      ms = performance.now() - t0;
      if (code === 2) throw new Error('decode exited with code 2 (usage or unreadable input) on stdin input');
      if (mode === 'json') JSON.parse(out.join(''));
    }
  } catch (err) {
    ms ??= performance.now() - t0;
    exception = firstLine(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    stack = err instanceof Error ? err.stack : undefined;
  }
  const polluted = checkPollution();
  return {
    input,
    bytes,
    ms,
    internalErrors,
    polluted,
    mode,
    ...(exception !== undefined ? { exception } : {}),
    ...(stack !== undefined ? { stack } : {}),
  };
}

export const failed = (o: Outcome): boolean =>
  o.timedOut === true || o.exception !== undefined || o.internalErrors.length > 0 || o.polluted.length > 0;

export interface FuzzSummary {
  bench: 'fuzz';
  lintInputs: number;
  lintExceptions: number;
  lintInternalErrors: number;
  lintMaxMsUnder1MB: number;
  decodeInputs: number;
  decodeExceptions: number;
  decodeMaxMs: number;
  prototypePolluted: number;
}

export interface RunOptions {
  readonly seed: number;
  readonly iterations: number;
  /** The index of the first input (0 by default): inputs `from` to `from + iterations - 1`. */
  readonly from?: number;
  readonly targets?: readonly Target[];
  readonly maxBytes?: number;
  readonly onOutcome?: (o: Outcome) => void;
  readonly executor?: Executor;
}

/** Generates and runs `iterations` inputs of each target. */
export async function runFuzz(
  options: RunOptions,
): Promise<{ summary: FuzzSummary; failures: Outcome[]; slowest: Outcome[] }> {
  const summary: FuzzSummary = {
    bench: 'fuzz',
    lintInputs: 0,
    lintExceptions: 0,
    lintInternalErrors: 0,
    lintMaxMsUnder1MB: 0,
    decodeInputs: 0,
    decodeExceptions: 0,
    decodeMaxMs: 0,
    prototypePolluted: 0,
  };
  const failures: Outcome[] = [];
  const slowest: Outcome[] = [];
  const corpus = loadCorpus();
  for (const target of options.targets ?? TARGETS) {
    const from = options.from ?? 0;
    for (let i = from; i < from + options.iterations; i++) {
      const input = generateInput(target, options.seed, i, {
        corpus,
        ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
      });
      const o = await (options.executor ?? runInput)(input);
      options.onOutcome?.(o);
      if (target === 'lint') {
        summary.lintInputs++;
        if (o.exception !== undefined) summary.lintExceptions++;
        summary.lintInternalErrors += o.internalErrors.length;
        if (o.bytes < 1_000_000) summary.lintMaxMsUnder1MB = Math.max(summary.lintMaxMsUnder1MB, o.ms);
      } else {
        summary.decodeInputs++;
        if (o.exception !== undefined) summary.decodeExceptions++;
        summary.decodeMaxMs = Math.max(summary.decodeMaxMs, o.ms);
      }
      if (o.polluted.length > 0) summary.prototypePolluted++;
      if (failed(o)) failures.push(o);
      slowest.push(o);
      slowest.sort((a, b) => b.ms - a.ms);
      if (slowest.length > 10) slowest.length = 10;
    }
  }
  summary.lintMaxMsUnder1MB = Math.round(summary.lintMaxMsUnder1MB * 10) / 10;
  summary.decodeMaxMs = Math.round(summary.decodeMaxMs * 10) / 10;
  return { summary, failures, slowest };
}

/** The failure kind of an outcome: what failed and the error's first line without numbers. */
export function failureSignature(o: Outcome): string {
  const what = o.timedOut
    ? 'timeout'
    : (o.exception ?? o.internalErrors[0] ?? `prototype polluted: ${o.polluted.join(', ')}`);
  return `${o.input.target}: ${what.replace(/\d+/g, 'N')}`;
}

/** One line describing an outcome (no token content). */
export function describe(o: Outcome): string {
  const what = o.timedOut
    ? `TIMEOUT (stopped after ${o.ms.toFixed(0)} ms)`
    : o.exception
      ? `exception ${o.exception}`
      : o.internalErrors.length
        ? `internal-error ×${o.internalErrors.length}: ${firstLine(o.internalErrors[0]!)}`
        : o.polluted.length
          ? `polluted ${o.polluted.join(', ')}`
          : 'ok';
  return `${o.input.target} #${o.input.index} [${o.input.kinds.join(' + ')}] from ${o.input.from}, ${o.bytes} bytes, ${o.mode}, ${o.ms.toFixed(1)} ms: ${what}`;
}
