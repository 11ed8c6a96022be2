// What an explanation of a token shows, as data: the title, the summary facts in order (each with
// its kind), the claim and header tables (cut at the display limit, with the number left out; time
// claims with their instant) and the problems. The command line (src/cli/decode.ts) and the token
// panel (src/vscode/token/html.ts) render this one model: they choose words and markup, not content.
import { DISPLAY_LIMITS } from '../text/boundedJson';
import type {
  ClaimInfo,
  IssuerForm,
  SignatureVerdict,
  TokenAnalysis,
  TokenFlow,
  TokenKind,
  TokenProblem,
  TokenUser,
} from './analysisTypes';

/** Claims whose numeric value is an instant (epoch seconds). */
const TIME_CLAIMS: ReadonlySet<string> = new Set(['exp', 'nbf', 'iat', 'auth_time']);

/** The largest instant a Date can hold, in milliseconds. */
const MAX_DATE_MS = 8.64e15;

export interface ExplainedClaim {
  readonly name: string;
  readonly value: unknown;
  readonly explanation: string;
  /** A time claim's instant in epoch milliseconds (a finite number of seconds in the token). */
  readonly instant?: number;
  /** The instant in ISO 8601 UTC without milliseconds, when a Date can hold it. */
  readonly iso?: string;
}

/** Rows of a claim table, at most the display limit, and how many were left out. */
export interface ClaimTable {
  readonly rows: readonly ExplainedClaim[];
  readonly omitted: number;
}

/** A note on the tenant: a personal Microsoft account, or a guest (from a named identity provider). */
export type TenantNote = { readonly kind: 'personal' } | { readonly kind: 'guest'; readonly from: string | null };

/** One fact of the summary, in the order the explanation lists them. */
export type SummaryFact =
  | { readonly kind: 'audience'; readonly audience: string | null; readonly name: string | null }
  | {
      readonly kind: 'client';
      readonly appId: string | null;
      readonly name: string | null;
      readonly authentication: string | null;
    }
  | { readonly kind: 'user'; readonly user: TokenUser | null }
  | { readonly kind: 'tenant'; readonly tenantId: string | null; readonly notes: readonly TenantNote[] }
  | { readonly kind: 'issuer'; readonly issuer: string | null; readonly form: IssuerForm }
  | {
      readonly kind: 'issued' | 'validFrom' | 'expires';
      /** ISO 8601 UTC, or null without a numeric claim. */
      readonly iso: string | null;
      /** "expires in 12 min" (expires only). */
      readonly relative: string | null;
    }
  | { readonly kind: 'scopes' | 'roles'; readonly values: readonly string[] };

export type SummaryFactKind = SummaryFact['kind'];

export interface TokenExplanation {
  readonly title: { readonly kind: TokenKind; readonly version: '1.0' | '2.0' | null; readonly flow: TokenFlow };
  /** Why the kind and the flow were chosen, in plain words. */
  readonly kindReason: string;
  readonly flowReason: string;
  readonly facts: readonly SummaryFact[];
  readonly claims: ClaimTable;
  readonly header: ClaimTable;
  readonly problems: readonly TokenProblem[];
  readonly signature: SignatureVerdict;
}

function explainClaim(c: ClaimInfo): ExplainedClaim {
  if (!TIME_CLAIMS.has(c.name) || typeof c.value !== 'number' || !Number.isFinite(c.value)) return c;
  const instant = c.value * 1000;
  // A claim's explanation may be a getter (computed when read): copied by reading it.
  const claim = { name: c.name, value: c.value, explanation: c.explanation };
  if (Math.abs(instant) > MAX_DATE_MS) return { ...claim, instant };
  return { ...claim, instant, iso: new Date(instant).toISOString().replace(/\.000Z$/, 'Z') };
}

function claimTable(claims: readonly ClaimInfo[]): ClaimTable {
  const max = DISPLAY_LIMITS.maxItems;
  return { rows: claims.slice(0, max).map(explainClaim), omitted: Math.max(0, claims.length - max) };
}

/** The explanation of an analysed token (no I/O, no texts of its own beyond the analysis). */
export function explainToken(a: TokenAnalysis): TokenExplanation {
  const s = a.summary;
  const notes: TenantNote[] = [];
  if (s.tenant.personalAccount) notes.push({ kind: 'personal' });
  if (s.tenant.guest) notes.push({ kind: 'guest', from: s.tenant.identityProvider });
  return {
    title: { kind: s.kind, version: s.version, flow: s.flow },
    kindReason: s.kindReason,
    flowReason: s.flowReason,
    facts: [
      { kind: 'audience', audience: s.audience, name: s.audienceName },
      { kind: 'client', appId: s.client.appId, name: s.client.name, authentication: s.client.authentication },
      { kind: 'user', user: s.user },
      { kind: 'tenant', tenantId: s.tenantId, notes },
      { kind: 'issuer', issuer: s.issuer, form: s.issuerForm },
      { kind: 'issued', iso: s.issuedAt, relative: null },
      { kind: 'validFrom', iso: s.notBefore, relative: null },
      { kind: 'expires', iso: s.expiresAt, relative: s.expiry },
      { kind: 'scopes', values: s.scopes },
      { kind: 'roles', values: s.roles },
    ],
    claims: claimTable(a.claims),
    header: claimTable(a.headerClaims),
    problems: a.problems,
    signature: a.signature,
  };
}
