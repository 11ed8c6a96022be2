/**
 * A feature's command table: one named handler per command id of its group in ./commandIds.ts.
 * The mapped type makes the compiler reject a missing handler, an id of another feature or a typo.
 */
import * as vscode from 'vscode';
import type { CommandFeature, FeatureCommandId } from './commandIds';

/** A command handler; arguments come from menus, links or `executeCommand` and are checked by the handler. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arguments are untyped at the command boundary
export type CommandHandler = (...args: any[]) => unknown;

export type CommandTable<F extends CommandFeature> = { readonly [Id in FeatureCommandId<F>]: CommandHandler };

/**
 * Registers every command of a feature's table; the registrations are disposed with the extension.
 * `_feature` names the group in ./commandIds.ts the table must cover exactly.
 */
export function registerCommandTable<F extends CommandFeature>(
  context: vscode.ExtensionContext,
  _feature: F,
  table: CommandTable<F>,
): void {
  for (const [id, handler] of Object.entries(table) as [string, CommandHandler][]) {
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }
}
