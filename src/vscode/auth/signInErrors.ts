/** Why a sign-in failed, in words; which settings a change touched. */
import { get } from 'node:https';
import type * as vscode from 'vscode';
import { GraphError } from '../../core/graph/errors';
import { codeFromErrorBody, metadataUrl, needsMetadataProbe, signInFailure } from '../../core/graph/signInFailure';
import type { TenantFailure } from './connection';
import { SettingKey, type ExplorerSettings } from './settings';

/** The entra.* settings a change event touched, for the "signed out because … changed" notice. */
export function changedSettings(e: vscode.ConfigurationChangeEvent): string[] {
  const keys = Object.values(SettingKey).filter((k) => e.affectsConfiguration(`entra.${k}`));
  return keys.length ? keys.map((k) => `"entra.${k}"`) : ['"entra"'];
}

/** One error for several tenants that all failed, each named with its reason. */
export function combined(failures: readonly TenantFailure[]): GraphError {
  const first = failures[0]!.error;
  return new GraphError({
    status: first.status,
    code: first.code,
    kind: first.kind,
    message: failures.map((f) => f.error.message).join(' '),
  });
}

/**
 * Why one tenant failed, in words (see core/graph/signInFailure). When the sign-in library only says
 * the tenant's endpoints could not be resolved, the tenant's OpenID metadata is read once for the
 * AADSTS code it answers with (e.g. 90002, tenant not found).
 */
export async function explainFailure(
  settings: ExplorerSettings,
  tenant: string,
  err: unknown,
  l10n: typeof vscode.l10n,
): Promise<GraphError> {
  if (err instanceof GraphError && (err.code === 'SecretRequired' || err.code === 'VsCodeAccountUnavailable')) {
    return err;
  }
  if (err instanceof GraphError && !/AADSTS/.test(err.code)) {
    return signInFailure(tenant, err, undefined, l10n);
  }
  let probed: string | undefined;
  if (needsMetadataProbe(err)) {
    const authorityHost =
      settings.method === 'environment' && process.env.AZURE_AUTHORITY_HOST
        ? process.env.AZURE_AUTHORITY_HOST
        : settings.cloud.authorityHost;
    probed = await probeMetadata(metadataUrl(authorityHost, tenant));
  }
  return signInFailure(tenant, err, probed, l10n);
}

/** GET of the tenant's OpenID metadata: the AADSTS code of its error answer, if it is one. */
function probeMetadata(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = get(url, { headers: { accept: 'application/json' }, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve(
          (res.statusCode ?? 0) >= 400
            ? codeFromErrorBody(Buffer.concat(chunks).toString('utf8').slice(0, 65536))
            : undefined,
        ),
      );
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}
