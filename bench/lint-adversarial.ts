// `npm run bench:lint-adversarial`: lint time of hostile inputs below 1 MB (deep nesting, arrays of
// tens of thousands of entries, long strings), strict JSON and JSONC. Every input should lint in
// well under 50 ms; the slowest are listed first. Prints one line per input and, last, a JSON
// summary {"bench":"lint-adversarial","maxMs":…,"slowest":…,"maxCpuMs":…} (maxMs: the slowest median wall
// time below 1 MB; cpu: the process's CPU time, steadier on a shared machine). Arguments: label
// substrings to run only some inputs. No assertion: numbers only.
import { lintManifest } from '../src/core/manifest/lint';

const MAX_BYTES = 1_000_000;

const guid = (i: number): string =>
  `${(0x10000000 + i).toString(16)}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/** Repeats a generator until the JSON text would pass `MAX_BYTES`. */
function fill<T>(make: (i: number) => T, wrap: (items: T[]) => unknown, limit = 30_000): T[] {
  const items: T[] = [];
  for (let i = 0; i < limit; i++) {
    items.push(make(i));
    if (i % 1000 === 999 && JSON.stringify(wrap(items), null, 1).length > MAX_BYTES * 0.9) break;
  }
  while (JSON.stringify(wrap(items), null, 1).length >= MAX_BYTES * 0.98)
    items.length = Math.floor(items.length * 0.95);
  return items;
}

function nested(depth: number, extra: Record<string, unknown>): string {
  const head = JSON.stringify({
    signInAudience: 'AzureADMyOrg',
    requiredResourceAccess: [],
    passwordCredentials: [{ secretText: 'not-a-real-secret' }],
    ...extra,
  });
  return head.slice(0, -1) + ',"tags":' + '['.repeat(depth) + ']'.repeat(depth) + '}';
}

/** Makes a strict text a JSONC one (a comment and a trailing comma), offsets shifted by the comment. */
const jsonc = (text: string): string => '// exported\n' + text.replace(/\}$/, ',}');

function inputs(): [string, string][] {
  const graph = (extra: Record<string, unknown>): Record<string, unknown> => ({
    displayName: 'Contoso',
    signInAudience: 'AzureADMyOrg',
    ...extra,
  });
  const legacy = (extra: Record<string, unknown>): Record<string, unknown> => ({
    name: 'Contoso',
    availableToOtherTenants: false,
    ...extra,
  });
  const list: [string, string][] = [];
  const add = (label: string, value: unknown): void => {
    const text = JSON.stringify(value, null, 1);
    list.push([label, text], [`${label} (jsonc)`, jsonc(text)]);
  };
  add(
    '30k web redirect URIs',
    graph({
      requiredResourceAccess: [],
      web: {
        redirectUris: fill(
          (i) => `https://app${i}.contoso.com/cb`,
          (x) => ({ web: { redirectUris: x } }),
        ),
      },
    }),
  );
  // Every entry breaks the schema (allErrors makes an error per entry; the lists are past Entra's limits).
  add(
    '30k permissions, type in the wrong case',
    graph({
      requiredResourceAccess: [
        {
          resourceAppId: '00000002-0000-0ff1-ce00-000000000000',
          resourceAccess: fill(
            (i) => ({ id: guid(i), type: 'scope' }),
            (x) => ({ displayName: 'Contoso', requiredResourceAccess: [{ resourceAppId: '', resourceAccess: x }] }),
          ),
        },
      ],
    }),
  );
  add(
    '30k redirect URIs with a space',
    graph({
      requiredResourceAccess: [],
      web: {
        redirectUris: fill(
          (i) => `https://app${i}.contoso.com/sign in`,
          (x) => ({ web: { redirectUris: x } }),
        ),
      },
    }),
  );
  add(
    '30k duplicate redirect URIs',
    graph({
      requiredResourceAccess: [],
      web: {
        redirectUris: fill(
          () => 'https://contoso.com/cb',
          (x) => ({ web: { redirectUris: x } }),
        ),
      },
    }),
  );
  add(
    '30k spa+web same URIs',
    graph({
      requiredResourceAccess: [],
      web: {
        redirectUris: fill(
          (i) => `https://a${i}.c.com`,
          (x) => ({ a: x, b: x }),
          15_000,
        ),
      },
      spa: {
        redirectUris: fill(
          (i) => `https://a${i}.c.com`,
          (x) => ({ a: x, b: x }),
          15_000,
        ),
      },
    }),
  );
  add(
    '30k legacy replyUrlsWithType',
    legacy({
      requiredResourceAccess: [],
      replyUrlsWithType: fill(
        (i) => ({ url: `https://a${i}.c.com`, type: 'Web' }),
        (x) => x,
      ),
    }),
  );
  add(
    '30k legacy replyUrls',
    legacy({
      requiredResourceAccess: [],
      replyUrls: fill(
        (i) => `https://a${i}.c.com`,
        (x) => x,
      ),
    }),
  );
  add(
    '30k requiredResourceAccess entries',
    graph({
      requiredResourceAccess: fill(
        (i) => ({ resourceAppId: guid(i), resourceAccess: [] }),
        (x) => x,
      ),
    }),
  );
  add(
    '30k same-resource entries',
    graph({
      requiredResourceAccess: fill(
        () => ({ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [] }),
        (x) => x,
      ),
    }),
  );
  add(
    '30k resourceAccess ids',
    graph({
      requiredResourceAccess: [
        {
          resourceAppId: '00000003-0000-0000-c000-000000000000',
          resourceAccess: fill(
            (i) => ({ id: guid(i), type: 'Scope' }),
            (x) => x,
          ),
        },
      ],
    }),
  );
  add(
    '30k scopes',
    graph({
      requiredResourceAccess: [],
      api: {
        oauth2PermissionScopes: fill(
          (i) => ({ id: guid(i), value: `S${i}.Read`, type: 'User', isEnabled: true }),
          (x) => x,
        ),
      },
    }),
  );
  add(
    '30k scopes, same value',
    graph({
      requiredResourceAccess: [],
      api: {
        oauth2PermissionScopes: fill(
          (i) => ({ id: guid(i), value: 'S.Read', type: 'User', isEnabled: true }),
          (x) => x,
        ),
      },
    }),
  );
  add(
    '30k legacy oauth2Permissions',
    legacy({
      requiredResourceAccess: [],
      oauth2Permissions: fill(
        (i) => ({ id: guid(i), value: `S${i}.Read`, type: 'User', isEnabled: true }),
        (x) => x,
      ),
    }),
  );
  add(
    '30k app roles',
    graph({
      requiredResourceAccess: [],
      appRoles: fill(
        (i) => ({ id: guid(i), value: `R${i}`, allowedMemberTypes: ['User'], isEnabled: true }),
        (x) => x,
      ),
    }),
  );
  add(
    '30k preauthorized apps',
    graph({
      requiredResourceAccess: [],
      api: {
        preAuthorizedApplications: fill(
          (i) => ({ appId: guid(i), delegatedPermissionIds: [guid(1)] }),
          (x) => x,
        ),
      },
    }),
  );
  add(
    '30k known clients',
    graph({
      requiredResourceAccess: [],
      api: {
        knownClientApplications: fill(
          (i) => guid(i),
          (x) => x,
        ),
      },
    }),
  );
  add(
    '30k identifier URIs',
    graph({
      requiredResourceAccess: [],
      identifierUris: fill(
        (i) => `api://a${i}`,
        (x) => x,
      ),
    }),
  );
  add(
    '30k tags',
    graph({
      requiredResourceAccess: [],
      tags: fill(
        (i) => `t${i % 100}`,
        (x) => x,
      ),
    }),
  );
  add(
    '30k optional claims',
    graph({
      requiredResourceAccess: [],
      optionalClaims: {
        idToken: fill(
          (i) => ({ name: i % 2 ? 'email' : 'groups' }),
          (x) => x,
        ),
      },
    }),
  );
  add(
    '30k password credentials',
    graph({
      requiredResourceAccess: [],
      passwordCredentials: fill(
        (i) => ({ endDateTime: '2020-01-01T00:00:00Z', secretText: `s${i}` }),
        (x) => x,
      ),
    }),
  );
  add(
    '30k unknown keys',
    graph({
      requiredResourceAccess: [],
      ...Object.fromEntries(
        fill(
          (i) => [`k${i}`, 1],
          (x) => Object.fromEntries(x as [string, number][]),
        ),
      ),
    }),
  );
  add('long display name', graph({ requiredResourceAccess: [], displayName: 'x'.repeat(900_000) }));
  add(
    'long redirect URI',
    graph({ requiredResourceAccess: [], web: { redirectUris: [`https://c.com/${'a'.repeat(900_000)}`] } }),
  );
  add(
    'long scope value',
    graph({
      requiredResourceAccess: [],
      api: { oauth2PermissionScopes: [{ id: guid(1), value: 'a b'.repeat(300_000), type: 'User' }] },
    }),
  );
  add(
    'App ID URI of slashes ending in a slash',
    graph({ requiredResourceAccess: [], identifierUris: [`api://${'/'.repeat(400_000)}x/`] }),
  );
  add(
    'long sign-in audience',
    graph({
      requiredResourceAccess: [],
      signInAudience: `AzureADMyOrg${'x'.repeat(450_000)}`,
      samlMetadataUrl: 'https://c.com/saml',
      groupMembershipClaims: 'All',
      api: { acceptMappedClaims: true },
    }),
  );
  add(
    'long legacy url with type',
    legacy({
      requiredResourceAccess: [],
      replyUrlsWithType: [{ url: `https://c.com/${'a'.repeat(900_000)}`, type: {} }],
    }),
  );
  for (const depth of [300, 2_500, 5_000, 50_000]) {
    list.push([`nesting ${depth}`, nested(depth, {})], [`nesting ${depth} (jsonc)`, jsonc(nested(depth, {}))]);
    list.push(
      [`legacy nesting ${depth}`, nested(depth, { name: 'x', replyUrls: ['https://a.com'] })],
      [`legacy nesting ${depth} (jsonc)`, jsonc(nested(depth, { name: 'x', replyUrls: ['https://a.com'] }))],
    );
  }
  // Legacy keys nested in objects, in a legacy file (the conversion fix used to be built eagerly).
  let obj: unknown = 1;
  for (let i = 0; i < 240; i++) obj = { name: 'x', replyUrls: ['https://a.com'], o: obj };
  add('legacy objects nested 240 deep', legacy({ requiredResourceAccess: [], info: obj }));
  return list.filter(([, text]) => text.length < MAX_BYTES);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function main(): void {
  const now = new Date('2025-01-01T00:00:00Z');
  // Optional arguments: substrings of the labels to run (e.g. `-- "identifier URIs"`).
  const only = process.argv.slice(2);
  const rows: { label: string; bytes: number; ms: number; cpuMs: number; problems: number }[] = [];
  for (const [label, text] of inputs()) {
    if (only.length > 0 && !only.some((o) => label.includes(o))) continue;
    const times: number[] = [];
    const cpu: number[] = [];
    let problems = 0;
    // Each input starts from a collected heap (run-bench passes --expose-gc), not the last one's garbage.
    (globalThis as { gc?: () => void }).gc?.();
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      problems = lintManifest(text, { now }).problems.length;
      const used = process.cpuUsage(cpuStarted);
      times.push(performance.now() - started);
      cpu.push((used.user + used.system) / 1000);
    }
    rows.push({ label, bytes: text.length, ms: median(times), cpuMs: median(cpu), problems });
  }
  rows.sort((a, b) => b.ms - a.ms);
  console.log('  median   cpu med      size  findings  input');
  for (const r of rows)
    console.log(
      `${r.ms.toFixed(1).padStart(8)} ms ${r.cpuMs.toFixed(1).padStart(6)} ms ${String(r.bytes).padStart(7)} B  ${String(r.problems).padStart(6)}  ${r.label}`,
    );
  const slowest = rows[0];
  if (!slowest) return;
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  // Every input is below 1 MB (inputs() drops the others): maxMs is the slowest median below 1 MB.
  console.log(
    JSON.stringify({
      bench: 'lint-adversarial',
      maxMs: round(slowest.ms),
      slowest: slowest.label,
      maxCpuMs: round(Math.max(...rows.map((r) => r.cpuMs))),
      limitBytes: MAX_BYTES,
      inputs: rows.length,
    }),
  );
}

main();
