/**
 * The prompts of the write path, behind one interface: the modal confirmation before anything is
 * sent, the new secret shown once, pickers and input boxes, and result notifications. The default
 * is VS Code's own UI; another implementation can be supplied through the extension API (in-host
 * tests answer the prompts; the flow that asks and what it does with the answer stay the same).
 */
import * as vscode from 'vscode';

export interface ConfirmRequest {
  /** The question (modal title), e.g. "Apply 2 changes to CRM API?". */
  readonly title: string;
  /** The changes and requests, one per line. */
  readonly detail: string;
  /** The button that confirms, e.g. "Apply". */
  readonly action: string;
}

export interface PickItem<T> extends vscode.QuickPickItem {
  readonly value: T;
}

export interface InputRequest {
  readonly title: string;
  readonly prompt: string;
  readonly value?: string;
  readonly placeHolder?: string;
  /** Returns a message when the text is not acceptable. */
  readonly validate?: (text: string) => string | undefined;
}

export type NoticeKind = 'info' | 'warning' | 'error';

export interface WriteUserInput {
  /** A modal confirmation; true only when the user chose `action`. */
  confirm(request: ConfirmRequest): Promise<boolean>;
  /**
   * Shows a new client secret's value once (modal, with Copy). The value must not be kept by the
   * implementation: it is never logged or stored.
   */
  showSecret(title: string, value: string, detail: string): Promise<void>;
  pick<T>(
    items: readonly PickItem<T>[],
    options: { title: string; placeHolder?: string },
  ): Promise<PickItem<T> | undefined>;
  input(request: InputRequest): Promise<string | undefined>;
  /** A notification; resolves with the action chosen (undefined when dismissed). */
  notify(kind: NoticeKind, message: string, ...actions: string[]): Promise<string | undefined>;
}

/** VS Code's dialogs, quick picks, input boxes and notifications. */
export const vscodeUserInput: WriteUserInput = {
  async confirm(request) {
    const choice = await vscode.window.showWarningMessage(
      request.title,
      { modal: true, detail: request.detail },
      request.action,
    );
    return choice === request.action;
  },
  async showSecret(title, value, detail) {
    const copy = vscode.l10n.t('Copy');
    const choice = await vscode.window.showInformationMessage(
      title,
      { modal: true, detail: `${value}\n\n${detail}` },
      copy,
    );
    if (choice === copy) await vscode.env.clipboard.writeText(value);
  },
  async pick(items, options) {
    return vscode.window.showQuickPick([...items], {
      title: options.title,
      placeHolder: options.placeHolder,
      matchOnDescription: true,
      matchOnDetail: true,
      ignoreFocusOut: true,
    });
  },
  async input(request) {
    return vscode.window.showInputBox({
      title: request.title,
      prompt: request.prompt,
      value: request.value,
      placeHolder: request.placeHolder,
      ignoreFocusOut: true,
      validateInput: request.validate ? (text) => request.validate?.(text) : undefined,
    });
  },
  async notify(kind, message, ...actions) {
    const show =
      kind === 'error'
        ? vscode.window.showErrorMessage
        : kind === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    return show(message, ...actions);
  },
};
