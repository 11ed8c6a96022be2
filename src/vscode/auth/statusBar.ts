/** The account status bar item: who is signed in, to which tenants; clicking it shows the tenant info. */
import * as vscode from 'vscode';
import { codeSpan, escapeMarkdown } from '../../core/text/escape';
import { CommandId } from '../commandIds';
import { Disposable } from '../util/dispose';
import { accountLabel, type TenantConnection } from './connection';

export class AccountStatusBar extends Disposable {
  private readonly item = this.register(
    vscode.window.createStatusBarItem('entra.account', vscode.StatusBarAlignment.Left, 10),
  );
  private shown = false;

  constructor() {
    super();
    this.item.name = vscode.l10n.t('Entra account');
    this.item.command = CommandId.showTenantInfo;
  }

  /** The item's text and tooltip (Markdown source) while it is shown. */
  get content(): { text: string; tooltip: string } | undefined {
    if (!this.shown) return undefined;
    const tooltip = this.item.tooltip;
    return { text: this.item.text, tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '') };
  }

  /** Shows the signed-in tenants (the first one's account), or hides the item when there are none. */
  update(connections: readonly TenantConnection[]): void {
    if (connections.length === 0) {
      this.shown = false;
      this.item.hide();
      return;
    }
    const first = connections[0]!;
    const account = accountLabel(first) ?? vscode.l10n.t('signed in');
    const tenants = connections.map((c) => c.model.organization?.displayName ?? c.tenant);
    this.item.text = `$(organization) ${account} · ${tenants[0]}${tenants.length > 1 ? ` +${tenants.length - 1}` : ''}`;
    this.item.tooltip = new vscode.MarkdownString(
      [
        vscode.l10n.t('**Entra** — signed in as {0}', escapeMarkdown(account)),
        ...connections.map(
          (c) =>
            `- ${escapeMarkdown(c.model.organization?.displayName ?? c.tenant)} (${codeSpan(c.model.organization?.id ?? c.tenant)})`,
        ),
      ].join('\n\n'),
    );
    this.shown = true;
    this.item.show();
  }
}
