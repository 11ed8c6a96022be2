/** A signed-in tenant and the sign-in's state, as the explorer and the other features see them. */
import type * as vscode from 'vscode';
import type { GraphError } from '../../core/graph/errors';
import type { NameSnapshot, NameStore } from '../../core/tenant/nameCache';
import type { TenantModel } from '../../core/tenant/model';
import type { GraphAccess } from '../../io/graph/client';
import type { TenantCredential } from './credentials';

export type SignInState = 'signedOut' | 'signingIn' | 'signedIn' | 'error';

/** Context key read by `viewsWelcome` and menus. */
export const signInStateKey = 'entra.signInState';

export interface TenantConnection {
  readonly tenant: string;
  readonly graph: GraphAccess;
  readonly model: TenantModel;
  readonly credential: TenantCredential;
}

export interface SignInOptions {
  /** Prompts allowed (explicit "Sign in"); false for the silent attempt when the view opens. */
  readonly interactive: boolean;
  /** Client secret for `clientSecret` sign-in, supplied programmatically (stored in SecretStorage). */
  readonly clientSecret?: string;
}

/** Persists permission and app names per tenant in globalState (names only, never tokens). */
export class GlobalStateNameStore implements NameStore {
  constructor(
    private readonly memento: vscode.Memento,
    private readonly cloud: string,
  ) {}
  private key(tenant: string): string {
    return `entra.names/${this.cloud}/${tenant}`;
  }
  read(tenant: string): unknown {
    return this.memento.get(this.key(tenant));
  }
  async write(tenant: string, snapshot: NameSnapshot): Promise<void> {
    await this.memento.update(this.key(tenant), snapshot);
  }
}

/** A configured tenant that could not be signed in to, with why (its root shows this). */
export interface TenantFailure {
  readonly tenant: string;
  readonly error: GraphError;
}

/** Who is signed in to a tenant: the user's sign-in name from `/me`, else what the credential knows. */
export function accountLabel(connection: TenantConnection): string | undefined {
  const user = connection.model.signedInUser;
  return user?.userPrincipalName ?? user?.displayName ?? connection.credential.account();
}
