// What the audit feature gives the extension and its tests: results of its commands and progress.
import * as vscode from 'vscode';
import type { AuditFinding } from '../../core/audit/types';
import { type AuditNode, type AuditRun } from './tree';

export interface AuditProgress {
  readonly phase: 'read' | 'check';
  readonly done: number;
  readonly total: number | undefined;
}

/** What `entra.auditTenant` returns (tests, scripts). */
export interface AuditCommandResult {
  readonly tenant: string;
  readonly cancelled: boolean;
  readonly apps: number;
  readonly findings: number;
  /** Findings per rule id. */
  readonly byRule: Readonly<Record<string, number>>;
  /** Parts that could not be read (their rules were skipped). */
  readonly skipped: readonly string[];
}

/** What `entra.auditFixFinding` returns. */
export interface FixFindingResult {
  /** The write's outcome (`nothing`: the app no longer had the problem). */
  readonly status: string;
  /** The app's findings after it was read and checked again (undefined when it was not). */
  readonly appFindings?: readonly AuditFinding[];
}

/** What `entra.auditOpenFinding` returns: the document and the selected text. */
export interface OpenFindingResult {
  readonly uri: string;
  readonly selection: string;
}

export interface AuditApi {
  readonly provider: {
    getChildren(node?: AuditNode): AuditNode[];
    getTreeItem(node: AuditNode): vscode.TreeItem;
  };
  /** The audit the view shows. */
  lastRun(): AuditRun | undefined;
  /** The view's message (summary, cancelled, parts not read). */
  message(): string | undefined;
  /** Progress of a running audit (also shown in the notification). */
  readonly onDidProgress: vscode.Event<AuditProgress>;
  /** Cancels the running audit as the notification's Cancel button does; false when none runs. */
  cancel(): boolean;
}
