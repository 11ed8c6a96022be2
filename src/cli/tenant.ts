// Shared by the commands that talk to a tenant (pull, plan, apply, secret): options, the
// credential (@azure/identity DefaultAzureCredential: environment variables, workload identity,
// managed identity, Azure CLI…) and the Graph client.
import * as l10n from '@vscode/l10n';
import { existsSync, readFileSync } from 'node:fs';
import { parseOptions, type OptionSpecs } from './args';
import { DefaultAzureCredential } from '@azure/identity';
import { GraphAccess } from '../io/graph/client';
import { cloudNames, getCloud, graphDefaultScope, isCloudName, type Cloud } from '../core/entra/clouds';
import { errorText, graphErrorText, isGraphError, writeFailureText } from '../core/graph/errors';
import { WriteError, type AppRef } from '../io/graph/writes';
import type { JsonObject } from '../core/plan';
import { productName } from '../core/version';
import type { CliIo } from './types';
import { withoutTrailingSlashes } from '../core/text/trailing';

export function connectionUsage(): string {
  return l10n.t(
    `Connection (credentials from DefaultAzureCredential: AZURE_CLIENT_ID/AZURE_CLIENT_SECRET/
AZURE_TENANT_ID, workload or managed identity, Azure CLI…):
  --cloud NAME            {0} (default AzureCloud)
  --authority-host URL    sign-in host (default: AZURE_AUTHORITY_HOST, else the cloud's)
  --graph-base-url URL    Microsoft Graph endpoint (implies --cloud Custom)
  --tenant ID             tenant id or domain`,
    cloudNames.join(', '),
  );
}

export const connectionOptions = {
  cloud: { type: 'string' },
  'authority-host': { type: 'string' },
  'graph-base-url': { type: 'string' },
  tenant: { type: 'string' },
} as const;

/** Bad usage: the command prints the message and its usage. */
export class UsageError extends Error {}

export function parse(
  args: string[],
  options: OptionSpecs,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const r = parseOptions(args, options);
  if (typeof r === 'string') throw new UsageError(r);
  return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
}

/**
 * The options of a command that talks to a tenant: its own `options` plus the connection options;
 * an argument that is not an option is refused.
 */
export function parseTenantOptions(args: string[], options: OptionSpecs): Record<string, string | boolean | undefined> {
  const { values, positionals } = parse(args, { ...options, ...connectionOptions });
  if (positionals.length > 0) throw new UsageError(l10n.t('unexpected argument {0}', positionals[0]!));
  return values;
}

const builtInHosts = new Set(cloudNames.filter((n) => n !== 'Custom').map((n) => getCloud(n).authorityHost));

export function connect(values: Record<string, string | boolean | undefined>): GraphAccess {
  const name = typeof values.cloud === 'string' ? values.cloud : values['graph-base-url'] ? 'Custom' : 'AzureCloud';
  if (!isCloudName(name)) throw new UsageError(l10n.t('{0} must be one of {1}', '--cloud', cloudNames.join(', ')));
  const authorityHost = withoutTrailingSlashes(
    String(values['authority-host'] ?? process.env.AZURE_AUTHORITY_HOST ?? ''),
  );
  let cloud: Cloud;
  try {
    cloud =
      name === 'Custom'
        ? getCloud(
            'Custom',
            {
              authorityHost: authorityHost || getCloud('AzureCloud').authorityHost,
              graphBaseUrl: String(values['graph-base-url'] ?? ''),
            },
            l10n,
          )
        : getCloud(name);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const host = authorityHost || cloud.authorityHost;
  const credential = new DefaultAzureCredential({
    authorityHost: host,
    ...(typeof values.tenant === 'string' ? { tenantId: values.tenant } : {}),
    ...(cloud.custom || !builtInHosts.has(host) ? { disableInstanceDiscovery: true } : {}),
  });
  const appOnly = Boolean(
    process.env.AZURE_CLIENT_SECRET ||
    process.env.AZURE_CLIENT_CERTIFICATE_PATH ||
    process.env.AZURE_FEDERATED_TOKEN_FILE,
  );
  return new GraphAccess({
    credential,
    cloud,
    scopes: [graphDefaultScope(cloud)],
    permissionType: appOnly ? 'application' : 'delegated',
  });
}

/** Reads a manifest file; a missing or unreadable file is a usage error. */
export function readText(file: string): string {
  if (!existsSync(file)) throw new UsageError(l10n.t('{0}: no such file', file));
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: ${errorText(err, l10n)}`);
  }
}

/** `--app`, else the manifest's id (object id) or appId. */
export function appRef(app: string | boolean | undefined, manifest: JsonObject | undefined): AppRef {
  if (typeof app === 'string' && app) {
    if (manifest && typeof manifest.id === 'string' && manifest.id.toLowerCase() === app.toLowerCase())
      return { id: app };
    if (manifest && typeof manifest.appId === 'string' && manifest.appId.toLowerCase() === app.toLowerCase())
      return { appId: app };
    return { any: app };
  }
  if (manifest && typeof manifest.id === 'string' && manifest.id) return { id: manifest.id };
  if (manifest && typeof manifest.appId === 'string' && manifest.appId) return { appId: manifest.appId };
  throw new UsageError(l10n.t('Which app? Pass --app <appId|id>, or keep "id" or "appId" in the manifest.'));
}

/** The file a pulled manifest's base copy is kept in: `app.manifest.json` → `app.manifest.base.json`. */
export function baseFileOf(file: string): string {
  return file.replace(/(\.json)?$/i, '.base.json');
}

/** Prints an error the user can act on; returns exit code 1. */
export function reportError(err: unknown, io: CliIo, usage?: string): number {
  if (err instanceof UsageError) {
    io.stderr(`${productName}: ${err.message}\n${usage ? `\n${usage}\n` : ''}`);
    return 1;
  }
  if (err instanceof WriteError || isGraphError(err)) {
    io.stderr(
      `${productName}: ${isGraphError(err) ? graphErrorText(err, l10n) : writeFailureText(err.failure, l10n)}\n`,
    );
    return 1;
  }
  io.stderr(`${productName}: ${errorText(err, l10n)}\n`);
  return 1;
}

/**
 * Whether a write may go ahead: `--yes`, else the answer to `question` on a terminal. Without a
 * terminal to ask on, says that `--yes` is needed and refuses.
 */
export async function confirmWrite(
  values: Record<string, string | boolean | undefined>,
  io: CliIo,
  what: string,
  question: string,
): Promise<boolean> {
  if (values.yes === true) return true;
  if (!io.interactive || !io.confirm) {
    io.stderr(
      `${productName}: ${l10n.t('{0} writes to the tenant; pass --yes to confirm (stdin is not a terminal to ask on).', what)}\n`,
    );
    return false;
  }
  return io.confirm(question);
}
