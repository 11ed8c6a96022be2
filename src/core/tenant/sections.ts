/**
 * What an expanded app registration shows in the tenant explorer, built from the model's data:
 * sections (Overview, Authentication, …) with their rows, as plain data. The explorer turns rows into
 * tree nodes; this module knows nothing of the editor. Texts shown to the user go through `t`
 * (the editor's translator, `{0}` placeholders), tooltips are Markdown lines with untrusted parts escaped.
 */
import type { GraphError } from '../graph/errors';
// The type-only import also tells @vscode/l10n-dev that `l10n.t('…')` here are texts for the bundle.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from './expiry';
import { codeSpan, escapeMarkdown } from '../text/escape';
import type { PermissionStatus } from './consent';
import type { AppDetails } from './model';
import { credentialSummary, expiryState, readableDate, relativeDays, type ExpiryState } from './expiry';
import type { CredentialInfo } from './types';

export type { Localizer, Translate } from './expiry';
/** A value filled into a row's text (`{0}`). */
export type TextArg = l10n.L10nReplacement;
export {
  attentionCount,
  credentialSummary,
  expiringSoonDays,
  expiryState,
  readableDate,
  type ExpiryState,
} from './expiry';

/** A codicon and an optional theme color id. */
export interface RowIcon {
  readonly id: string;
  readonly color?: string;
}

/** A row that shows a value (and groups rows below it). */
export interface ValueRow {
  readonly kind: 'value';
  /** Unique among its siblings; makes the node's stable id. */
  readonly key: string;
  readonly label: string;
  readonly description?: string;
  /** What "Copy Value" copies; none when absent. */
  readonly copy?: string;
  readonly icon?: RowIcon;
  /** Markdown lines, untrusted parts escaped. */
  readonly tooltip?: readonly string[];
  /** Context value tokens for menus (besides the ones every value row has). */
  readonly contextValue?: string;
  readonly expanded?: boolean;
  readonly children: readonly SectionRow[];
}

/** A part of the app that could not be read; clicking it loads the app again. */
export interface ErrorRow {
  readonly kind: 'error';
  readonly key: string;
  readonly error: GraphError;
}

export type SectionRow = ValueRow | ErrorRow;

/** Context value token of a section row. */
export const sectionContextValue = 'entraSection';

function icon(id: string, color?: string): RowIcon {
  return color ? { id, color } : { id };
}

function value(
  key: string,
  label: string,
  description: string | undefined,
  options: Omit<ValueRow, 'kind' | 'key' | 'label' | 'description' | 'children'> = {},
  children: SectionRow[] = [],
): ValueRow & { children: SectionRow[] } {
  return {
    kind: 'value',
    key,
    label,
    ...(description !== undefined ? { description } : {}),
    ...options,
    children,
  };
}

function credentialRow(c: CredentialInfo, now: number, l10n: Localizer): ValueRow {
  const state = expiryState(c.endDateTime, now);
  const end = c.endDateTime ? Date.parse(c.endDateTime) : NaN;
  const when = Number.isNaN(end) ? l10n.t('no end date') : relativeDays(end, now, l10n);
  const iconFor: Record<ExpiryState, RowIcon> = {
    expired: icon('error', 'list.errorForeground'),
    expiring: icon('warning', 'list.warningForeground'),
    valid: icon('pass', 'testing.iconPassed'),
    unknown: icon('question'),
  };
  const kind = c.kind === 'secret' ? l10n.t('Secret') : l10n.t('Certificate');
  const label = c.displayName || (c.hint ? `${c.hint}…` : c.keyId);
  return value(`cred:${c.keyId}`, label, `${kind} · ${when}`, {
    copy: c.keyId,
    icon: iconFor[state],
    contextValue: `entraCredential entraCredential-${state} entraCredential-${c.kind}`,
    tooltip: [
      `**${escapeMarkdown(label)}** (${kind})`,
      `Key id ${codeSpan(c.keyId)}`,
      c.startDateTime ? `Start ${escapeMarkdown(c.startDateTime)}` : '',
      c.endDateTime ? `End ${escapeMarkdown(c.endDateTime)}` : '',
      c.kind === 'certificate' && c.type ? `${escapeMarkdown(c.type)} ${escapeMarkdown(c.usage ?? '')}` : '',
    ].filter(Boolean),
  });
}

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

