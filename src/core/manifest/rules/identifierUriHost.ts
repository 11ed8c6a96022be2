// An App ID URI naming a host the app itself does not use. Entra's own rule for such URIs is that
// the host be a verified domain of the tenant (identifier-uri-policy), which no file can show;
// what a file can show is a host none of the app's redirect or home page URIs use, the mark of a
// rendered template whose tunnel or domain went stale (Teams SSO wants api://{the tab's host}/{appId}).
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import { identifierUrisWhere } from './identifierUriModel';
import { redirectUriTexts } from './redirectUriModel';
import { ALL_FORMATS, child, defineRule, hasPlaceholder, report, rootObject, str, short, findings } from './util';
import { splitUri } from './redirectUris';
import { isGuid } from '../../entra/ids';

const DOCS = 'https://learn.microsoft.com/entra/identity-platform/identifier-uri-restrictions';

/** The part of a host two URIs of one site share: the last two labels (three under a two-letter country code's second level). */
function site(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const tld = labels[labels.length - 1]!;
  const second = labels[labels.length - 2]!;
  const keep = tld.length === 2 && second.length <= 3 ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** The first three hosts, shortened, and "…" when there are more. */
function firstHosts(hosts: ReadonlySet<string>): string {
  const list: string[] = [];
  for (const h of hosts) {
    if (list.length === 3) return list.join(', ') + ', …';
    list.push(short(h, 40));
  }
  return list.join(', ');
}

/** A DNS name (not a GUID or a bare word such as a tenant name). */
function isHostName(host: string): boolean {
  return host === 'localhost' || (host.includes('.') && !isGuid(host) && /^[a-z0-9.-]+$/i.test(host));
}

export const identifierUriHostMismatch = defineRule({
  id: 'identifier-uri-host-mismatch',
  severity: 'hint',
  title: (l10n) => l10n.t('App ID URIs on hosts the app uses nowhere else'),
  description: (l10n) =>
    l10n.t(
      "An App ID URI's host (api://{host}/…, https://{host}/…) is one the app's redirect and home page URIs use: otherwise it is usually a stale tunnel or domain of a rendered template.",
    ),
  docs: DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    // The App ID URIs with a host to check; none: the redirect hosts are not needed either.
    const candidates = identifierUrisWhere(
      ctx,
      (t) => !t.placeholder && !!t.parsed && (t.parsed.scheme === 'api' || t.parsed.scheme === 'https'),
    );
    if (candidates.length === 0) return [];
    const root = rootObject(ctx);
    const hosts = new Set<string>();
    for (const t of redirectUriTexts(ctx)) {
      const p = t.parsed;
      // (splitUri gives hosts in lower case.)
      if (p && (p.scheme === 'https' || p.scheme === 'http') && p.host) hosts.add(p.host);
    }
    for (const n of [child(child(root, 'web'), 'homePageUrl'), child(root, 'homepage'), child(root, 'signInUrl')]) {
      const v = str(n);
      const p = v && !hasPlaceholder(v) ? splitUri(v) : undefined;
      if (p && (p.scheme === 'https' || p.scheme === 'http') && p.host) hosts.add(p.host.toLowerCase());
    }
    if (hosts.size === 0) return [];
    const sites = new Set([...hosts].map(site));
    const out = findings(ctx, self);
    // The first three hosts, named in every finding (made once: an app may list thousands).
    let named: string | undefined;
    for (let k = 0; k < candidates.length; k++) {
      const u = candidates[k]!;
      const host = u.parsed!.host.toLowerCase();
      // The tenant's initial domain is the documented default host of https App ID URIs.
      if (!isHostName(host) || host.endsWith('.onmicrosoft.com') || sites.has(site(host))) continue;
      const list = (named ??= firstHosts(hosts));
      out.add(u.node, (subject) =>
        report(
          self,
          subject,
          u.path,
          l10n.t(
            "The App ID URI names {0}, a host none of the app's redirect or home page URIs use ({1}). If the app moved, update the URI (Teams SSO expects api://{the tab's host}/{appId}); a host in an App ID URI must also be a verified domain of the tenant.",
            short(host, 60),
            list,
          ),
        ),
      );
    }
    return out.list;
  },
});
