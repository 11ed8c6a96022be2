// Whose keys a signature check may use, and which addresses may be fetched at all. Pure: no I/O.
//
// A token names its own issuer, so an issuer is only believed when it is a Microsoft authority of
// the configured cloud (v2 login host, v1 sts host, Azure AD B2C `{name}.b2clogin.com`, External ID
// `{tenant}.ciamlogin.com`), the configured (custom cloud) authority, or an issuer the user trusts
// explicitly (entra.token.trustedIssuers, `decode --trust-issuer`). Hosts are compared exactly after
// parsing with URL; suffixes only for B2C / External ID, with one whole label in front.
// Hosts per cloud: the fact sheet's national-cloud table (section 6) and issuer forms (section 5).
// Reasons are in the language of the Localizer the caller passes (English by default).
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import type { CloudName } from '../entra/clouds';
import { english, type Localizer } from '../text/localizer';

type L10n = Localizer<l10n.L10nReplacement>;

export interface TrustOptions {
  /** The configured Microsoft cloud (entra.cloud); default AzureCloud. */
  readonly cloud?: CloudName;
  /**
   * The configured authority (https origin): the Custom cloud's authority host, a national cloud's
   * login host, or `decode --authority`. Its issuers are trusted, and v1 issuers' keys come from it.
   */
  readonly authorityHost?: string;
  /**
   * Issuers trusted explicitly: an issuer URL (`https://host/{tenant}/v2.0`, `{tenantid}` standing for
   * any tenant) or an authority origin (`https://host[:port]`) for all its issuers. Only these may
   * name an IP address or loopback host.
   */
  readonly trustedIssuers?: readonly string[];
}

interface CloudAuthorities {
  readonly label: string;
  /** v2 issuer and metadata hosts (login.*). */
  readonly login: readonly string[];
  /** v1 issuer hosts (sts.*) and the login host that serves their metadata. */
  readonly v1: Readonly<Record<string, string>>;
  /** Host suffixes of per-tenant authorities (B2C, External ID): one label in front. */
  readonly tenantSuffixes: readonly string[];
}

const GLOBAL: CloudAuthorities = {
  label: 'Global',
  login: ['login.microsoftonline.com'],
  v1: { 'sts.windows.net': 'login.microsoftonline.com' },
  tenantSuffixes: ['b2clogin.com', 'ciamlogin.com'],
};
// v1 issuers of the US Government clouds are sts.windows.net too; their keys come from the cloud's
// own login host (fact sheet: sovereign v1 hosts UNCONFIRMED, so only the documented login host).
const US_GOV: CloudAuthorities = {
  label: 'US Government',
  login: ['login.microsoftonline.us'],
  v1: { 'sts.windows.net': 'login.microsoftonline.us' },
  tenantSuffixes: [],
};

/** Microsoft authority hosts per built-in cloud. */
export const microsoftAuthorities: Readonly<Record<Exclude<CloudName, 'Custom'>, CloudAuthorities>> = {
  AzureCloud: GLOBAL,
  AzureUSGovernment: US_GOV,
  AzureUSGovernmentDoD: US_GOV,
  AzureChinaCloud: {
    label: 'China (21Vianet)',
    login: ['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn'],
    v1: { 'sts.chinacloudapi.cn': 'login.chinacloudapi.cn' },
    tenantSuffixes: [],
  },
};

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The cloud (label) whose authority `url` is, when it is a Microsoft one on the default port. */
function microsoftCloudOf(url: URL, only?: CloudAuthorities): CloudAuthorities | undefined {
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return undefined;
  const host = url.hostname;
  for (const cloud of only ? [only] : Object.values(microsoftAuthorities)) {
    if (cloud.login.includes(host) || Object.hasOwn(cloud.v1, host)) return cloud;
    for (const suffix of cloud.tenantSuffixes) {
      if (host.endsWith(`.${suffix}`) && LABEL.test(host.slice(0, -suffix.length - 1))) return cloud;
    }
  }
  return undefined;
}

/** Whether the URL is on a v1 issuer host (sts.*) of any built-in cloud, on the default port. */
function isV1Host(url: URL): boolean {
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    Object.values(microsoftAuthorities).some((c) => Object.hasOwn(c.v1, url.hostname))
  );
}

/** Whether `iss` is an https issuer on a Microsoft authority host of any built-in cloud. */
export function isMicrosoftAuthority(iss: string): boolean {
  const url = parse(iss);
  return url !== undefined && microsoftCloudOf(url) !== undefined;
}

export type HostKind = 'name' | 'ip' | 'loopback' | 'link-local';