/** Display names of other apps the tenant model already knows (no requests). */
export interface AppNames {
  appName(appId: string): string | undefined;
}

/** The sections of an expanded app, in order, from its details (no requests). */
export function appSections(d: AppDetails, names: AppNames, now: number, l10n: Localizer): ValueRow[] {
  const a = d.app;
  const yesNo = (v: boolean): string => (v ? l10n.t('Yes') : l10n.t('No'));
  // `extra`: a context value token for the section's menu actions (write path).
  const section = (key: string, label: string, iconId: string, description?: string, extra?: string) =>
    value(key, label, description, {
      icon: icon(iconId),
      contextValue: extra ? `${sectionContextValue} ${extra}` : sectionContextValue,
    });

  const overview = section('overview', l10n.t('Overview'), 'info');
  overview.children.push(
    value('appId', l10n.t('Application (client) ID'), a.appId, { copy: a.appId, icon: icon('key') }),
    value('objectId', l10n.t('Object ID'), a.id, { copy: a.id, icon: icon('symbol-field') }),
    value('audience', l10n.t('Supported account types'), a.signInAudience ?? '—', {
      ...(a.signInAudience !== undefined ? { copy: a.signInAudience } : {}),
      icon: icon('globe'),
    }),
    value(
      'tokenVersion',
      l10n.t('Access token version'),
      a.requestedAccessTokenVersion === null ? l10n.t('1 (default)') : String(a.requestedAccessTokenVersion),
      { copy: String(a.requestedAccessTokenVersion ?? 1), icon: icon('versions') },
    ),
    value('publisherDomain', l10n.t('Publisher domain'), a.publisherDomain ?? '—', {
      ...(a.publisherDomain !== undefined ? { copy: a.publisherDomain } : {}),
      icon: icon('globe'),
    }),
    value('created', l10n.t('Created'), a.createdDateTime ? readableDate(a.createdDateTime) : '—', {
      ...(a.createdDateTime !== undefined ? { copy: a.createdDateTime } : {}),
      icon: icon('calendar'),
    }),
  );

  const auth = section('authentication', l10n.t('Authentication'), 'shield', undefined, 'entraAuthentication');
  const platforms: Array<[string, string, readonly string[]]> = [
    ['web', l10n.t('Web'), a.webRedirectUris],
    ['spa', l10n.t('Single-page application'), a.spaRedirectUris],
    ['public', l10n.t('Mobile and desktop (public client)'), a.publicClientRedirectUris],
  ];
  for (const [key, label, uris] of platforms) {
    if (uris.length === 0) {
      continue;
    }
    auth.children.push(
      value(
        key,
        label,
        String(uris.length),
        { icon: icon('link'), contextValue: 'entraRedirectPlatform' },
        uris.map((u, i) =>
          value(`uri${i}`, u, undefined, { copy: u, icon: icon('link-external'), contextValue: 'entraRedirectUri' }),
        ),
      ),
    );
  }
  if (!platforms.some(([, , uris]) => uris.length)) {
    auth.children.push(value('noUris', l10n.t('No redirect URIs'), undefined, { icon: icon('info') }));
  }
  const implicit = a.implicitAccessTokens || a.implicitIdTokens;
  auth.children.push(
    value(
      'implicit',
      l10n.t('Implicit grant'),
      implicit
        ? [a.implicitAccessTokens ? l10n.t('access tokens') : '', a.implicitIdTokens ? l10n.t('ID tokens') : '']
            .filter(Boolean)
            .join(', ')
        : l10n.t('off'),
      { icon: a.implicitAccessTokens ? icon('warning', 'list.warningForeground') : icon('circle-slash') },
    ),
    value('publicClient', l10n.t('Allow public client flows'), yesNo(a.isFallbackPublicClient), {
      icon: icon('device-desktop'),
    }),
  );

  const summary = credentialSummary(
    a.credentials.map((c) => (c.endDateTime ? Date.parse(c.endDateTime) : NaN)).filter((e) => !Number.isNaN(e)),
    now,
    l10n,
  );
  const creds = section(
    'credentials',
    l10n.t('Certificates & secrets'),
    'key',
    summary ? `${a.credentials.length} · ${summary}` : String(a.credentials.length),
    'entraCredentials',
  );
  creds.children.push(...a.credentials.map((c) => credentialRow(c, now, l10n)));
  if (!a.credentials.length) {
    creds.children.push(value('none', l10n.t('No secrets or certificates'), undefined, { icon: icon('info') }));
  }

  const api = section('api', l10n.t('Expose an API'), 'symbol-interface');
  api.children.push(
    value(
      'identifierUris',
      l10n.t('Application ID URIs'),
      String(a.identifierUris.length),
      { icon: icon('link') },
      a.identifierUris.map((u, i) => value(`u${i}`, u, undefined, { copy: u, icon: icon('link') })),
    ),
    value(
      'scopes',
      l10n.t('Scopes'),
      String(a.scopes.length),
      { icon: icon('symbol-key') },
      a.scopes.map((s) => {
        const who = s.type === 'Admin' ? l10n.t('Admins only') : l10n.t('Admins and users');
        return value(`s:${s.id}`, s.value, `${who}${s.isEnabled ? '' : ` · ${l10n.t('disabled')}`}`, {
          copy: a.identifierUris[0] ? `${a.identifierUris[0]}/${s.value}` : s.value,
          icon: s.isEnabled ? icon('symbol-key') : icon('circle-slash'),
          contextValue: `entraScope entraScope-${s.isEnabled ? 'enabled' : 'disabled'}`,
          tooltip: [
            `**${escapeMarkdown(s.value)}**`,
            s.adminConsentDisplayName ? escapeMarkdown(s.adminConsentDisplayName) : '',
            `id ${codeSpan(s.id)}`,
          ].filter(Boolean),
        });
      }),
    ),
    value(
      'authorizedClients',
      l10n.t('Authorized client applications'),
      String(a.preAuthorizedApplications.length),
      { icon: icon('verified') },
      a.preAuthorizedApplications.map((p) => {
        const name = names.appName(p.appId) ?? p.appId;
        const scopeNames = p.permissionIds.map((id) => a.scopes.find((s) => s.id === id)?.value ?? id);
        return value(`c:${p.appId}`, name, scopeNames.join(', '), {
          copy: p.appId,
          icon: icon('verified'),
          tooltip: [
            `**${escapeMarkdown(name)}**`,
            `Client id ${codeSpan(p.appId)}`,
            scopeNames.map((s) => escapeMarkdown(s)).join(', '),
          ],
        });
      }),
    ),
  );

  const roles = section('roles', l10n.t('App roles'), 'person', String(a.appRoles.length));
  for (const r of a.appRoles) {
    const members = r.allowedMemberTypes
      .map((m) => (m === 'User' ? l10n.t('Users/Groups') : m === 'Application' ? l10n.t('Applications') : m))
      .join(', ');
    roles.children.push(
      value(
        `r:${r.id}`,
        r.value ?? r.displayName ?? r.id,
        `${members}${r.isEnabled ? '' : ` · ${l10n.t('disabled')}`}`,
        {
          copy: r.value ?? r.id,
          icon: r.isEnabled ? icon('person') : icon('circle-slash'),
          contextValue: `entraAppRole entraAppRole-${r.isEnabled ? 'enabled' : 'disabled'}`,
          tooltip: [`**${escapeMarkdown(r.displayName ?? r.value ?? r.id)}**`, `id ${codeSpan(r.id)}`],
        },
      ),
    );
  }

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
                `${l10n.t('Admin consent required')}: ${p.adminConsentRequired === undefined ? '?' : yesNo(p.adminConsentRequired)}`,
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
      value('assignmentRequired', l10n.t('Assignment required'), yesNo(sp.appRoleAssignmentRequired), {
        icon: icon('lock'),
      }),
      value('enabled', l10n.t('Enabled for sign-in'), yesNo(sp.accountEnabled), {
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
  return [overview, auth, creds, api, roles, perms, owners, ent];
}
