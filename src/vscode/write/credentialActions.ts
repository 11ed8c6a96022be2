/**
 * Credential actions of the explorer and the command palette: rotating a client secret as one
 * flow (the new secret is added while the old one still works, its value shown once with Copy,
 * then removing the old one is offered in a confirmation naming it), and uploading a public
 * certificate (read here, parsed in io, planned as keyCredentials in core, confirmed through the
 * same plan as a manifest edit). A secret's value is never returned, logged or stored.
 */
import * as vscode from 'vscode';
import {
  CertificateRefused,
  rotationCandidates,
  secretDays,
  secretEndDateTime,
  secretLabel,
} from '../../core/plan/credentials';
import type { SecretInfo } from '../../core/plan/credentials';
import { SECRET_DAYS } from '../../core/plan/credentials';
import { CertificateFileError, parseCertificate } from '../../io/certificates';
import { addPassword, planCertificateUpload, readApplication, removePassword } from '../../io/graph/writes';
import type { TenantConnection } from '../auth/session';
import type { FlowResult, WriteFlow, WriteHost } from './flow';
import { keyOf, pickConnection } from './targets';
import type { PickItem, WriteUserInput } from './ui';
import { errorText } from '../../core/graph/errors';

/** The app a tree node belongs to, as the explorer tells it. */
export interface NodeApp {
  readonly connection: TenantConnection;
  readonly entry: { readonly id: string; readonly appId: string };
  readonly label: string;
  readonly deleted: boolean;
}

interface Deps {
  readonly appOf: (node: unknown) => NodeApp | undefined;
  readonly host: WriteHost;
  readonly flow: WriteFlow;
  readonly ui: () => WriteUserInput;
}

/** The app a command acts on. */
interface TargetApp {
  readonly connection: TenantConnection;
  readonly id: string;
  readonly appId: string;
  readonly label: string;
}

/** What a rotation returns: what identifies the secrets, never a value. */
export interface RotationResult {
  readonly status: 'rotated' | 'kept' | 'cancelled';
  readonly keyId?: string;
  readonly hint?: string;
  readonly endDateTime?: string;
  /** The old secret removed (`rotated`) or offered and kept (`kept`). */
  readonly oldKeyId?: string;
}

/** From a tree node, or (command palette) a tenant and an app picked by name. */
async function targetApp(node: unknown, deps: Deps, title: string): Promise<TargetApp | undefined> {
  const app = deps.appOf(node);
  if (app) {
    if (app.deleted) return undefined;
    return { connection: app.connection, id: app.entry.id, appId: app.entry.appId, label: app.label };
  }
  const ui = deps.ui();
  const connection = await pickConnection(ui, deps.host.connections(), vscode.l10n.t('Which tenant?'));
  if (!connection) return undefined;
  const loaded = connection.model.list('all').entries;
  const other = { label: vscode.l10n.t('$(edit) Its application (client) id or object id…'), value: '' };
  const picked = await ui.pick<string>(
    [...loaded.map((e) => ({ label: e.displayName || e.appId, description: e.appId, value: e.id })), other],
    { title, placeHolder: vscode.l10n.t('Type an app name') },
  );
  if (!picked) return undefined;
  const typed = picked.value
    ? undefined
    : (await ui.input({ title, prompt: vscode.l10n.t('Application (client) id or object id') }))?.trim();
  if (!picked.value && !typed) return undefined;
  const live = await readApplication(connection.graph, picked.value ? { id: picked.value } : { any: typed! });
  return {
    connection,
    id: String(live.id),
    appId: String(live.appId),
    label: String(live.displayName ?? live.appId),
  };
}

