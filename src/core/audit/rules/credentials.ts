// Credential rules: expired and expiring secrets and certificates, long lifetimes, secrets where a
// certificate or federated credential would do.
import type { AuditApp, AuditRule } from '../types';
import { arr, BEST, CREDS, DAY, day, grantedRoles, obj, publicClientOnly, requestsRoles, str } from './shared';

interface Credential {
  readonly kind: 'secret' | 'certificate';
  readonly path: string;
  readonly label: string;
  readonly start: number | undefined;
  readonly end: number | undefined;
}

function credentials(app: AuditApp): Credential[] {
  const out: Credential[] = [];
  for (const [key, kind] of [
    ['passwordCredentials', 'secret'],
    ['keyCredentials', 'certificate'],
  ] as const) {
    arr(app.json[key]).forEach((raw, i) => {
      const c = obj(raw);
      if (!c) return;
      const end = Date.parse(str(c.endDateTime) ?? '');
      const start = Date.parse(str(c.startDateTime) ?? '');
      const name = str(c.displayName) || str(c.keyId) || `#${i + 1}`;
      out.push({
        kind,
        path: `/${key}/${i}`,
        label: `${kind === 'secret' ? 'Client secret' : 'Certificate'} "${name}"`,
        start: Number.isNaN(start) ? undefined : start,
        end: Number.isNaN(end) ? undefined : end,
      });
    });
  }
  return out;
}

export const credentialExpired: AuditRule = {
  id: 'audit-credential-expired',
  severity: 'warning',
  title: 'Expired client secrets and certificates.',
  risk: 'An expired credential no longer signs anyone in, but it hides which credential is really in use and often means an app is broken or abandoned.',
  action: 'Remove the expired credential (and, if the app is still used, check that it has a valid one).',
  docs: BEST,
  check(app, ctx, report) {
    for (const c of credentials(app)) {
      if (c.end !== undefined && c.end <= ctx.now)
        report(`${c.path}/endDateTime`, `${c.label} expired on ${day(c.end)}. Remove it.`);
    }
  },
};

export const credentialExpiring: AuditRule = {
  id: 'audit-credential-expiring',
  severity: 'warning',
  title: 'Client secrets and certificates expiring soon (within the configured number of days, 30 by default).',
  risk: 'When the last valid credential expires the app stops signing in: an outage.',
  action:
    'Add a new credential (a certificate or a federated credential where possible), deploy it, then remove the old one.',
  docs: BEST,
  check(app, ctx, report) {
    const limit = ctx.now + ctx.expiringDays * DAY;
    for (const c of credentials(app)) {
      if (c.end !== undefined && c.end > ctx.now && c.end <= limit) {
        report(
          `${c.path}/endDateTime`,
          `${c.label} expires on ${day(c.end)} (in ${Math.ceil((c.end - ctx.now) / DAY)} days). Rotate it.`,
        );
      }
    }
  },
};

export const credentialLifetime: AuditRule = {
  id: 'audit-credential-lifetime',
  severity: 'warning',
  title: 'Credentials valid for longer than the policy limit (secrets 180 days, certificates 365 days by default).',
  risk: 'A long-lived credential stays useful to whoever copies it for a long time.',
  action: 'Replace it with a credential of a shorter lifetime, and enforce the limit with an app management policy.',
  docs: BEST,
  peers: [
    {
      tool: 'Zero Trust Assessment',
      id: '21992',
      title: 'Application certificates need to be rotated on a regular basis',
      related: true,
    },
  ],
  check(app, ctx, report) {
    for (const c of credentials(app)) {
      if (c.end === undefined || c.start === undefined || c.end <= ctx.now) continue;
      const maxDays = c.kind === 'secret' ? ctx.maxSecretLifetimeDays : ctx.maxCertificateLifetimeDays;
      const days = Math.round((c.end - c.start) / DAY);
      if (days > maxDays)
        report(
          `${c.path}/endDateTime`,
          `${c.label} is valid for ${days} days, over the limit of ${maxDays}. Replace it with a shorter-lived one.`,
        );
    }
  },
};

export const secretInsteadOfCertificate: AuditRule = {
  id: 'audit-secret-not-certificate',
  severity: 'warning',
  title: 'Daemon apps (application permissions) that sign in with a client secret.',
  risk: 'A secret is a password: it ends up in configuration files and scripts, and whoever has it gets every application permission of the app without any user.',
  action: 'Use a managed identity, a federated credential or a certificate, then remove the secret.',
  docs: CREDS,
  peers: [
    {
      tool: 'Zero Trust Assessment',
      id: '21772',
      title: "Applications don't have client secrets configured",
      related: true,
    },
  ],
  check(app, ctx, report) {
    if (publicClientOnly(app)) return;
    const daemon = grantedRoles(app, ctx).length > 0 || requestsRoles(app);
    if (!daemon) return;
    for (const c of credentials(app)) {
      if (c.kind === 'secret' && (c.end === undefined || c.end > ctx.now)) {
        report(
          c.path,
          `${c.label} signs in an app with application permissions. Use a certificate, federated credential or managed identity instead.`,
        );
      }
    }
  },
};