/** What a URL's host is: a name, or an IP literal (loopback and link-local told apart). */
export function hostKind(url: URL): HostKind {
  const h = url.hostname.toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return 'loopback';
  if (h.startsWith('[')) {
    const v6 = h.slice(1, -1);
    if (v6 === '::1') return 'loopback';
    if (/^fe[89ab][0-9a-f]?:/.test(v6)) return 'link-local';
    // IPv4-mapped addresses (URL writes ::ffff:127.0.0.1 as ::ffff:7f00:1).
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
    if (mapped) {
      const hi = parseInt(mapped[1]!, 16);
      const lo = parseInt(mapped[2]!, 16);
      return ipv4Kind(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
    return 'ip';
  }
  // URL normalises every IPv4 spelling (127.1, 0x7f.0.0.1, 2130706433) to dotted decimal.
  if (/^\d+\.\d+\.\d+\.\d+$/.test(h)) return ipv4Kind(h);
  return 'name';
}

function ipv4Kind(ip: string): HostKind {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  if (a === 127) return 'loopback';
  if (a === 169 && b === 254) return 'link-local';
  return 'ip';
}

/** Why a host that is an address is refused unless trusted explicitly, for issuerTrust and fetchUrlCheck. */
function addressHostText(kind: Exclude<HostKind, 'name'>, host: string, l10n: L10n, use: 'issuer' | 'fetch'): string {
  if (use === 'issuer')
    return kind === 'ip'
      ? l10n.t(
          "The issuer's host {0} is an IP address: keys are fetched from such a host only when you trust that issuer explicitly.",
          host,
        )
      : kind === 'loopback'
        ? l10n.t(
            "The issuer's host {0} is a loopback address: keys are fetched from such a host only when you trust that issuer explicitly.",
            host,
          )
        : l10n.t(
            "The issuer's host {0} is a link-local address: keys are fetched from such a host only when you trust that issuer explicitly.",
            host,
          );
  return kind === 'ip'
    ? l10n.t('{0} is an IP address that is not trusted explicitly', host)
    : kind === 'loopback'
      ? l10n.t('{0} is a loopback address that is not trusted explicitly', host)
      : l10n.t('{0} is a link-local address that is not trusted explicitly', host);
}

interface TrustedEntry {
  readonly host: string;
  /** Path segments; undefined for an origin (all its issuers). `{tenantid}` matches any one segment. */
  readonly segments?: readonly string[];
}

function pathSegments(url: URL): string[] {
  return url.pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s));
}

/** An explicitly trusted issuer as given, or why it is ignored. */
export function parseTrustedIssuer(value: string, l10n: L10n = english): TrustedEntry | { reason: string } {
  const url = parse(value.trim());
  if (url === undefined) return { reason: l10n.t('{0} is not a URL', value) };
  if (url.protocol !== 'https:') return { reason: l10n.t('{0} is not https: keys are only fetched over https', value) };
  if (url.username !== '' || url.password !== '')
    return { reason: l10n.t('{0} carries credentials: never put them in an issuer', value) };
  if (url.search !== '' || url.hash !== '')
    return { reason: l10n.t('{0} has a query or fragment: give the issuer or its origin', value) };
  const segments = pathSegments(url);
  return segments.length === 0 ? { host: url.host } : { host: url.host, segments };
}

export interface TrustPolicy {
  readonly cloud: CloudName;
  readonly cloudAuthorities: CloudAuthorities | undefined;
  /** The configured authority's host (host[:port]), when one is set and https. */
  readonly authority: URL | undefined;
  readonly explicit: readonly TrustedEntry[];
}

/** Builds the policy from the settings; invalid trusted issuers are ignored (they trust nothing). */
export function trustPolicy(options: TrustOptions = {}): TrustPolicy {
  const cloud = options.cloud ?? 'AzureCloud';
  const authority = options.authorityHost === undefined ? undefined : parse(options.authorityHost);
  const explicit: TrustedEntry[] = [];
  for (const value of options.trustedIssuers ?? []) {
    const entry = parseTrustedIssuer(value);
    if (!('reason' in entry)) explicit.push(entry);
  }
  return {
    cloud,
    cloudAuthorities: cloud === 'Custom' ? undefined : microsoftAuthorities[cloud],
    authority:
      authority && authority.protocol === 'https:' && authority.username === '' && authority.password === ''
        ? authority
        : undefined,
    explicit,
  };
}

function explicitlyTrusted(policy: TrustPolicy, url: URL): boolean {
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
  const segs = pathSegments(url);
  return policy.explicit.some((e) => {
    if (e.host !== url.host) return false;
    if (e.segments === undefined) return true;
    return (
      e.segments.length === segs.length && e.segments.every((s, i) => s === segs[i] || s.toLowerCase() === '{tenantid}')
    );
  });
}

