// `entra-workbench secret add|remove`: client secrets through addPassword / removePassword. The
// new secret's value goes to stdout only (nothing else is printed there), never to stderr or a file.
import * as l10n from '@vscode/l10n';
import { addPassword, readApplication, removePassword } from '../io/graph/writes';
import { productName } from '../core/version';
import { UsageError, appRef, connect, connectionOptions, connectionUsage, parse, reportError } from './tenant';
import type { CliCommand } from './types';

const usage = `Usage: ${productName} secret add --app ID [--description D] [--days N] [connection options]
       ${productName} secret remove --app ID --key-id K [connection options]

add: creates a client secret valid for N days (default 180) and prints its value, and only its
value, to stdout; the key id and expiry go to stderr. The value cannot be shown again.
remove: deletes the secret with that key id.

${connectionUsage}

Exit codes: 0 done; 1 error.`;

export const secretCommand: CliCommand = {
  name: 'secret',
  get summary() {
    return l10n.t('add or remove a client secret of an app registration');
  },
  usage,
  async run(args, io) {
    try {
      const [action, ...rest] = args;
      if (action !== 'add' && action !== 'remove') throw new UsageError('secret needs add or remove');
      const { values, positionals } = parse(rest, {
        app: { type: 'string' },
        description: { type: 'string' },
        days: { type: 'string' },
        'key-id': { type: 'string' },
        ...connectionOptions,
      });
      if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
      if (typeof values.app !== 'string') throw new UsageError('--app is required');
      const graph = connect(values);
      const app = await readApplication(graph, appRef(values.app, undefined));
      const id = String(app.id);
      if (action === 'remove') {
        if (typeof values['key-id'] !== 'string') throw new UsageError('--key-id is required');
        await removePassword(graph, id, values['key-id']);
        io.stderr(`Removed secret ${values['key-id']} from ${String(app.displayName)}.\n`);
        return 0;
      }
      const days = values.days === undefined ? 180 : Number(values.days);
      if (!Number.isInteger(days) || days < 1 || days > 730)
        throw new UsageError('--days must be a whole number from 1 to 730');
      const endDateTime = new Date(Date.now() + days * 86_400_000).toISOString();
      const secret = await addPassword(graph, id, {
        ...(typeof values.description === 'string' ? { displayName: values.description } : {}),
        endDateTime,
      });
      io.stdout(`${secret.secretText}\n`);
      io.stderr(
        `Added secret ${secret.keyId} to ${String(app.displayName)}, valid until ${secret.endDateTime}. Store the value now: it cannot be shown again.\n`,
      );
      return 0;
    } catch (err) {
      return reportError(err, io, usage);
    }
  },
};
