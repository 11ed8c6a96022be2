// The sections of what the tenant holds for the app: API permissions and their consent, owners, the
// enterprise application and its role assignments.
/** The type-only import tells @vscode/l10n-dev that the {@link l10n.t} calls here are texts for the bundle. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- named in the comment above, read by the extractor
import type * as l10n from '@vscode/l10n';
import { codeSpan, escapeMarkdown } from '../../text/escape';
import type { PermissionStatus } from '../consent';
import { icon, section, value, yesNo, type RowIcon, type SectionInput, type ValueRow } from './rows';

function permissionIcon(p: PermissionStatus): RowIcon {
  switch (p.state) {
    case 'grantedForTenant':
      return icon('pass-filled', 'testing.iconPassed');
    case 'grantedForSomeUsers':
      return icon('pass', 'list.warningForeground');
    case 'unknown':
      return icon('question');
    default:
      return p.adminConsentRequired ? icon('warning', 'list.warningForeground') : icon('circle-large-outline');
  }
}

/** API permissions by resource, with their consent state. */
export function permissionsSection({ d, l10n }: SectionInput): ValueRow {
  const perms = section(
    'permissions',
    l10n.t('API permissions'),
    'lock',
    String(d.permissions.length),
    'entraPermissions',
  );
  const byResource = new Map<string, PermissionStatus[]>();
  for (const p of d.permissions) {
    byResource.set(p.resourceAppId, [...(byResource.get(p.resourceAppId) ?? []), p]);
  }
  for (const [resourceAppId, list] of byResource) {
    perms.children.push(
      value(
        `res:${resourceAppId}`,
        list[0]!.resourceName,
        String(list.length),
        { copy: resourceAppId, icon: icon('server'), expanded: true },
        list.map((p) => {
          const kind = p.kind === 'Scope' ? l10n.t('Delegated') : l10n.t('Application');
          const admin = p.adminConsentRequired ? ` · ${l10n.t('Admin consent required')}` : '';
          return value(
            `p:${p.kind}:${p.permissionId}`,
            p.value ?? p.permissionId,
            `${kind} · ${p.statusText}${admin}`,
            {
              copy: p.value ?? p.permissionId,
              icon: permissionIcon(p),
              contextValue: `entraPermission entraPermission-${p.state}`,
              tooltip: [
                `**${escapeMarkdown(p.value ?? p.permissionId)}** (${kind})`,
                `${escapeMarkdown(p.resourceName)} · id ${codeSpan(p.permissionId)}`,
                `${l10n.t('Status')}: ${escapeMarkdown(p.statusText)}`,
                `${l10n.t('Admin consent required')}: ${p.adminConsentRequired === undefined ? '?' : yesNo(l10n, p.adminConsentRequired)}`,
              ],
            },
          );
        }),
      ),
    );
  }
  for (const [part, err] of Object.entries(d.errors)) {
    if (part === 'grants' || part === 'assignments' || part === 'names') {
      perms.children.push({ kind: 'error', key: `error-${part}`, error: err });
    }
  }
  return perms;
}

/** Owners. */
export function ownersSection({ d, l10n }: SectionInput): ValueRow {
  const a = d.app;
  const owners = section('owners', l10n.t('Owners'), 'account', a.owners ? String(a.owners.length) : undefined);
  for (const o of a.owners ?? []) {
    owners.children.push(
      value(`o:${o.id}`, o.displayName ?? o.id, o.userPrincipalName, {
        copy: o.userPrincipalName ?? o.id,
        icon: icon(o.type === 'servicePrincipal' ? 'server' : 'account'),
      }),
    );
  }
  if (a.owners && a.owners.length === 0) {
    owners.children.push(
      value('none', l10n.t('No owners'), undefined, { icon: icon('warning', 'list.warningForeground') }),
    );
  }
  return owners;
}

/** The enterprise application (service principal) and its role assignments. */
export function enterpriseSection({ d, l10n }: SectionInput): ValueRow {
  const a = d.app;
  const ent = section(
    'enterprise',
    l10n.t('Enterprise application'),
    'server-environment',
    d.sp ? l10n.t('present') : l10n.t('none'),
  );
  if (d.errors.servicePrincipal) {
    ent.children.push({ kind: 'error', key: 'error', error: d.errors.servicePrincipal });
  } else if (!d.sp) {
    ent.children.push(
      value('none', l10n.t('No service principal in this tenant'), l10n.t('nobody can sign in to it here yet'), {
        icon: icon('circle-slash'),
      }),
    );
  } else {
    const sp = d.sp;
    ent.children.push(
      value('spId', l10n.t('Service principal object ID'), sp.id, { copy: sp.id, icon: icon('symbol-field') }),
      value('assignmentRequired', l10n.t('Assignment required'), yesNo(l10n, sp.appRoleAssignmentRequired), {
        icon: icon('lock'),
      }),
      value('enabled', l10n.t('Enabled for sign-in'), yesNo(l10n, sp.accountEnabled), {
        icon: icon(sp.accountEnabled ? 'pass' : 'circle-slash'),
      }),
      value(
        'assignedTo',
        l10n.t('Role assignments'),
        String(d.assignedTo.length),
        { icon: icon('organization') },
        d.assignedTo.map((r) => {
          const role = a.appRoles.find((x) => x.id === r.appRoleId);
          const roleName =
            role?.value ??
            role?.displayName ??
            (r.appRoleId === '00000000-0000-0000-0000-000000000000' ? l10n.t('Default access') : r.appRoleId);
          return value(
            `as:${r.id}`,
            r.principalDisplayName ?? r.principalId,
            `${roleName} · ${r.principalType ?? ''}`.trim(),
            {
              copy: r.principalId,
              icon: icon(
                r.principalType === 'Group'
                  ? 'organization'
                  : r.principalType === 'ServicePrincipal'
                    ? 'server'
                    : 'account',
              ),
            },
          );
        }),
      ),
    );
    if (d.errors.assignedTo) {
      ent.children.push({ kind: 'error', key: 'error-assignedTo', error: d.errors.assignedTo });
    }
  }
  return ent;
}
