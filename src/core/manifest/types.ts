// Shared types of the manifest engine. Everything here is pure data with offsets into the
// document text; the VS Code adapter turns offsets into positions once, at the edge.
import type { Node as JsonNode } from 'jsonc-parser';
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../text/localizer';

/** The verdict given to a file before any rule runs. */
/**
 * `partial`: a part of an application object (a PATCH or `az ad app update` body, a `$select`
 * response): every rule that applies runs, and nothing is reported as missing.
 */
export type ManifestFormat = 'graph' | 'legacy' | 'teams-template' | 'partial' | 'not-manifest';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A text edit in offsets (jsonc-parser's `Edit` shape). */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly content: string;
}

/** A fix offered for a problem; the adapter turns it into a quick fix. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** Marks the fix VS Code should apply for "Fix all" / auto-fix. */
  readonly preferred?: boolean;
}

/** One finding, anchored by offsets into the document text. */
export interface Problem {
  /** Stable rule id such as `scope-value-charset` or `schema-type` (see the rule registry). */
  readonly ruleId: string;
  readonly severity: Severity;
  /** Says what is wrong and how to fix it. */
  readonly message: string;
  readonly offset: number;
  readonly length: number;
  /** JSON pointer of the node the problem is about (`""` = the document). */
  readonly path: string;
  readonly fixes?: readonly Fix[];
  /** Marks unnecessary or deprecated code (rendered faded / struck through). */
  readonly tags?: readonly ('unnecessary' | 'deprecated')[];
}

/** Names a tenant (or the built-in catalogue) knows, used for hovers and id checks. */
export interface PermissionInfo {
  readonly id: string;
  readonly value: string;
  readonly type: 'Scope' | 'Role';
  readonly displayName?: string;
  readonly description?: string;
  /** Scopes: whether admin consent is required. Roles always require it. */
  readonly adminConsentRequired?: boolean;
  readonly enabled?: boolean;
}

export interface ResourceInfo {
  /** The resource application's appId (`resourceAppId`). */
  readonly appId: string;
  readonly displayName: string;
  readonly scopes: readonly PermissionInfo[];
  readonly roles: readonly PermissionInfo[];
  /** Lookups of `scopes` and `roles`, when the catalogue built them (a StaticPermissionCatalog does). */
  readonly index?: { readonly scopes: PermissionIndex; readonly roles: PermissionIndex };
}

/** Lower-cased id and value lookups of a permission list (the first entry of a key wins, as with a search). */
export interface PermissionIndex {
  readonly byId: ReadonlyMap<string, PermissionInfo>;
  readonly byValue: ReadonlyMap<string, PermissionInfo>;
}

/** Looks up resources by appId or friendly name. `complete` = every permission of that resource is known. */
export interface PermissionCatalog {
  getResource(appIdOrName: string): (ResourceInfo & { readonly complete: boolean }) | undefined;
  resources(): Iterable<ResourceInfo>;
}

/** Everything a rule may look at. Built once per lint run. */
/** Which rule findings the schema's findings of one lint run cover (see RuleContext.schemaCoverage). */
export interface SchemaCoverage {
  /** Whether a schema finding on this range covers a finding of `ruleId` there. */
  covers(ruleId: string, offset: number, length: number): boolean;
  /** The offset of the last schema finding that may cover a finding of `ruleId` (-1 for none). */
  last(ruleId: string): number;
}

export interface RuleContext {
  readonly text: string;
  /** Parsed tree (jsonc-parser, comments and trailing commas allowed); undefined when unparseable. */
  readonly root: JsonNode | undefined;
  /** The plain value of the document (jsonc-parser `getNodeValue(root)`). */
  readonly value: unknown;
  readonly format: ManifestFormat;
  /** signInAudience as written (graph `signInAudience`; legacy falls back to `signInAudience` or `availableToOtherTenants`). */
  readonly signInAudience: string | undefined;
  /** The clock, injectable (CLI `--now`). */
  readonly now: Date;
  readonly catalog: PermissionCatalog | undefined;
  /**
   * For a manifest opened from the tenant: the application as last read from Graph, to detect
   * edits that remove or change an enabled scope or role ("disable first").
   */
  readonly original: unknown;
  /**
   * The offsets of the objects that repeat a key, ascending (or a superset of them), when the parse
   * knows them: a rule that reads a part of a tree made from a plain value (BackedNode) from that
   * value reads the nodes where one of them is (a plain object keeps only the last of repeated
   * keys). Undefined when not known.
   */
  readonly duplicateObjects?: readonly number[];
  /** Finds the node at a JSON path (jsonc-parser `findNodeAtLocation`). */
  nodeAt(path: readonly (string | number)[]): JsonNode | undefined;
  /**
   * A cache shared by every rule of one lint run: the first call with a key computes, later calls
   * reuse (e.g. the list of scope and role definitions that many rules walk).
   */
  readonly memo: <T>(key: string, compute: () => T) => T;
  /**
   * Set by the engine, which lists at most this many findings of a rule: past it, rules may keep
   * findings unbuilt (see Findings in rules/util.ts). Unset: every finding is built.
   */
  readonly findingLimit?: number;
  /**
   * Set by the engine with `findingLimit`: which rule findings the schema's findings cover (the
   * engine drops those, see COVERED_BY_SCHEMA). Unset: any finding may be covered.
   */
  readonly schemaCoverage?: SchemaCoverage;
  /**
   * Translates the findings' texts (messages, fix titles); rules call it only inside the callbacks
   * that build a finding, so findings that are only counted are never translated.
   */
  readonly l10n: Localizer<l10n.L10nReplacement>;
}

/** A semantic rule. `check` returns problems; it must never throw on odd input. */
export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  /** What the rule finds, as a short title (the Audit view's group row). */
  readonly title: (l10n: Localizer<l10n.L10nReplacement>) => string;
  /**
   * What the rule checks, in one line: the README's rule table and SARIF take it in English, the
   * Audit view in the user's language. A function, so that only the texts shown are translated.
   */
  readonly description: (l10n: Localizer<l10n.L10nReplacement>) => string;
  /** Documentation link shown as `Diagnostic.code.target`. */
  readonly docs: string;
  /** Formats the rule applies to. */
  readonly formats: readonly ManifestFormat[];
  check(ctx: RuleContext): Problem[];
}
