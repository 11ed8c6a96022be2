// The sections that show the application object: Overview, Authentication, Certificates & secrets,
// Expose an API, App roles.
/** The type-only import tells @vscode/l10n-dev that the {@link l10n.t} calls here are texts for the bundle. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- named in the comment above, read by the extractor
import type * as l10n from '@vscode/l10n';
import { codeSpan, escapeMarkdown } from '../../text/escape';
import {
  credentialSummary,
  expiryState,
  readableDate,
  relativeDays,
  type ExpiryState,
  type Localizer,
} from '../expiry';
import type { CredentialInfo } from '../types';
import { icon, section, value, yesNo, type RowIcon, type SectionInput, type ValueRow } from './rows';

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

/** The Overview: ids, audience, token version, publisher, creation date. */
export function overviewSection({ d, l10n }: SectionInput): ValueRow {
  const a = d.app;
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
  return overview;
}

/** Authentication: redirect URIs per platform, implicit grant, public client flows. */
export function authenticationSection({ d, l10n }: SectionInput): ValueRow {
  const a = d.app;
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
    value('publicClient', l10n.t('Allow public client flows'), yesNo(l10n, a.isFallbackPublicClient), {
      icon: icon('device-desktop'),
    }),
  );
  return auth;
}

/** Certificates & secrets, each with its expiry. */
export function credentialsSection({ d, now, l10n }: SectionInput): ValueRow {
  const a = d.app;
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
  return creds;
}

/** Expose an API: identifier URIs, scopes, authorized client applications. */
export function apiSection({ d, names, l10n }: SectionInput): ValueRow {
  const a = d.app;
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
  return api;
}

/** App roles. */
export function rolesSection({ d, l10n }: SectionInput): ValueRow {
  const a = d.app;
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
  return roles;
}
