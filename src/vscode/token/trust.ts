// The token feature's trust settings: the configured cloud and authority (entra.cloud,
// entra.customCloud.authorityHost) and entra.token.trustedIssuers. In untrusted workspaces the
// trusted issuers come from user settings only: a workspace must not make its own keys count.
import * as vscode from 'vscode';
import type { TrustOptions } from '../../core/token/trust';
import { readSettings } from '../auth/settings';

function trustedIssuers(): string[] {
  const config = vscode.workspace.getConfiguration('entra.token');
  const value = vscode.workspace.isTrusted
    ? config.get<unknown>('trustedIssuers', [])
    : config.inspect<unknown>('trustedIssuers')?.globalValue;
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim())
    : [];
}

/** What token analysis and verification trust, read from the settings now. */
export function tokenTrust(): TrustOptions {
  const issuers = trustedIssuers();
  try {
    const s = readSettings();
    // The global cloud's v1 issuers map to its own login host; other clouds name their authority.
    return {
      cloud: s.cloudName,
      ...(s.cloudName === 'AzureCloud' ? {} : { authorityHost: s.cloud.authorityHost }),
      trustedIssuers: issuers,
    };
  } catch {
    // A Custom cloud without endpoints: no authority of its own.
    return { cloud: 'Custom', trustedIssuers: issuers };
  }
}
