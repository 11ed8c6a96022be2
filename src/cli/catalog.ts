// `entra-workbench catalog pull`: writes the permissions of every service principal of the
// signed-in tenant (Microsoft's APIs and the tenant's own) to .entra/catalog.json, which `lint`
// and the editor read so that those APIs' permission ids and names are checked.
import * as l10n from '@vscode/l10n';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  WORKSPACE_CATALOG_PATH,
  catalogFileFromServicePrincipals,
  serializeCatalogFile,
} from '../core/manifest/catalogFile';
import { productName } from '../core/version';
import { readServicePrincipalPermissions } from '../io/graph/catalog';
import { UsageError, connect, connectionUsage, parseTenantOptions, reportError } from './tenant';
import type { CliCommand } from './types';

function usage(): string {
  return l10n.t(
    `Usage: {0} catalog pull [--out FILE] [connection options]

Reads the delegated scopes and application roles of every service principal in the tenant (every
API: Microsoft's and your own) and writes them to {1} (or FILE): ids, values
and types only. "{0} lint" run in that folder (or below it) and the editor in that
workspace then check permissions of those APIs by id and by name. Needs permission to read
service principals (e.g. Application.Read.All).

  --out FILE   where to write (default {1} in the working folder)

{2}

Exit codes: 0 written; 1 error.`,
    productName,
    WORKSPACE_CATALOG_PATH,
    connectionUsage(),
  );
}

export const catalogCommand: CliCommand = {
  name: 'catalog',
  get summary() {
    return l10n.t("write the tenant's API permissions to .entra/catalog.json for lint and the editor");
  },
  get usage() {
    return usage();
  },
  async run(args, io) {
    try {
      const [action, ...rest] = args;
      if (action !== 'pull')
        throw new UsageError(
          action === undefined ? l10n.t('catalog needs pull') : l10n.t('unknown action {0}', action),
        );
      const values = parseTenantOptions(rest, { out: { type: 'string' } });
      const out = typeof values.out === 'string' && values.out ? values.out : WORKSPACE_CATALOG_PATH;
      const graph = connect(values);
      const sps = await readServicePrincipalPermissions(graph);
      const tenantId = typeof values.tenant === 'string' ? values.tenant : process.env.AZURE_TENANT_ID;
      const file = catalogFileFromServicePrincipals(sps, {
        ...(tenantId ? { tenantId } : {}),
        pulledAt: new Date().toISOString(),
      });
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, serializeCatalogFile(file));
      const permissions = file.resources.reduce((n, r) => n + r.permissions.length, 0);
      io.stderr(
        `${
          tenantId
            ? l10n.t(
                'Wrote {0}: {1} APIs, {2} permissions (tenant {3}).',
                out,
                file.resources.length,
                permissions,
                tenantId,
              )
            : l10n.t('Wrote {0}: {1} APIs, {2} permissions.', out, file.resources.length, permissions)
        }\n`,
      );
      return 0;
    } catch (err) {
      return reportError(err, io, usage());
    }
  },
};