/** Whether the host of `url` was named explicitly (an issuer or origin on that host[:port]). */
function hostExplicitlyTrusted(policy: TrustPolicy, url: URL): boolean {
  return policy.explicit.some((e) => e.host === url.host);
}

/** How to trust an issuer, the last sentence of a reason. */
function howToTrust(l10n: L10n): string {
  return l10n.t('If you trust it, add it to the setting entra.token.trustedIssuers (command line: --trust-issuer).');
}

export type IssuerTrust =
  | { readonly trusted: true; readonly by: 'microsoft' | 'authority' | 'explicit' }
  | { readonly trusted: false; readonly reason: string };

/** Whether keys for issuer `iss` may be looked up, and if not, why and how to trust it. */
export function issuerTrust(policy: TrustPolicy, iss: string, l10n: L10n = english): IssuerTrust {
  const url = parse(iss);
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    return {
      trusted: false,
      reason: l10n.t('The issuer ({0}) is not a URL, so there is no authority to ask for keys.', iss),
    };
  if (url.protocol !== 'https:')
    return { trusted: false, reason: l10n.t('The issuer is not https: keys are only fetched over https.') };
  if (url.username !== '' || url.password !== '')
    return {
      trusted: false,
      reason: l10n.t(
        'The issuer carries credentials (user:password@): no real issuer does, and such an address is never fetched.',
      ),
    };
  if (explicitlyTrusted(policy, url)) return { trusted: true, by: 'explicit' };
  const kind = hostKind(url);
  if (kind !== 'name') {
    return {
      trusted: false,
      reason: `${addressHostText(kind, url.host, l10n, 'issuer')} ${howToTrust(l10n)}`,
    };
  }
  if (policy.cloudAuthorities && microsoftCloudOf(url, policy.cloudAuthorities))
    return { trusted: true, by: 'microsoft' };
  // v1 issuers (sts.*) do not name their authority: their keys come from the configured one.
  if (policy.authority && (url.host === policy.authority.host || isV1Host(url)))
    return { trusted: true, by: 'authority' };
  const other = microsoftCloudOf(url);
  if (other) {
    const configured = policy.cloudAuthorities?.label ?? l10n.t('a custom cloud');
    const reason = l10n.t(
      "The issuer {0} is an authority of Microsoft's {1} cloud, but the configured cloud is {2}: set entra.cloud to that cloud (command line: --cloud), or trust the issuer explicitly.",
      url.host,
      other.label,
      configured,
    );
    return { trusted: false, reason: `${reason} ${howToTrust(l10n)}` };
  }
  const reason = l10n.t(
    'The issuer {0} is not a Microsoft authority: anyone can sign a token that names it, so its keys are not fetched and the signature cannot be verified.',
    url.host,
  );
  return { trusted: false, reason: `${reason} ${howToTrust(l10n)}` };
}

/**
 * The guard in front of every fetch: `url` must be https without credentials, on a host the policy
 * trusts (a Microsoft authority of the cloud, the configured authority, an explicitly trusted
 * issuer's host); IP literals, loopback and link-local hosts only when trusted explicitly.
 */
export function fetchUrlCheck(
  policy: TrustPolicy,
  url: string,
  l10n: L10n = english,
): { ok: true } | { ok: false; reason: string } {
  const u = parse(url);
  if (u === undefined) return { ok: false, reason: l10n.t('not a URL') };
  if (u.protocol !== 'https:') return { ok: false, reason: l10n.t('{0} is not https', u.protocol.replace(/:$/, '')) };
  if (u.username !== '' || u.password !== '')
    return { ok: false, reason: l10n.t('the address carries credentials (user:password@)') };
  if (hostExplicitlyTrusted(policy, u)) return { ok: true };
  const kind = hostKind(u);
  if (kind !== 'name') return { ok: false, reason: addressHostText(kind, u.host, l10n, 'fetch') };
  if (policy.cloudAuthorities && microsoftCloudOf(u, policy.cloudAuthorities)) return { ok: true };
  if (policy.authority && u.host === policy.authority.host) return { ok: true };
  return { ok: false, reason: l10n.t('{0} is not a trusted authority', u.host) };
}

/** Whether the policy trusts issuer `iss` for analysis: a Microsoft authority of any cloud, or trusted by the settings. */
export function issuerLooksTrusted(policy: TrustPolicy | undefined, iss: string): boolean {
  if (isMicrosoftAuthority(iss)) return true;
  return policy !== undefined && issuerTrust(policy, iss).trusted;
}
