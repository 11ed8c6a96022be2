// Benchmark: our decode + explain versus jose.decodeJwt alone, and verification with cached keys,
// side by side in one run over realistic v1/v2 tokens signed with a locally generated RSA key.
// Last line: {"bench":"decode","decodeUs":…,"joseUs":…,"ratio":…,"verifyUs":…}
import { analyzeToken } from '../src/core/token/analyze';
import { decodeToken } from '../src/core/token/decode';
import { KeyCache, verifyToken } from '../src/core/token/verify';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const API = 'ceeda2c6-400f-42b3-b18d-cccfc996386f';
const CLIENT = 'b0c47f29-3c57-4042-933f-a7d546bae387';
const now = Math.floor(Date.now() / 1000);
const times = { iat: now - 300, nbf: now - 300, exp: now + 4200 };

const payloads: Record<string, unknown>[] = [
  // v2 delegated access token
  {
    aud: API,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    ...times,
    aio: 'ATQAy/8TAAAAEX6KSJkF9NhAC/SWWXVMqOT3g4fWGgjKFDZ4kjiDonNVV6p9YMQLi1jUwGXFZrZZ',
    azp: CLIENT,
    azpacr: '0',
    name: 'Ada Lovelace',
    oid: '2a61c4c3-ecf9-49eb-b717-6673fffd892d',
    preferred_username: 'ada@contoso.example',
    rh: '0.AQEAv4j5cvGGr0GRqy180BHbRyl_xLBXPEJAkz-n1Ua644caAJQ.',
    roles: ['Accounts.Read.Team'],
    scp: 'Crm.Read.Team Sales.ReadWrite.Team',
    sub: '4HTUqBmeAAQVkfkmM0pTmTxwB4dp7HLkqJ4RaqoowTM',
    tid: TENANT,
    uti: 'aUBLYHCAZk2dOK5mpGg-AA',
    ver: '2.0',
  },
  // v1 delegated access token with the v1 default user claims
  {
    aud: 'api://crm.contoso.example',
    iss: `https://sts.windows.net/${TENANT}/`,
    ...times,
    acr: '1',
    aio: 'AXQAi/8IAAAAFm+E/QTG+gFnVxLjWdw8K+61AGrSOuMMF6ebaMj7XO3IbmD3fGmrOyD+NvZyGn2VaT',
    amr: ['pwd', 'mfa'],
    appid: CLIENT,
    appidacr: '1',
    family_name: 'Lovelace',
    given_name: 'Ada',
    ipaddr: '203.0.113.7',
    name: 'Ada Lovelace',
    oid: '02223b6b-aa1d-42d4-9ec0-1b2bb9194438',
    rh: 'I',
    scp: 'user_impersonation',
    sub: 'l3_roISQU222bULS9yi2k0XpqpOiMz5H3ZACo1GeXA',
    tid: TENANT,
    unique_name: 'ada@contoso.example',
    upn: 'ada@contoso.example',
    uti: 'FVsGxYXI30-TuikuuUoFAA',
    ver: '1.0',
    wids: ['b79fbf4d-3ef9-4689-8143-76b194e85509'],
  },
  // v1 app-only token
  {
    aud: API,
    iss: `https://sts.windows.net/${TENANT}/`,
    ...times,
    aio: 'E2ZgYDimLpH0M+yA996g3mfTQyX7AA==',
    appid: CLIENT,
    appidacr: '1',
    idp: `https://sts.windows.net/${TENANT}/`,
    idtyp: 'app',
    oid: '3854bb08-3c2c-4b57-95fc-24e078d38685',
    rh: '0.AVwAPzFitvwUokOaetLif080eAMAAAAAAAAAwAAAAAAAAABcAAA.',
    roles: ['Accounts.Read.All', 'Contacts.Read.All', 'Proposals.ReadWrite.All'],
    sub: '3854bb08-3c2c-4b57-95fc-24e078d38685',
    tid: TENANT,
    uti: '7EY2ZuWWbEaQtOzbUYp9AA',
    ver: '1.0',
  },
  // v2 ID token
  {
    aud: CLIENT,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    ...times,
    aio: 'AWQAm/8TAAAAFbMANOxXrvsUNOwh+TX0gRI9Bf4n+vTFeBx3ElKhWrz+25DHREdVT8mDc3xlng6oXQ9s',
    name: 'Ada Lovelace',
    nonce: 'b5f6723f-9473-4f22-9ef6-d50596392eec',
    oid: '18fdacc2-8d1a-4338-85c8-00265fb65ef6',
    preferred_username: 'ada@contoso.example',
    rh: 'I',
    sid: 'dcb04862-f956-4301-b3fc-0fd38fa5be7f',
    sub: 'aNN11PsiCMceeamuf3VGAOzG7ANcZOuNH4cK1aiYnug',
    tid: TENANT,
    uti: 'G3JCEwe4o0eHRYpsF4oSAA',
    ver: '2.0',
  },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median microseconds per call over `samples` batches of `inner` passes over all tokens. */
function timeSync(label: string, tokens: string[], fn: (t: string) => unknown, samples = 60, inner = 200): number {
  for (let i = 0; i < 2000; i++) fn(tokens[i % tokens.length]!); // warm-up
  const per: number[] = [];
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < inner; i++) for (const t of tokens) fn(t);
    per.push(Number(process.hrtime.bigint() - start) / 1000 / (inner * tokens.length));
  }
  const m = median(per);
  console.log(
    `${label.padEnd(34)} ${m.toFixed(2).padStart(8)} µs/token (median of ${samples} × ${inner * tokens.length})`,
  );
  return m;
}

