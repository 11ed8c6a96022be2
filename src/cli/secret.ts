// `entra-workbench secret add|remove|rotate`: client secrets through addPassword / removePassword.
// A new secret's value goes to stdout only (nothing else is printed there), never to stderr or a
// file. Removing a secret asks first (`--yes` in pipelines).
import * as l10n from '@vscode/l10n';
import { addPassword, readApplication, removePassword } from '../io/graph/writes';
import {
  SECRET_DAYS,
  rotationCandidates,
  secretDays,
  secretEndDateTime,
  secretLabel,
  secretsOf,
  type SecretInfo,
} from '../core/plan/credentials';
import type { JsonObject } from '../core/plan';
import type { GraphAccess } from '../io/graph/client';
import { productName } from '../core/version';
import { UsageError, appRef, confirmWrite, connect, connectionUsage, parseTenantOptions, reportError } from './tenant';
import type { CliCommand, CliIo } from './types';

function usage(): string {
  return l10n.t(
    `Usage: {0} secret add --app ID [--description D] [--days N] [connection options]
       {0} secret rotate --app ID [--remove-old KEYID | --keep-old] [--yes] [--description D] [--days N] [connection options]
       {0} secret remove --app ID --key-id K [--yes] [connection options]

add: creates a client secret valid for N days ({1}-{2}, default {3}; the tenant's
credential policy may allow less) and prints its value, and only its value, to stdout; the key id
and expiry go to stderr. The value cannot be shown again.

rotate: adds a new secret while the old ones still work, prints its value to stdout, then removes
the old secret given by --remove-old (after asking; --yes in pipelines), or keeps them all with
--keep-old. On a terminal without either option it asks about each old secret. Nothing is written
when an option is missing or wrong.

remove: deletes the secret with that key id (after asking; --yes in pipelines).

  --yes              remove without asking (needed when stdin is not a terminal)

{4}

Exit codes: 0 done; 1 error or not confirmed (rotate: the new secret may have been added, see stderr).`,
    productName,
    SECRET_DAYS.min,
    SECRET_DAYS.max,
    SECRET_DAYS.default,
    connectionUsage(),
  );
}

/** An app's secret by key id, or a usage error listing the ones it has. */
function findSecret(app: JsonObject, keyId: string): SecretInfo {
  const secrets = secretsOf(app);
  const hit = secrets.find((s) => s.keyId.toLowerCase() === keyId.toLowerCase());
  if (hit) return hit;
  const list = secrets.map((s) => `  ${secretLabel(s)}`).join('\n');
  throw new UsageError(
    list
      ? `${l10n.t('{0} has no client secret with key id {1}. Its secrets:', String(app.displayName), keyId)}\n${list}`
      : l10n.t('{0} has no client secret with key id {1}. It has no client secrets.', String(app.displayName), keyId),
  );
}

async function remove(graph: GraphAccess, app: JsonObject, secret: SecretInfo, io: CliIo): Promise<void> {
  await removePassword(graph, String(app.id), secret.keyId);
  io.stderr(`${l10n.t('Removed the client secret {0} from {1}.', secretLabel(secret), String(app.displayName))}\n`);
}

const question = (app: JsonObject, s: SecretInfo, now: Date) =>
  `${l10n.t(
    'Remove the client secret {0} from {1}? Clients still using it can no longer sign in. [y/N]',
    secretLabel(s, now),
    String(app.displayName),
  )} `;

