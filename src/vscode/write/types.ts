/** What the write path works with: the explorer it needs, an edit to apply, and how a flow ended. */
import type * as vscode from 'vscode';
import type { PermissionCatalog } from '../../core/manifest/types';
import type { JsonObject, Plan } from '../../core/plan/types';
import type { AppRef, WriteFailure } from '../../io/graph/writes';
import type { TenantConnection } from '../auth/session';

/** What the write path needs from the tenant explorer. */
export interface WriteHost {
  connections(): readonly TenantConnection[];
  /** Re-reads one app for the tree (1 request when its details were loaded) and redraws it. */
  refreshApp(connection: TenantConnection, app: { id: string; appId: string }): Promise<void>;
  /** Lists changed (an app created, deleted or restored): reloads them. */
  refreshLists(connection: TenantConnection): void;
  /** Permission names for a manifest (the tenant's, cached). */
  catalogFor(uri: vscode.Uri): PermissionCatalog | undefined;
}

/** One edit to apply: a manifest (text or object) against an app, with the version it started from. */
export interface EditTarget {
  readonly connection: TenantConnection;
  readonly ref: AppRef;
  readonly desired: string | JsonObject;
  readonly base?: JsonObject;
  readonly document?: vscode.TextDocument;
  /** Names the edit in the confirmation ("Undo", "Add redirect URI"). */
  readonly label?: string;
}

export type FlowStatus =
  'cancelled' | 'noChanges' | 'conflict' | 'blocked' | 'changed' | 'applied' | 'unchanged' | 'failed';

export interface FlowResult {
  readonly status: FlowStatus;
  readonly plan?: Plan;
  readonly failure?: WriteFailure;
  /** Why the sign-in will not be able to write, when it said so before the plan. */
  readonly readOnly?: string;
}

export interface FlowEvents {
  /** A document's base changed (after an apply or "Keep mine"). */
  onBase(document: vscode.TextDocument, base: JsonObject): Promise<void>;
  /** The tenant's value was read for a document that has no base yet. */
  onFirstRead(document: vscode.TextDocument, live: JsonObject): Promise<void>;
}
