// Entra issuer forms: v1 (sts.windows.net/{tenant}/), v2 (…/{tenant}/v2.0, B2C also …/tfp/{tenant}/{policy}/v2.0/) or other.
import type { IssuerForm } from './analysisTypes';

export interface ParsedIssuer {
  readonly form: IssuerForm;
  readonly tenant: string | null;
  readonly host: string | null;
  readonly base: string | null;
}

/** Parses an Entra issuer into its form and tenant segment. */
export function parseIssuer(iss: string | null): ParsedIssuer {
  if (iss === null) return { form: 'other', tenant: null, host: null, base: null };
  let url: URL;
  try {
    url = new URL(iss);
  } catch {
    return { form: 'other', tenant: null, host: null, base: null };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { form: 'other', tenant: null, host: null, base: null };
  // Azure AD B2C writes its v2 issuer with a trailing slash: https://{name}.b2clogin.com/{tid}/v2.0/
  const path = /\/v2\.0\/$/.test(url.pathname) ? url.pathname.slice(0, -1) : url.pathname;
  const segs = path.split('/');
  // v2: …/{tenant}/v2.0 ; v1: …/{tenant}/ (trailing slash, last segment empty)
  const last = segs[segs.length - 1];
  // Azure AD B2C's other issuer form names the user flow too: …/tfp/{tenant}/{policy}/v2.0/
  if (last === 'v2.0' && segs.length >= 5 && segs[segs.length - 4]!.toLowerCase() === 'tfp' && segs[segs.length - 3]) {
    return {
      form: 'v2',
      tenant: segs[segs.length - 3]!,
      host: url.host,
      base: url.origin + segs.slice(0, -3).join('/'),
    };
  }
  if (last === 'v2.0' && segs.length >= 3 && segs[segs.length - 2]) {
    return {
      form: 'v2',
      tenant: segs[segs.length - 2]!,
      host: url.host,
      base: url.origin + segs.slice(0, -2).join('/'),
    };
  }
  if (last === '' && segs.length >= 3 && segs[segs.length - 2] && !url.search) {
    return {
      form: 'v1',
      tenant: segs[segs.length - 2]!,
      host: url.host,
      base: url.origin + segs.slice(0, -2).join('/'),
    };
  }
  return { form: 'other', tenant: null, host: url.host, base: null };
}
