/**
 * The pure half of write access (no vscode import, unit-tested): which permission a token carries
 * for writing app registrations, and what a read-only sign-in is told before a plan.
 */
import * as l10n from '@vscode/l10n';
export const writePermissionName = 'Application.ReadWrite.All';
export const ownedByPermissionName = 'Application.ReadWrite.OwnedBy';

/** What the sign-in allows before any write is tried. */
export type WriteCapability =
  /** The token carries a write permission. */
  | { readonly kind: 'granted'; readonly permission: string }
  /** VS Code's account: the write permission is asked for when the user first applies. */
  | { readonly kind: 'consentOnWrite' }
  /** The token carries no write permission: writes will be refused (403). */
  | { readonly kind: 'readOnly'; readonly message: string }
  /** The token could not be read (opaque or encrypted): found out on the first write. */
  | { readonly kind: 'unknown' };

/** The write permission a decoded token's `roles` (app-only) or `scp` (delegated) carries, if any. */
export function writePermissionIn(payload: Readonly<Record<string, unknown>>): string | undefined {
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
  const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
  const all = [...roles, ...scopes];
  return [writePermissionName, 'Directory.ReadWrite.All', ownedByPermissionName].find((p) => all.includes(p));
}

/** The message shown before a plan when the sign-in cannot write. */
export function readOnlyMessage(appOnly: boolean): string {
  return appOnly
    ? l10n.t(
        'This sign-in can read app registrations but not change them: the client has no {0} (or {1} for apps it owns) application permission. The plan is shown; applying it will be refused until an admin grants one of them.',
        writePermissionName,
        ownedByPermissionName,
      )
    : l10n.t(
        'This sign-in can read app registrations but not change them: the token has no {0} delegated permission. The plan is shown; applying it will be refused until it is consented (or sign in with an account that has it).',
        writePermissionName,
      );
}
