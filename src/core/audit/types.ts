// Shared types of the tenant audit: the snapshot read from Microsoft Graph (plain data, already
// narrowed) and the findings the rules report. Pure: no vscode, no node:*, no network.
import type * as l10n from '@vscode/l10n';
import type { PermissionCatalog, Severity } from '../manifest/types';
import type { Localizer } from '../text/localizer';

export type { Severity };

/** One app registration as the audit listing returned it (the `$select`ed properties). */
export interface AuditApp {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  /** The application object as Graph returned it; rules and the manifest checks read it. */
  readonly json: Readonly<Record<string, unknown>>;
  /** False: no owners. Undefined: owners could not be read. */
  readonly hasOwners: boolean | undefined;
}

export interface AuditServicePrincipal {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly appRoleAssignmentRequired: boolean;
}

/** A delegated permission grant (oAuth2PermissionGrant). */
export interface AuditGrant {
  readonly id: string;
  /** Object id of the client's service principal. */
  readonly clientId: string;
  readonly consentType: string;
  readonly principalId: string | undefined;
  /** Object id of the resource's service principal. */
  readonly resourceId: string;
  readonly scope: string;
}

/** An application permission granted to a service principal (appRoleAssignment). */
export interface AuditAssignment {
  readonly id: string;
  readonly appRoleId: string;
  readonly principalId: string;
  readonly principalType: string | undefined;
  readonly resourceId: string;
}

/** Everything the audit reads from one tenant. */
export interface AuditSnapshot {
  readonly tenantId: string;
  readonly applications: readonly AuditApp[];
  readonly servicePrincipals: readonly AuditServicePrincipal[];
  /** Undefined when grants could not be read (e.g. no Directory.Read.All). */
  readonly grants: readonly AuditGrant[] | undefined;
  /** Role assignments to the resources listed in {@link assignmentsReadFor}. */
  readonly assignments: readonly AuditAssignment[];
  /** Object ids of resource service principals whose assignments were read completely. */
  readonly assignmentsReadFor: readonly string[];
}

/** One finding about one app registration. */
export interface AuditFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  /** Application (client) id. */
  readonly appId: string;
  /** Object id of the application. */
  readonly objectId: string;
  readonly displayName: string;
  /** JSON pointer into the app's manifest (`""` = the whole app). */
  readonly path: string;
  readonly message: string;
}

/** A peer control that checks the same thing in another tool. */
export interface PeerControl {
  readonly tool: 'Zero Trust Assessment' | 'Maester';
  readonly id: string;
  readonly title: string;
  /** True when the peer checks something close to, not the same as, this rule. */
  readonly related?: boolean;
}

export interface AuditOptions {
  /** The clock for credential rules. Default: now. */
  readonly now?: Date;
  /** "Expiring soon" window in days. Default 30. */
  readonly expiringDays?: number;
  /** Longest allowed client secret lifetime in days (policy). Default 180. */
  readonly maxSecretLifetimeDays?: number;
  /** Longest allowed certificate lifetime in days (policy). Default 365. */
  readonly maxCertificateLifetimeDays?: number;
  /** Only these rule ids (tenant and manifest rules). Default: all. */
  readonly rules?: readonly string[];
  /** Run the manifest rules that apply to live apps. Default true. */
  readonly manifestRules?: boolean;
  /** Permission names (Microsoft Graph scopes by id); default the manifest engine's built-in catalogue. */
  readonly catalog?: PermissionCatalog;
  /**
   * Manifest-rule findings already computed per application object id (`manifestFindings`, e.g.
   * while the tenant was read, with the same `now`, `catalog` and `rules`); those apps' manifest
   * rules are not run again.
   */
  readonly precomputed?: ReadonlyMap<string, readonly AuditFinding[]>;
  /** Called every few hundred apps and at the end. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
  /** Translates the tenant rules' findings. Default: English. */
  readonly l10n?: Localizer<l10n.L10nReplacement>;
}

/** Resolved options and lookups shared by every rule of one run. */
export interface AuditContext {
  readonly now: number;
  readonly expiringDays: number;
  readonly maxSecretLifetimeDays: number;
  readonly maxCertificateLifetimeDays: number;
  readonly catalog: PermissionCatalog | undefined;
  readonly snapshot: AuditSnapshot;
  readonly spByAppId: ReadonlyMap<string, AuditServicePrincipal>;
  readonly appByAppId: ReadonlyMap<string, AuditApp>;
  readonly assignmentsByPrincipal: ReadonlyMap<string, readonly AuditAssignment[]>;
  readonly grantsByClient: ReadonlyMap<string, readonly AuditGrant[]> | undefined;
  readonly assignmentsReadFor: ReadonlySet<string>;
  /** Object id of Microsoft Graph's service principal in the tenant, when present. */
  readonly graphSpId: string | undefined;
  /** Translates the findings' messages. */
  readonly l10n: Localizer<l10n.L10nReplacement>;
}

/** What a tenant rule says about itself, in the caller's language. */
export interface AuditRuleTexts {
  /** One line: what is checked. */
  readonly title: string;
  /** Why it matters. */
  readonly risk: string;
  /** What to do. */
  readonly action: string;
}

/** A tenant rule: checks one app with the tenant's context. */
export interface AuditRule {
  readonly id: string;
  readonly severity: Severity;
  /** What is checked, why it matters and what to do. */
  texts(l10n: Localizer<l10n.L10nReplacement>): AuditRuleTexts;
  readonly docs: string;
  readonly peers?: readonly PeerControl[];
  check(app: AuditApp, ctx: AuditContext, report: (path: string, message: string) => void): void;
}