export const secretCommand: CliCommand = {
  name: 'secret',
  get summary() {
    return l10n.t('add, rotate or remove a client secret of an app registration');
  },
  get usage() {
    return usage();
  },
  async run(args, io) {
    let added: string | undefined;
    try {
      const [action, ...rest] = args;
      if (action !== 'add' && action !== 'remove' && action !== 'rotate')
        throw new UsageError(l10n.t('secret needs add, rotate or remove'));
      const values = parseTenantOptions(rest, {
        app: { type: 'string' },
        description: { type: 'string' },
        days: { type: 'string' },
        'key-id': { type: 'string' },
        'remove-old': { type: 'string' },
        'keep-old': { type: 'boolean' },
        yes: { type: 'boolean' },
      });
      if (typeof values.app !== 'string') throw new UsageError(l10n.t('{0} is required', '--app'));
      if (action !== 'rotate' && (values['remove-old'] !== undefined || values['keep-old'] !== undefined))
        throw new UsageError(l10n.t('{0} and {1} belong to secret rotate', '--remove-old', '--keep-old'));
      if (action === 'add' && values.yes !== undefined)
        throw new UsageError(l10n.t('secret add needs no {0}', '--yes'));
      const days = secretDays(typeof values.days === 'string' ? values.days : undefined);
      if (days === undefined)
        throw new UsageError(
          l10n.t('{0} must be a whole number from {1} to {2}', '--days', SECRET_DAYS.min, SECRET_DAYS.max),
        );
      const now = new Date();
      const graph = connect(values);
      const app = await readApplication(graph, appRef(values.app, undefined));
      const id = String(app.id);

      if (action === 'remove') {
        if (typeof values['key-id'] !== 'string') throw new UsageError(l10n.t('{0} is required', '--key-id'));
        const secret = findSecret(app, values['key-id']);
        if (!(await confirmWrite(values, io, 'secret remove', question(app, secret, now)))) return 1;
        await remove(graph, app, secret, io);
        return 0;
      }

      // rotate: everything that can stop it is checked before the new secret exists.
      let toRemove: SecretInfo[] | undefined;
      const others = secretsOf(app);
      if (action === 'rotate') {
        const keep = values['keep-old'] === true;
        const named = typeof values['remove-old'] === 'string' ? values['remove-old'] : undefined;
        if (keep && named) throw new UsageError(l10n.t('give {0} or {1}, not both', '--remove-old', '--keep-old'));
        if (named) {
          toRemove = [findSecret(app, named)];
          if (values.yes !== true && !(io.interactive && io.confirm))
            throw new UsageError(
              l10n.t('removing the old secret writes to the tenant; pass {0} (stdin is not a terminal)', '--yes'),
            );
        } else if (keep) {
          toRemove = [];
        } else if (others.length > 0 && !(io.interactive && io.confirm)) {
          throw new UsageError(
            `${
              others.length === 1
                ? l10n.t(
                    '{0} has 1 client secret; say what happens to it: {1}, or {2}.',
                    String(app.displayName),
                    '--remove-old KEYID --yes',
                    '--keep-old',
                  )
                : l10n.t(
                    '{0} has {1} client secrets; say what happens to them: {2}, or {3}.',
                    String(app.displayName),
                    others.length,
                    '--remove-old KEYID --yes',
                    '--keep-old',
                  )
            }\n${others.map((s) => `  ${secretLabel(s, now)}`).join('\n')}`,
          );
        } else {
          toRemove = undefined; // ask about each, on the terminal
        }
      }

      const description =
        typeof values.description === 'string'
          ? values.description
          : action === 'rotate'
            ? `Rotated ${now.toISOString().slice(0, 10)}`
            : undefined;
      const secret = await addPassword(graph, id, {
        ...(description ? { displayName: description } : {}),
        endDateTime: secretEndDateTime(now, days),
      });
      added = secret.keyId;
      io.stdout(`${secret.secretText}\n`);
      io.stderr(
        `${l10n.t(
          'Added secret {0} to {1}, valid until {2}. Store the value now: it cannot be shown again.',
          secret.keyId,
          String(app.displayName),
          secret.endDateTime,
        )}\n`,
      );
      if (action === 'add') return 0;

      // The old secrets as the tenant lists them now (one of them may have gone meanwhile).
      const current = rotationCandidates(await readApplication(graph, { id }), secret.keyId);
      const still = (s: SecretInfo) => current.find((c) => c.keyId.toLowerCase() === s.keyId.toLowerCase());
      if (toRemove === undefined) {
        for (const old of current)
          if (await io.confirm!(question(app, old, now))) await remove(graph, app, old, io);
          else io.stderr(`${l10n.t('Kept {0}.', secretLabel(old, now))}\n`);
        return 0;
      }
      if (toRemove.length === 0) {
        for (const old of current)
          io.stderr(
            `${l10n.t(
              'Kept {0}: remove it once every client uses the new secret ({1}).',
              secretLabel(old, now),
              `secret remove --key-id ${old.keyId}`,
            )}\n`,
          );
        return 0;
      }
      const old = still(toRemove[0]!);
      if (!old) {
        io.stderr(`${l10n.t('The old secret {0} is gone already.', toRemove[0]!.keyId)}\n`);
        return 0;
      }
      if (!(await confirmWrite(values, io, 'secret rotate', question(app, old, now)))) {
        io.stderr(`${l10n.t('Kept {0}.', secretLabel(old, now))}\n`);
        return 1;
      }
      await remove(graph, app, old, io);
      return 0;
    } catch (err) {
      if (added)
        io.stderr(
          `${productName}: ${l10n.t('the new secret {0} was added; the old ones were not all removed.', added)}\n`,
        );
      return reportError(err, io, usage());
    }
  },
};