/** The handlers of Rotate Client Secret and Upload Certificate (registered with the explorer's actions). */
export function credentialCommands(deps: Deps): {
  rotateSecret: (node?: unknown) => Promise<RotationResult | undefined>;
  uploadCertificate: (node?: unknown, file?: vscode.Uri) => Promise<FlowResult | undefined>;
} {
  const refresh = (t: TargetApp): Promise<void> =>
    deps.host.refreshApp(t.connection, { id: t.id, appId: t.appId }).catch(() => undefined);

  const rotateSecret = async (node?: unknown): Promise<RotationResult | undefined> => {
    const app = await targetApp(node, deps, vscode.l10n.t('Rotate the client secret of which app?'));
    if (!app) return undefined;
    const ui = deps.ui();
    // A secret's row names the one to replace; from the app or its credentials, the soonest to expire.
    const rowKey = keyOf(node).startsWith('cred:') ? keyOf(node).slice(5) : undefined;
    const now = new Date();
    const description = await ui.input({
      title: vscode.l10n.t('Rotate the client secret of {0}: the new secret', app.label),
      prompt: vscode.l10n.t('Description (shown in the admin center)'),
      value: vscode.l10n.t('Rotated {0}', now.toISOString().slice(0, 10)),
    });
    if (description === undefined) return { status: 'cancelled' };
    const daysText = await ui.input({
      title: vscode.l10n.t('Valid for how many days?'),
      prompt: vscode.l10n.t(
        "{0} to {1} days; your tenant's credential policy may allow less",
        SECRET_DAYS.min,
        SECRET_DAYS.max,
      ),
      value: String(SECRET_DAYS.default),
      validate: (t) =>
        secretDays(t) === undefined
          ? vscode.l10n.t('A whole number from {0} to {1}', SECRET_DAYS.min, SECRET_DAYS.max)
          : undefined,
    });
    const days = daysText === undefined ? undefined : secretDays(daysText);
    if (days === undefined) return { status: 'cancelled' };
    const endDateTime = secretEndDateTime(now, days);
    const ok = await ui.confirm({
      title: vscode.l10n.t('Rotate the client secret of {0}?', app.label),
      detail: vscode.l10n.t(
        '1. Adds "{0}", valid until {1}: POST /applications/{2}/addPassword. The current secrets keep working; the new value is shown once, right after, and stored nowhere.\n2. Then asks whether to remove the old secret (POST /applications/{2}/removePassword).',
        description,
        endDateTime.slice(0, 10),
        app.id,
      ),
      action: vscode.l10n.t('Add new secret'),
    });
    if (!ok) return { status: 'cancelled' };
    const graph = deps.flow.writeGraphs.for(app.connection);
    const secret = await addPassword(graph, app.id, {
      ...(description ? { displayName: description } : {}),
      endDateTime,
    });
    const added = { keyId: secret.keyId, hint: secret.hint, endDateTime: secret.endDateTime };
    await ui.showSecret(
      vscode.l10n.t('New client secret for {0}', app.label),
      secret.secretText,
      vscode.l10n.t(
        'Copy it now: it cannot be shown again. Key id {0}, valid until {1}. Put it where your clients read it, then remove the old secret.',
        secret.keyId,
        secret.endDateTime.slice(0, 10),
      ),
    );
    await refresh(app);

    // The old secrets as the tenant lists them now.
    const candidates = rotationCandidates(await readApplication(app.connection.graph, { id: app.id }), secret.keyId);
    let old: SecretInfo | undefined = candidates.find((c) => rowKey && c.keyId.toLowerCase() === rowKey.toLowerCase());
    if (!old && candidates.length === 1) old = candidates[0];
    if (!old && candidates.length > 1) {
      const keepAll: PickItem<SecretInfo | undefined> = { label: vscode.l10n.t('Keep them all'), value: undefined };
      old = (
        await ui.pick<SecretInfo | undefined>(
          [
            ...candidates.map((c) => ({ label: secretLabel(c, vscode.l10n, now), value: c as SecretInfo | undefined })),
            keepAll,
          ],
          { title: vscode.l10n.t('Remove which old secret of {0}?', app.label) },
        )
      )?.value;
    }
    if (!old) {
      if (candidates.length > 0) void ui.notify('info', vscode.l10n.t('Added the new secret; the old ones were kept.'));
      return { status: candidates.length > 0 ? 'kept' : 'rotated', ...added };
    }
    const remove = await ui.confirm({
      title: vscode.l10n.t('Remove the old client secret {0} from {1}?', secretLabel(old, vscode.l10n, now), app.label),
      detail: vscode.l10n.t(
        'Clients still using it can no longer sign in: give them the new secret first.\nPOST /applications/{0}/removePassword (keyId {1})',
        app.id,
        old.keyId,
      ),
      action: vscode.l10n.t('Remove old secret'),
    });
    if (!remove) {
      void ui.notify(
        'info',
        vscode.l10n.t(
          'Kept the old secret {0}. Remove it from Certificates & secrets once every client uses the new one.',
          secretLabel(old, vscode.l10n, now),
        ),
      );
      return { status: 'kept', ...added, oldKeyId: old.keyId };
    }
    try {
      await removePassword(graph, app.id, old.keyId);
    } catch (err) {
      await refresh(app);
      const reason = errorText(err, vscode.l10n);
      void ui.notify(
        'error',
        vscode.l10n.t(
          'The new secret was added, but removing the old secret {0} failed: {1}',
          secretLabel(old, vscode.l10n, now),
          reason,
        ),
      );
      return { status: 'kept', ...added, oldKeyId: old.keyId };
    }
    await refresh(app);
    void ui.notify(
      'info',
      vscode.l10n.t('Rotated the client secret of {0}: removed {1}.', app.label, secretLabel(old, vscode.l10n, now)),
    );
    return { status: 'rotated', ...added, oldKeyId: old.keyId };
  };

  const uploadCertificate = async (node?: unknown, file?: vscode.Uri): Promise<FlowResult | undefined> => {
    const app = await targetApp(node, deps, vscode.l10n.t('Upload a certificate to which app?'));
    if (!app) return undefined;
    const ui = deps.ui();
    const uri =
      file ??
      (
        await vscode.window.showOpenDialog({
          title: vscode.l10n.t('Public certificate for {0}', app.label),
          openLabel: vscode.l10n.t('Upload'),
          canSelectMany: false,
          filters: { [vscode.l10n.t('Certificates')]: ['pem', 'cer', 'crt', 'der'] },
        })
      )?.[0];
    if (!uri) return undefined;
    try {
      const name = uri.path.split('/').pop() ?? uri.path;
      const cert = parseCertificate(Buffer.from(await vscode.workspace.fs.readFile(uri)), name, vscode.l10n);
      const planned = await planCertificateUpload(app.connection.graph, { id: app.id }, cert, { l10n: vscode.l10n });
      return await deps.flow.apply({
        connection: app.connection,
        ref: { id: app.id },
        desired: planned.desired,
        base: planned.base,
        label: vscode.l10n.t('Upload certificate {0} (thumbprint {1})', cert.subject, cert.thumbprint),
      });
    } catch (err) {
      if (err instanceof CertificateFileError || err instanceof CertificateRefused) {
        void ui.notify('error', err.message);
        return { status: 'cancelled' };
      }
      throw err;
    }
  };

  return { rotateSecret, uploadCertificate };
}
