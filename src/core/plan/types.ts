// Data shapes of the write path's plan: plain JSON in and out, so a plan can be shown, stored,
// sent to a webview or printed by the command line without conversion.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One step of a change's location: a property name, or an array item named by its identity. */
export type PathSegment = string | { readonly key: string; readonly value: string };

/** One change to the application, per property or per collection item. */
export interface Change {
  /** Readable path, e.g. `web.redirectUris` or `api.oauth2PermissionScopes[value=Crm.Read]`. */
  readonly path: string;
  readonly op: 'add' | 'remove' | 'replace';
  /** The tenant's value (undefined for `add`). */
  readonly before?: Json;
  /** The value after the apply (undefined for `remove`). */
  readonly after?: Json;
  /** Plain words: "adds SPA redirect URI https://…", "disables scope Crm.Read". */
  readonly summary: string;
  /** Structured path (for locating the property in the manifest text). */
  readonly segments: readonly PathSegment[];
  /** Offset and length of the changed property in the manifest text, when it is there. */
  readonly range?: { readonly offset: number; readonly length: number };
}

/** A property changed both in the tenant (since the base) and in the edit, differently. */
export interface Conflict {
  readonly path: string;
  readonly base: Json | undefined;
  readonly tenant: Json | undefined;
  readonly mine: Json | undefined;
  readonly segments: readonly PathSegment[];
  readonly range?: { readonly offset: number; readonly length: number };
}

/** A property of the manifest that the plan does not write, and why. */
export interface IgnoredProperty {
  readonly path: string;
  readonly note: string;
}

/** A Graph request of the plan, in the order it is sent. */
export interface PlanRequest {
  readonly method: 'PATCH' | 'POST' | 'DELETE';
  /** Relative to `{graph}/v1.0`, e.g. `/applications/{id}`. */
  readonly url: string;
  readonly body?: JsonObject;
  /** Why this request exists, in plain words. */
  readonly purpose: string;
}

/** A manifest rule error on the result that stops the apply. */
export interface BlockedFinding {
  readonly ruleId: string;
  readonly message: string;
  readonly path: string;
}

/** The whole plan: serialisable (JSON.stringify) as is. */
export interface Plan {
  readonly app: { readonly id: string; readonly appId: string; readonly displayName: string };
  readonly changes: readonly Change[];
  readonly conflicts: readonly Conflict[];
  readonly ignored: readonly IgnoredProperty[];
  /** Writes in order; empty when nothing changed or when the plan has conflicts. */
  readonly requests: readonly PlanRequest[];
  readonly blocked: readonly BlockedFinding[];
  /** The application as it will be after the apply (the tenant's value plus the edit). */
  readonly result: JsonObject;
  /** What the edit started from (undefined: the edit is taken against the tenant's value). */
  readonly base?: JsonObject;
}
