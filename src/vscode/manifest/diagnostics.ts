// Diagnostics: debounced, cancellable linting per document; stale results are dropped when the
// document moved on; positions are computed once per problem from offsets.
import * as vscode from 'vscode';
import { docsForRule, lintManifest, type LintResult } from '../../core/manifest/lint';
import type { PermissionCatalog, Problem, Severity } from '../../core/manifest/types';
import type { ManifestDocuments } from './documents';

/** Timer functions, injectable so tests can drive the debounce. */
export interface Timer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const systemTimer: Timer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const DEBOUNCE_MS = 300;

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(document: vscode.TextDocument, offset: number, length: number): vscode.Range {
  const start = document.positionAt(offset);
  return new vscode.Range(start, length === 0 ? start : document.positionAt(offset + length));
}

export interface LintState {
  readonly version: number;
  readonly result: LintResult;
  /** The diagnostics published for this version, in the same order as `result.problems`. */
  readonly diagnostics: readonly vscode.Diagnostic[];
}

export interface LintInputs {
  catalog(uri: vscode.Uri): PermissionCatalog | undefined;
  /** The application as read from the tenant for this document, or for the app with this appId. */
  original(uri: vscode.Uri, appId: string | undefined): unknown;
}

/** The top-level appId of a parsed manifest, if it has one. */
function appIdOf(value: unknown): string | undefined {
  const appId = value !== null && typeof value === 'object' ? (value as { appId?: unknown }).appId : undefined;
  return typeof appId === 'string' ? appId : undefined;
}

export class ManifestDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('entra-manifest');
  private readonly pending = new Map<string, { handle: unknown; cancel: vscode.CancellationTokenSource }>();
  private readonly states = new Map<string, LintState>();
  private readonly docs = new Map<string, vscode.Uri>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after diagnostics of a document were published (tests and the status of other features). */
  readonly onDidLint = this.changed.event;

  constructor(
    private readonly documents: ManifestDocuments,
    private readonly inputs: LintInputs,
    private readonly timer: Timer = systemTimer,
    private readonly delayMs = DEBOUNCE_MS,
  ) {}

  /** The last lint of a document, if it is still current. */
  stateOf(document: vscode.TextDocument): LintState | undefined {
    const s = this.states.get(document.uri.toString());
    return s && s.version === document.version ? s : undefined;
  }

  /** Lints after the debounce delay; a newer call for the same document replaces this one. */
  schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.cancel(key);
    if (!this.documents.isManifest(document)) {
      this.clear(document.uri);
      return;
    }
    const cancel = new vscode.CancellationTokenSource();
    const version = document.version;
    const handle = this.timer.set(() => {
      this.pending.delete(key);
      if (cancel.token.isCancellationRequested || document.isClosed || document.version !== version) {
        cancel.dispose();
        return;
      }
      this.lintNow(document, cancel.token);
      cancel.dispose();
    }, this.delayMs);
    this.pending.set(key, { handle, cancel });
  }

  /** Lints at once (on open, on settings changes, from commands). Returns the published state. */
  lintNow(document: vscode.TextDocument, token?: vscode.CancellationToken): LintState | undefined {
    if (!this.documents.isManifest(document)) {
      this.clear(document.uri);
      return undefined;
    }
    const version = document.version;
    const text = document.getText();
    const result = lintManifest(text, {
      now: new Date(),
      catalog: this.inputs.catalog(document.uri),
      originalFor: (value) => this.inputs.original(document.uri, appIdOf(value)),
      fileName: document.fileName,
      // The host has one display language: results kept per document are in it.
      l10n: vscode.l10n,
    });
    // Drop the result when the document changed meanwhile or the run was cancelled.
    if (token?.isCancellationRequested || document.isClosed || document.version !== version) return undefined;
    // Content sniffing said "maybe"; the engine said "not a manifest": say nothing about a file
    // the user never asked us to check.
    const silent = result.format === 'not-manifest' && !this.documents.isNamedManifest(document);
    // VS Code's JSON support already reports syntax errors in JSON documents: each mistake once.
    const shown: LintResult = silent
      ? { ...result, problems: [] }
      : this.documents.syntaxReportedByVsCode(document)
        ? { ...result, problems: result.problems.filter((p) => p.ruleId !== 'json-syntax') }
        : result;
    const diagnostics = shown.problems.map((p) => this.toDiagnostic(document, p));
    const state: LintState = { version, result: shown, diagnostics };
    this.states.set(document.uri.toString(), state);
    this.collection.set(document.uri, diagnostics);
    this.changed.fire(document.uri);
    return state;
  }

  clear(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cancel(key);
    this.states.delete(key);
    this.collection.delete(uri);
  }

  private cancel(key: string): void {
    const p = this.pending.get(key);
    if (p) {
      this.timer.clear(p.handle);
      p.cancel.cancel();
      p.cancel.dispose();
      this.pending.delete(key);
    }
  }

  /** The rule's documentation link, parsed once per rule. */
  private docsFor(ruleId: string): vscode.Uri {
    let docs = this.docs.get(ruleId);
    if (docs === undefined) {
      docs = vscode.Uri.parse(docsForRule(ruleId));
      this.docs.set(ruleId, docs);
    }
    return docs;
  }

  private toDiagnostic(document: vscode.TextDocument, p: Problem): vscode.Diagnostic {
    const d = new vscode.Diagnostic(toRange(document, p.offset, p.length), p.message, severities[p.severity]);
    d.source = 'Entra';
    d.code = { value: p.ruleId, target: this.docsFor(p.ruleId) };
    if (p.tags?.length) {
      d.tags = p.tags.map((t) =>
        t === 'unnecessary' ? vscode.DiagnosticTag.Unnecessary : vscode.DiagnosticTag.Deprecated,
      );
    }
    return d;
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
    this.collection.dispose();
    this.changed.dispose();
    this.states.clear();
  }
}
