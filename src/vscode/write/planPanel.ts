/**
 * The plan view: one webview panel showing the latest plan (or conflict) with Apply, Plan again,
 * Keep mine and Show in file. Strict CSP with a nonce; script and style inlined under it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { FromPlanView } from '../../core/plan/viewProtocol';
import { Disposable } from '../util/dispose';
import { renderPlan, type PlanViewEnv, type PlanViewInput } from './planHtml';

export const PLAN_VIEW_TYPE = 'entra.plan';

export type PlanViewHandler = (message: FromPlanView) => void;

export class PlanPanel extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private handler: PlanViewHandler | undefined;
  private html: string | undefined;
  private input: PlanViewInput | undefined;
  private assets: { script: string; style: string } | undefined;
  private readonly shown = this.register(new vscode.EventEmitter<PlanViewInput>());
  /** Fires each time the view shows a plan (tests, screenshots). */
  readonly onDidShow = this.shown.event;

  constructor(private readonly extensionUri: vscode.Uri) {
    super();
  }

  /** The HTML last shown (tests). */
  get lastHtml(): string | undefined {
    return this.html;
  }

  get lastInput(): PlanViewInput | undefined {
    return this.input;
  }

  private env(): PlanViewEnv {
    this.assets ??= {
      script: readFileSync(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'plan.js').fsPath, 'utf8'),
      style: readFileSync(vscode.Uri.joinPath(this.extensionUri, 'media', 'plan.css').fsPath, 'utf8'),
    };
    return { nonce: randomBytes(18).toString('base64'), ...this.assets, language: vscode.env.language };
  }

  show(input: PlanViewInput, handler: PlanViewHandler): void {
    this.handler = handler;
    this.input = input;
    const title = input.plan.conflicts.length
      ? vscode.l10n.t('Conflict: {0}', input.plan.app.displayName)
      : vscode.l10n.t('Plan: {0}', input.plan.app.displayName);
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        PLAN_VIEW_TYPE,
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
        { enableScripts: true, localResourceRoots: [] },
      );
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'entra.svg');
      const panel = this.panel;
      const subscriptions = [
        panel.webview.onDidReceiveMessage((raw: unknown) => {
          if (raw && typeof raw === 'object' && typeof (raw as { type?: unknown }).type === 'string')
            this.handler?.(raw as FromPlanView);
        }),
        panel.onDidDispose(() => {
          subscriptions.forEach((s) => s.dispose());
          if (this.panel === panel) {
            this.panel = undefined;
            this.handler = undefined;
          }
        }),
      ];
    } else {
      this.panel.title = title;
      this.panel.reveal(undefined, true);
    }
    this.html = renderPlan(input, this.env());
    this.panel.webview.html = this.html;
    this.shown.fire(input);
  }

  /** True while the view is open on the plan of this app (object id). */
  isShowing(appObjectId: string): boolean {
    return this.panel !== undefined && this.input?.plan.app.id === appObjectId;
  }

  /** Tells the view an apply is running (its Apply button is disabled). */
  busy(text: string): void {
    void this.panel?.webview.postMessage({ type: 'busy', text });
  }

  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }
}
