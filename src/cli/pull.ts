// `entra-workbench pull`: the live manifest (Microsoft Graph format, keys in the admin center's
// order), to stdout or a file; with --out, a base copy beside it for conflict checks.
import * as l10n from '@vscode/l10n';
import { writeFileSync } from 'node:fs';
import { readApplication } from '../io/graph/writes';
import { toManifest } from '../core/plan';
import { productName } from '../core/version';
import { appRef, baseFileOf, connect, connectionUsage, parseTenantOptions, reportError } from './tenant';
import type { CliCommand } from './types';

function usage(): string {
  return l10n.t(
    `Usage: {0} pull --app <appId|id> [--out FILE] [connection options]

Writes the app registration's manifest as Microsoft Graph returns it (strict JSON, keys in the
admin center's order). With --out, also writes FILE's base copy (app.manifest.json →
app.manifest.base.json): plan and apply compare it with the tenant to find conflicting edits.

{1}

Exit codes: 0 done; 1 error.`,
    productName,
    connectionUsage(),
  );
}

export const pullCommand: CliCommand = {
  name: 'pull',
  get summary() {
    return l10n.t("write an app registration's live manifest (Graph format)");
  },
  get usage() {
    return usage();
  },
  async run(args, io) {
    try {
      const values = parseTenantOptions(args, { app: { type: 'string' }, out: { type: 'string' } });
      const ref = appRef(values.app, undefined);
      const graph = connect(values);
      const manifest = toManifest(await readApplication(graph, ref));
      const text = `${JSON.stringify(manifest, null, 2)}\n`;
      if (typeof values.out === 'string') {
        writeFileSync(values.out, text);
        writeFileSync(baseFileOf(values.out), text);
        io.stderr(
          `${l10n.t('Wrote {0} ({1}) and its base copy {2}.', values.out, String(manifest.displayName), baseFileOf(values.out))}\n`,
        );
      } else {
        io.stdout(text);
      }
      return 0;
    } catch (err) {
      return reportError(err, io, usage());
    }
  },
};
