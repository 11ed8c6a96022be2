// `entra-workbench cert add|remove`: certificates of an app registration. Both are plans of
// keyCredentials (Graph replaces the collection whole: the tenant's certificates are sent back
// with their keys, plus or minus the one changed), shown, confirmed (`--yes` in pipelines), then
// applied after a fresh read.
import * as l10n from '@vscode/l10n';
import { CertificateRefused } from '../core/plan/credentials';
import { removeCertificateEdit } from '../core/plan/edits';
import { writeFailureText } from '../core/graph/errors';
import { productName } from '../core/version';
import { CertificateFileError, readCertificateFile } from '../io/certificates';
import { applyEdit, planCertificateUpload, planForTenant, readApplication, type PlannedEdit } from '../io/graph/writes';
import { conflictText, outcomeText, planText } from './plan';
import { UsageError, appRef, confirmWrite, connect, connectionUsage, parseTenantOptions, reportError } from './tenant';
import type { CliCommand } from './types';

function usage(): string {
  return l10n.t(
    `Usage: {0} cert add --app ID --file CERT [--description D] [--yes] [connection options]
       {0} cert remove --app ID --key-id K [--yes] [connection options]

add: uploads a public certificate (PEM, or DER .cer/.crt) as a credential of the app. Its
thumbprint, start and end come from the certificate; a file with a private key is refused.
remove: removes the certificate with that key id.

Both print the plan, then ask (--yes in pipelines), re-read the app and apply.

  --file CERT        the certificate file
  --description D    its name in the admin center (default: the subject's common name)
  --yes              apply without asking (needed when stdin is not a terminal)

{1}

Exit codes: 0 done; 1 error, refused or not confirmed.`,
    productName,
    connectionUsage(),
  );
}

export const certCommand: CliCommand = {
  name: 'cert',
  get summary() {
    return l10n.t('upload or remove a certificate of an app registration');
  },
  get usage() {
    return usage();
  },
  async run(args, io) {
    try {
      const [action, ...rest] = args;
      if (action !== 'add' && action !== 'remove') throw new UsageError(l10n.t('cert needs add or remove'));
      const values = parseTenantOptions(rest, {
        app: { type: 'string' },
        file: { type: 'string' },
        description: { type: 'string' },
        'key-id': { type: 'string' },
        yes: { type: 'boolean' },
      });
      if (typeof values.app !== 'string') throw new UsageError(l10n.t('{0} is required', '--app'));
      let planned: PlannedEdit;
      let graph;
      if (action === 'add') {
        if (typeof values.file !== 'string') throw new UsageError(l10n.t('{0} is required', '--file'));
        const cert = readCertificateFile(values.file, l10n);
        graph = connect(values);
        planned = await planCertificateUpload(graph, appRef(values.app, undefined), cert, {
          ...(typeof values.description === 'string' ? { displayName: values.description } : {}),
          l10n,
        });
        io.stderr(
          `${l10n.t('Certificate {0}, thumbprint {1}, valid {2} to {3}.', cert.subject, cert.thumbprint, cert.notBefore, cert.notAfter)}\n`,
        );
      } else {
        if (typeof values['key-id'] !== 'string') throw new UsageError(l10n.t('{0} is required', '--key-id'));
        const keyId = values['key-id'];
        graph = connect(values);
        const live = await readApplication(graph, appRef(values.app, undefined));
        const desired = removeCertificateEdit(live, keyId);
        const { plan, live: read } = await planForTenant(graph, { id: String(live.id) }, { desired, base: live, l10n });
        if (plan.changes.length === 0)
          throw new UsageError(l10n.t('{0} has no certificate with key id {1}.', String(live.displayName), keyId));
        planned = { desired, base: read, plan };
      }
      io.stdout(planText(planned.plan));
      if (planned.plan.blocked.length > 0) {
        io.stderr(`${productName}: ${l10n.t('not applied: manifest rule errors (listed above) block it.')}\n`);
        return 1;
      }
      const what = action === 'add' ? 'cert add' : 'cert remove';
      if (!(await confirmWrite(values, io, what, `${l10n.t('Apply these changes? [y/N]')} `))) return 1;
      const outcome = await applyEdit(
        graph,
        { id: planned.plan.app.id },
        { desired: planned.desired, base: planned.base, confirmed: planned.plan },
      );
      io.stdout(outcomeText(outcome));
      if (outcome.status === 'conflict') {
        io.stderr(conflictText(outcome.plan));
        return 1;
      }
      if (outcome.status === 'changed') {
        io.stderr(
          `${productName}: ${l10n.t('not applied: the tenant changed since the plan was shown; run it again.')}\n`,
        );
        return 1;
      }
      if (outcome.status === 'blocked') return 1;
      if (outcome.status === 'failed') {
        io.stderr(`${productName}: ${writeFailureText(outcome.failure, l10n)}\n`);
        return 1;
      }
      return 0;
    } catch (err) {
      if (err instanceof CertificateFileError || err instanceof CertificateRefused) {
        io.stderr(`${productName}: ${err.message}\n`);
        return 1;
      }
      return reportError(err, io, usage());
    }
  },
};
