/** The device code notification: stays while the sign-in waits, closes when it ends. */
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { Disposable } from '../util/dispose';
import type { DeviceCodePrompt } from './credentials';

/** The device code notification's text: the prompt and a link that copies the code and opens the page. */
export function deviceCodeNotice(prompt: DeviceCodePrompt): string {
  return `${prompt.message} [${prompt.actions[0] ?? ''}](command:${CommandId.copyDeviceCode})`;
}

export class DeviceCodeNotification extends Disposable {
  private openValue: { prompt: DeviceCodePrompt; close: () => void } | undefined;
  private readonly shown = this.register(new vscode.EventEmitter<DeviceCodePrompt>());
  private readonly closed = this.register(new vscode.EventEmitter<DeviceCodePrompt>());
  /** Fires when the device code notification is shown (what the user sees). */
  readonly onDidShow = this.shown.event;
  /** Fires when the device code notification closes (sign-in completed, failed or was cancelled). */
  readonly onDidClose = this.closed.event;

  /** The prompt of the notification on screen. */
  get open(): DeviceCodePrompt | undefined {
    return this.openValue?.prompt;
  }

  /**
   * The device code as a notification that stays while the sign-in waits and closes when it
   * completes; its link copies the code and opens the page, Cancel stops the sign-in.
   */
  show(prompt: DeviceCodePrompt, cancel: () => void): void {
    this.close();
    let close!: () => void;
    const closed = new Promise<void>((resolve) => (close = resolve));
    this.openValue = { prompt, close };
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: deviceCodeNotice(prompt), cancellable: true },
      async (_progress, token) => {
        const sub = token.onCancellationRequested(() => {
          cancel();
          this.close();
        });
        try {
          await closed;
        } finally {
          sub.dispose();
        }
      },
    );
    this.shown.fire(prompt);
  }

  close(): void {
    const open = this.openValue;
    if (open) {
      this.openValue = undefined;
      open.close();
      this.closed.fire(open.prompt);
    }
  }
}
