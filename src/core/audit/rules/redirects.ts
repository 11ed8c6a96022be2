// Redirect URI rules: tunnel hosts and azurewebsites.net addresses that another tenant could claim.
import type { AuditApp, AuditRule } from '../types';
import { REPLY, arr, obj } from './shared';

/** Hosts that hand out names to anyone for a while (tunnels); a later holder of the name receives tokens. */
export const TUNNEL_HOSTS: readonly string[] = [
  'ngrok.io',
  'ngrok.app',
  'ngrok.dev',
  'ngrok-free.app',
  'ngrok-free.dev',
  'loca.lt',
  'localtunnel.me',
  'trycloudflare.com',
  'serveo.net',
  'serveousercontent.com',
  'localhost.run',
  'lhr.life',
  'devtunnels.ms',
  'pagekite.me',
  'telebit.io',
];

function hostOf(uri: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(uri);
  if (!m) return undefined;
  const authority = m[1]!.slice(m[1]!.lastIndexOf('@') + 1);
  return authority.replace(/:\d*$/, '').toLowerCase();
}

function redirectUris(app: AuditApp): { uri: string; path: string }[] {
  const out: { uri: string; path: string }[] = [];
  for (const key of ['web', 'spa', 'publicClient']) {
    arr(obj(app.json[key])?.redirectUris).forEach((u, i) => {
      if (typeof u === 'string') out.push({ uri: u, path: `/${key}/redirectUris/${i}` });
    });
  }
  return out;
}

const under = (host: string, domain: string): boolean => host === domain || host.endsWith(`.${domain}`);

export const redirectTunnel: AuditRule = {
  id: 'audit-redirect-uri-tunnel',
  severity: 'error',
  title: 'Redirect URIs on tunnel hosts (ngrok, localtunnel/loca.lt, trycloudflare, serveo, devtunnels...).',
  risk: 'Tunnel names are handed out again; whoever gets the name next receives sign-in codes and tokens for this app.',
  action: 'Remove the redirect URI; for development use http://localhost or a domain you own.',
  docs: REPLY,
  check(app, _ctx, report) {
    for (const r of redirectUris(app)) {
      const host = hostOf(r.uri);
      const tunnel = host && TUNNEL_HOSTS.find((d) => under(host, d));
      if (tunnel)
        report(
          r.path,
          `${host} is a temporary tunnel host (${tunnel}): its next holder receives this app's tokens. Remove the redirect URI.`,
        );
    }
  },
};

export const redirectAzureWebsites: AuditRule = {
  id: 'audit-redirect-uri-azurewebsites',
  severity: 'warning',
  title: 'Redirect URIs on *.azurewebsites.net (or other shared Azure host names).',
  risk: 'When the App Service is deleted its name can be registered by anyone, who then receives sign-in codes and tokens (subdomain takeover).',
  action: 'Use a custom domain you own for the redirect URI, and remove redirect URIs of deleted sites.',
  docs: REPLY,
  peers: [
    {
      tool: 'Zero Trust Assessment',
      id: '21888',
      title: 'App registrations must not have dangling or abandoned domain redirect URIs',
      related: true,
    },
  ],
  check(app, _ctx, report) {
    for (const r of redirectUris(app)) {
      const host = hostOf(r.uri);
      if (host && !host.includes('*') && under(host, 'azurewebsites.net')) {
        report(
          r.path,
          `${host} is a shared Azure host name: if the site is deleted, someone else can take the name and receive tokens. Use a custom domain.`,
        );
      }
    }
  },
};
