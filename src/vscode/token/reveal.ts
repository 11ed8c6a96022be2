/** What a "Reveal in Entra explorer" request from the token panel came to. */
import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { errorText } from '../../core/graph/errors';

/** Where `entra.revealApp` showed an app registration in the Tenants view. */
export interface RevealedApp {
  readonly tenant: string;
  readonly appId: string;
  readonly label: string;
  readonly nodeId: string;
}

/**
 * What a reveal request from the panel came to: shown in the Tenants view; not found in the
 * signed-in tenants (the explorer says so); or refused because the id is not a linked app's.
 */
export type RevealOutcome =
  | { readonly status: 'revealed'; readonly app: RevealedApp }
  | { readonly status: 'not-found'; readonly appId: string }
  | { readonly status: 'refused' };

export function isRevealedApp(v: unknown): v is RevealedApp {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.tenant === 'string' &&
    typeof r.appId === 'string' &&
    typeof r.label === 'string' &&
    typeof r.nodeId === 'string'
  );
}

/** Asks the explorer to reveal a linked app (the token's tenant first); an error is shown and counts as not found. */
export async function revealLinkedApp(linked: string, tenant: string | undefined): Promise<RevealOutcome> {
  let result: unknown;
  try {
    result = await vscode.commands.executeCommand<unknown>(CommandId.revealApp, linked, tenant);
  } catch (err) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Could not reveal {0} in the Entra explorer: {1}', linked, errorText(err, vscode.l10n)),
    );
    result = undefined;
  }
  const outcome: RevealOutcome = isRevealedApp(result)
    ? { status: 'revealed', app: result }
    : { status: 'not-found', appId: linked };
  return outcome;
}
