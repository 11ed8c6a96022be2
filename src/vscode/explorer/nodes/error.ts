import * as vscode from 'vscode';
import { graphErrorText, type GraphError, type GraphErrorKind } from '../../../core/graph/errors';
import { codeSpan, escapeMarkdown } from '../../../core/text/escape';
import { ContextValue, ExplorerNode, icon, md, shown } from './base';

const transientKinds = new Set<GraphErrorKind>([
  'throttled',
  'unavailable',
  'timeout',
  'unreadable',
  'offline',
  'notFound',
]);

/** A row telling what went wrong and what to do; clicking it retries or signs in. */
export class ErrorNode extends ExplorerNode {
  readonly id: string;
  readonly label: string;
  /** The error's message in the display language (a sentence of ours, the code and the server's text). */
  readonly text: string;
  constructor(
    parent: ExplorerNode | undefined,
    readonly error: GraphError,
    private readonly retryTarget: ExplorerNode | undefined,
    key = 'error',
  ) {
    super(parent);
    this.id = `${parent?.id ?? 'root'}/${key}`;
    this.text = graphErrorText(error, vscode.l10n);
    this.label = shown(this.text);
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    // Passing trouble (retrying helps) is a warning; what needs the user's action is an error.
    const passing = transientKinds.has(this.error.kind);
    item.iconPath = icon(
      passing ? 'warning' : 'error',
      passing && this.error.kind !== 'offline' ? 'list.warningForeground' : 'list.errorForeground',
    );
    const action =
      this.error.kind === 'signin'
        ? vscode.l10n.t('Click to sign in again.')
        : this.retryTarget
          ? vscode.l10n.t('Click to retry.')
          : '';
    item.tooltip = md(
      [
        escapeMarkdown(this.text),
        this.error.requestId ? `request-id ${codeSpan(this.error.requestId)}` : '',
        action,
      ].filter(Boolean),
    );
    item.contextValue = `${ContextValue.error} ${ContextValue.copyable}`;
    if (this.error.kind === 'signin') {
      // Signs in again the configured way (no quick pick of methods).
      item.command = { command: 'entra.signIn', title: vscode.l10n.t('Sign In'), arguments: [{ method: 'current' }] };
    } else if (this.retryTarget) {
      item.command = { command: 'entra.refreshNode', title: vscode.l10n.t('Retry'), arguments: [this.retryTarget] };
    }
    return item;
  }
  override get copyValue(): string {
    return this.text;
  }
}
