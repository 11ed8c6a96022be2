/**
 * What the write actions act on, shared by the explorer's edit actions and the credential
 * actions: the key a tree node stands for, and the tenant connection to use (the only one, or
 * one picked by name).
 */
import * as vscode from 'vscode';
import type { TenantConnection } from '../auth/session';
import type { WriteUserInput } from './ui';

/** The last segment of a node's id (`…/s:{scopeId}` → `s:{scopeId}`). */
export function keyOf(node: unknown): string {
  const id = (node as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? (id.split('/').pop() ?? '') : '';
}

/**
 * The connection to act on: the only one, or the one picked (titled `title`) when there are
 * several. With none, says to sign in first; undefined when there is none or the pick is dismissed.
 */
export async function pickConnection(
  ui: WriteUserInput,
  connections: readonly TenantConnection[],
  title: string,
): Promise<TenantConnection | undefined> {
  if (connections.length === 0) {
    void ui.notify('warning', vscode.l10n.t('Sign in to the tenant first (Entra: Sign In).'));
    return undefined;
  }
  if (connections.length === 1) return connections[0];
  const picked = await ui.pick(
    connections.map((c) => ({
      label: c.model.organization?.displayName ?? c.tenant,
      description: c.tenant,
      value: c,
    })),
    { title },
  );
  return picked?.value;
}
