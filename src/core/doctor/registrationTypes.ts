// What a registration check reads (the request, the app as Graph returns it, what is known of the
// tenant) and what it reports: findings with the fix and the manifest path where it is made.
import type { LinkedApp } from '../token/linker';
import { type Platform } from './checks/redirect';
import type { SignInRequest } from './extract';
import type { L10nReplacement } from '@vscode/l10n';
import type { Localizer } from '../text/localizer';

export type ManifestPath = readonly (string | number)[];

export interface RegistrationFinding {
  readonly id: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly fix: string;
  /** Where in the manifest (Graph format) the fix is made. */
  readonly path: ManifestPath;
  /** The change to the app registration that makes the fix, when it is one clear edit (see `doctorEdit`). */
  readonly edit?: RegistrationEdit;
}

/** A fix of the app registration, named by what it changes; `doctorEdit` builds it against the live app. */
export type RegistrationEdit =
  | { readonly kind: 'addRedirectUri'; readonly label: string; readonly platform: Platform; readonly uri: string }
  | {
      readonly kind: 'moveRedirectUri';
      readonly label: string;
      readonly from: Platform;
      readonly to: Platform;
      readonly uri: string;
    }
  | {
      readonly kind: 'requestScope';
      readonly label: string;
      readonly resourceAppId: string;
      readonly scopeId: string;
    }
  | { readonly kind: 'allowPublicClientFlows'; readonly label: string };

/** Delegated scopes granted for one resource: for every user (AllPrincipals) or by some users only. */
export interface GrantedScopes {
  readonly tenant: ReadonlySet<string>;
  readonly someUsers: ReadonlySet<string>;
}

/**
 * What the tenant granted the client app (its service principal's oauth2PermissionGrants and app
 * role assignments), keyed by the resource's appId in lower case.
 */
export interface ConsentFacts {
  /** False: the app has no service principal in the tenant, so nobody has consented to it here. */
  readonly servicePrincipal: boolean;
  /** Undefined when the grants could not be read. */
  readonly delegated: ReadonlyMap<string, GrantedScopes> | undefined;
  /** App role ids (lower case) assigned to the client; undefined when they could not be read. */
  readonly application: ReadonlyMap<string, ReadonlySet<string>> | undefined;
}

export interface RegistrationCheck {
  readonly appId: string;
  readonly displayName: string;
  readonly findings: readonly RegistrationFinding[];
  /** What was checked and found right (shown so the user knows what to stop looking at). */
  readonly passed: readonly string[];
}

export interface RegistrationContext {
  /** Resources named by the scopes, by {@link scopeResources} key: the app, or null when the tenant has none. */
  readonly resources?: ReadonlyMap<string, LinkedApp | null>;
  /** The tenant the app is registered in (to tell its own tenant from another in the URL). */
  readonly homeTenant?: { readonly id?: string; readonly domains?: readonly string[] };
  /** The client's actual grants; without them consent is not checked (only what the app requests). */
  readonly consent?: ConsentFacts;
  /** Translates the findings and what passed (default: English). */
  readonly l10n?: Localizer;
}

export type Json = Record<string, unknown>;
export const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const strings = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * What every check reads (the request, the app, what is known of the tenant) and adds to; `l10n`
 * translates what it writes.
 */
export interface CheckInput<Value = L10nReplacement> {
  readonly req: SignInRequest;
  readonly app: Json;
  readonly ctx: RegistrationContext;
  readonly findings: RegistrationFinding[];
  readonly passed: string[];
  readonly l10n: Localizer<Value>;
}
