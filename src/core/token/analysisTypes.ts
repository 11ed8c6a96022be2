// The shapes of a token analysis (what `analyzeToken` returns and takes).
import type { ApiCatalog } from './catalog';
import type { SignatureStatus } from './protocol';
import type { TrustOptions } from './trust';
import type { Localizer } from '../text/localizer';

export type TokenKind = 'access' | 'id' | 'assertion' | 'unknown';
export type TokenFlow = 'delegated' | 'app-only' | 'unknown';
export type IssuerForm = 'v1' | 'v2' | 'other';
export type ProblemSeverity = 'error' | 'warning' | 'info';

export interface SignatureVerdict {
  readonly status: SignatureStatus;
  readonly reason: string;
  /** Set when the check could not be made for a reason that may pass on a retry (network, timeout, 5xx). */
  readonly retryable?: boolean;
}

export interface ClaimInfo {
  readonly name: string;
  readonly value: unknown;
  readonly explanation: string;
}

export interface TokenProblem {
  /** Stable identifier, e.g. `expired`, `alg-none`, `groups-overage`. */
  readonly code: string;
  readonly severity: ProblemSeverity;
  readonly message: string;
  /** The claim the problem is about, when there is one. */
  readonly claim?: string;
}

export interface TokenClient {
  /** azp (v2) or appid (v1). */
  readonly appId: string | null;
  readonly name: string | null;
  /** How the client authenticated (from azpacr/appidacr), e.g. "client secret". */
  readonly authentication: string | null;
}

export interface TokenUser {
  readonly objectId: string | null;
  /** Pairwise subject: differs for each client app. */
  readonly subject: string | null;
  readonly username: string | null;
  readonly name: string | null;
}

export interface TokenTenant {
  readonly id: string | null;
  readonly personalAccount: boolean;
  readonly guest: boolean;
  readonly identityProvider: string | null;
}

export interface TokenSummary {
  readonly kind: TokenKind;
  /** Why the kind was chosen, in plain words. */
  readonly kindReason: string;
  readonly version: '1.0' | '2.0' | null;
  readonly flow: TokenFlow;
  readonly flowReason: string;
  readonly audience: string | null;
  /** Name of the audience when the catalogue knows it (e.g. "Microsoft Graph"). */
  readonly audienceName: string | null;
  readonly issuer: string | null;
  readonly issuerForm: IssuerForm;
  readonly tenantId: string | null;
  readonly expiresAt: string | null;
  readonly issuedAt: string | null;
  readonly notBefore: string | null;
  /** "expires in 12 min" / "expired 3 h ago", or null without a numeric exp. */
  readonly expiry: string | null;
  readonly scopes: string[];
  readonly roles: string[];
  readonly client: TokenClient;
  readonly user: TokenUser | null;
  readonly tenant: TokenTenant;
}

export interface TokenAnalysis {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly summary: TokenSummary;
  /** Payload claims in token order with explanations. */
  readonly claims: ClaimInfo[];
  /** Header parameters with explanations. */
  readonly headerClaims: ClaimInfo[];
  readonly problems: TokenProblem[];
  readonly signature: SignatureVerdict;
}

export interface AnalyzeOptions {
  /** The current time (Date or epoch milliseconds); defaults to the real clock. */
  readonly now?: Date | number;
  readonly catalog?: ApiCatalog;
  /** Tolerance for exp/nbf checks; 300 s like Microsoft.IdentityModel. */
  readonly clockSkewSeconds?: number;
  /** The configured cloud, authority and explicitly trusted issuers: a trusted issuer gets no `issuer-untrusted`. */
  readonly trust?: TrustOptions;
  /**
   * The language of the texts (reasons, problems, claim meanings): `vscode.l10n` on the host,
   * `@vscode/l10n` in the command line; English by default. Codes and values are never translated.
   */
  readonly l10n?: Localizer;
}
