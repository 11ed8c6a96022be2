import * as vscode from 'vscode';

/** Disposes every item, collecting errors so one failure does not leak the rest. */
export function disposeAll(items: Iterable<vscode.Disposable>): void {
  const errors: unknown[] = [];
  for (const item of items) {
    try {
      item.dispose();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length === 1) {
    throw errors[0];
  }
  if (errors.length > 1) {
    throw new AggregateError(errors, 'Several disposables failed to dispose');
  }
}

/** Base class that owns disposables registered with `register` and disposes them with itself. */
export abstract class Disposable implements vscode.Disposable {
  private disposed = false;
  private readonly owned: vscode.Disposable[] = [];

  protected register<T extends vscode.Disposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
    } else {
      this.owned.push(item);
    }
    return item;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    disposeAll(this.owned.splice(0));
  }
}