async function timeAsync(
  label: string,
  tokens: string[],
  fn: (t: string) => Promise<unknown>,
  samples = 30,
  inner = 20,
): Promise<number> {
  for (let i = 0; i < 200; i++) await fn(tokens[i % tokens.length]!);
  const per: number[] = [];
  for (let s = 0; s < samples; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < inner; i++) for (const t of tokens) await fn(t);
    per.push(Number(process.hrtime.bigint() - start) / 1000 / (inner * tokens.length));
  }
  const m = median(per);
  console.log(
    `${label.padEnd(34)} ${m.toFixed(2).padStart(8)} µs/token (median of ${samples} × ${inner * tokens.length})`,
  );
  return m;
}

async function main(): Promise<void> {
  const jose = await import('jose');
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256');
  const kid = 'bench-key';
  const jwk = { ...(await jose.exportJWK(publicKey)), kid, use: 'sig' };
  const tokens = await Promise.all(
    payloads.map((p) => new jose.SignJWT(p).setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid }).sign(privateKey)),
  );
  console.log(
    `tokens: ${tokens.length} (v2 delegated, v1 delegated, v1 app-only, v2 ID), ${Math.round(tokens.reduce((n, t) => n + t.length, 0) / tokens.length)} chars on average`,
  );

  // Sanity: every token decodes and explains, so we time real work.
  for (const t of tokens) {
    const d = decodeToken(t);
    if (!d.ok) throw new Error(d.error.message);
    if (analyzeToken(d.token).claims.length < 10) throw new Error('too few claims');
  }
  const nowMs = Date.now();
  const decodeUs = timeSync('decodeToken + analyzeToken', tokens, (t) => {
    const d = decodeToken(t);
    return d.ok ? analyzeToken(d.token, { now: nowMs }) : d;
  });
  const joseUs = timeSync('jose.decodeJwt', tokens, (t) => jose.decodeJwt(t));

  const fetchJson = async (url: string): Promise<unknown> =>
    url.endsWith('openid-configuration')
      ? {
          issuer: url.includes('/v2.0/')
            ? 'https://login.microsoftonline.com/{tenantid}/v2.0'
            : 'https://sts.windows.net/{tenantid}/',
          jwks_uri: `https://login.microsoftonline.com/${TENANT}/discovery/keys`,
        }
      : { keys: [jwk] };
  const cache = new KeyCache();
  for (const t of tokens) {
    const v = await verifyToken(t, { fetchJson, cache });
    if (v.status !== 'valid') throw new Error(`verify: ${v.reason}`);
  }
  const verifyUs = await timeAsync('verifyToken (cached keys)', tokens, (t) => verifyToken(t, { fetchJson, cache }));

  const ratio = decodeUs / joseUs;
  console.log(`ratio decode+explain / jose.decodeJwt: ${ratio.toFixed(2)} (target ≤ 3)`);
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  console.log(
    JSON.stringify({
      bench: 'decode',
      decodeUs: r2(decodeUs),
      joseUs: r2(joseUs),
      ratio: r2(ratio),
      verifyUs: r2(verifyUs),
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
