/**
 * The pure half of signing in with VS Code's own Microsoft account: which authentication
 * provider, which scopes (with `VSCODE_TENANT:`), which `getSession` options, how long an access
 * token may be used, and the error users see when no session is available. The adapter in
 * `credentials.ts` beside it calls `vscode.authentication.getSession` with these.
 */
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see core/text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../../core/text/localizer';
import { decodeToken } from '../../core/token/decode';
import { graphScope, type Cloud } from '../../core/entra/clouds';
import { GraphError } from '../../core/graph/errors';

/** `microsoft` for the global cloud; national clouds go through VS Code's sovereign-cloud provider. */
export function vscodeAuthProviderId(cloud: Cloud): 'microsoft' | 'microsoft-sovereign-cloud' {
  return cloud.name === 'AzureCloud' ? 'microsoft' : 'microsoft-sovereign-cloud';
}

/**
 * Scopes for `getSession`: the requested Graph scopes (`…/.default` is replaced by the least
 * privileged permission, because VS Code's client asks for named scopes), plus
 * `VSCODE_TENANT:{tenant}` so the token is issued by the chosen tenant. `organizations` and
 * `common` are VS Code's default and are not added. Order is stable (VS Code matches sessions by
 * their scope list).
 */
export function vscodeSessionScopes(
  cloud: Cloud,
  tenant: string | undefined,
  requested: string | readonly string[],
  fallbackPermission: string,
): string[] {
  const list = (typeof requested === 'string' ? [requested] : [...requested])
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.endsWith('/.default') && !s.startsWith('VSCODE_'));
  const out = [...new Set(list.length ? list : [graphScope(cloud, fallbackPermission)])];
  const t = tenant?.trim();
  if (t && t !== 'organizations' && t !== 'common') {
    out.push(`VSCODE_TENANT:${t}`);
  }
  return out;
}

export type VsCodeSessionOptions = { readonly createIfNone: true } | { readonly silent: true };

/**
 * Only an explicit sign-in may show VS Code's account prompt (`createIfNone`); every other token
 * request (the silent attempt when the view opens, refreshes before a Graph call) is `silent` and
 * fails instead of prompting.
 */
export function vscodeSessionOptions(interactive: boolean): VsCodeSessionOptions {
  return interactive ? { createIfNone: true } : { silent: true };
}

/** Used when the token's expiry cannot be read: ask VS Code again well within a token's lifetime. */
export const fallbackLifetimeMs = 30 * 60 * 1000;

/**
 * Expiry for a session's access token: its `exp` claim when the token is a readable JWT (read
 * only to schedule the next request to VS Code, never to trust the token), else 30 minutes.
 */
export function sessionTokenExpiry(accessToken: string, now = Date.now()): number {
  const decoded = decodeToken(accessToken);
  const exp = decoded.ok ? decoded.token.payload.exp : undefined;
  // Opaque or encrypted tokens (and a missing exp) fall back to a fixed lifetime.
  return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp * 1000 : now + fallbackLifetimeMs;
}

/**
 * The error when VS Code has no Microsoft session for the scopes (silent request), or the user
 * dismissed or cancelled VS Code's prompt, its message in the language of `l10n` (English by
 * default; the host passes `vscode.l10n`). The cause's text is kept out of the message (it may
 * quote scopes or accounts), only its name is used as the code. `unavailable`: VS Code has no
 * Microsoft account provider here (VS Code for the Web): the way out is device code, not the Accounts menu.
 */
export function vscodeSignInRequired(
  cloud: Cloud,
  interactive: boolean,
  cause?: unknown,
  unavailable = false,
  l10n: Localizer<l10n.L10nReplacement> = english,
): GraphError {
  if (unavailable) {
    return new GraphError({
      status: 0,
      code: 'VsCodeAccountUnavailable',
      kind: 'signin',
      message: l10n.t(
        'VS Code for the Web has no Microsoft account sign-in for extensions, so the "vscode" sign-in method cannot work here. Sign in with a device code instead (Entra: Sign In, then "Device code").',
      ),
    });
  }
  const global = vscodeAuthProviderId(cloud) === 'microsoft';
  const cancelled = interactive && cause !== undefined;
  // One whole sentence per case: the cloud's name is the only value filled in.
  const message = cancelled
    ? global
      ? l10n.t(
          'Sign-in to your Microsoft account in VS Code did not complete. Sign in to your Microsoft account in VS Code (Accounts menu) and run "Entra: Sign In" again.',
        )
      : l10n.t(
          'Sign-in to your Microsoft account ({0} cloud) in VS Code did not complete. Sign in to your Microsoft account ({0} cloud) in VS Code (Accounts menu) and run "Entra: Sign In" again.',
          cloud.label,
        )
    : global
      ? l10n.t('Not signed in: sign in to your Microsoft account in VS Code (Accounts menu, or run "Entra: Sign In").')
      : l10n.t(
          'Not signed in: sign in to your Microsoft account ({0} cloud) in VS Code (Accounts menu, or run "Entra: Sign In").',
          cloud.label,
        );
  const name = cause instanceof Error && cause.name && cause.name !== 'Error' ? cause.name : undefined;
  return new GraphError({ status: 0, code: name ?? 'VsCodeSignInRequired', kind: 'signin', message });
}

/** What the wrapper returns for a session: the token and when to ask again. */
export function sessionAccessToken(
  accessToken: string,
  now = Date.now(),
): { token: string; expiresOnTimestamp: number } {
  return { token: accessToken, expiresOnTimestamp: sessionTokenExpiry(accessToken, now) };
}
