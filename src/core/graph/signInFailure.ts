/**
 * Why signing in to one tenant failed, in words: the AADSTS code of the failure (or of the
 * tenant's OpenID metadata, which the sign-in libraries report only as "endpoints could not be
 * resolved") explained from the sign-in error doctor's table, with the tenant named and the way out.
 * Pure: the caller fetches the metadata (see {@link metadataUrl}) and passes its body; the texts go
 * through the caller's localizer (English by default).
 */
import type * as l10n from '@vscode/l10n';
import { explainCode } from '../doctor/codes';
import { english, type Localizer } from '../text/localizer';
import { describeCause, GraphError, graphErrorText, toGraphError, type GraphErrorKind } from './errors';
import { withoutTrailingSlashes } from '../text/trailing';

/** The first AADSTS code (digits) in an error and its causes, if any. */
export function aadstsCode(err: unknown): string | undefined {
  return /AADSTS(\d{4,8})/.exec(typeof err === 'string' ? err : describeCause(err))?.[1];
}

/**
 * True when the sign-in library could not read the tenant's OpenID metadata (MSAL's
 * `endpoints_resolution_error`): the metadata's own answer holds the reason (e.g. AADSTS90002).
 */
export function needsMetadataProbe(err: unknown): boolean {
  return (
    aadstsCode(err) === undefined &&
    /endpoints_resolution_error|openid-configuration|authority_mismatch|untrusted_authority/i.test(describeCause(err))
  );
}

/** The tenant's OpenID metadata URL under an authority host. */
export function metadataUrl(authorityHost: string, tenant: string): string {
  return `${withoutTrailingSlashes(authorityHost)}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`;
}

/** The AADSTS code in an OAuth error body (`error_codes` or `error_description`), if any. */
export function codeFromErrorBody(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error_codes?: unknown; error_description?: unknown };
    if (
      Array.isArray(parsed.error_codes) &&
      (typeof parsed.error_codes[0] === 'number' || typeof parsed.error_codes[0] === 'string')
    ) {
      return String(parsed.error_codes[0]);
    }
    return typeof parsed.error_description === 'string' ? aadstsCode(parsed.error_description) : undefined;
  } catch {
    return aadstsCode(body);
  }
}

/** What the explorer adds to the doctor's fix for a code: where in VS Code that is changed. */
function wayOut(code: string, l10n: Localizer<l10n.L10nReplacement> = english): string | undefined {
  switch (code) {
    case '90002':
      return l10n.t('Correct or remove it in "entra.tenants" (and check "entra.cloud"), then click to retry.');
    case '700016':
      return l10n.t('Check "entra.signIn.clientId" and "entra.tenants", then click to retry.');
    case '7000222':
      return l10n.t('Create a new secret, then run "Entra: Sign Out" and "Entra: Sign In" to enter it.');
    case '7000215':
      return l10n.t('Run "Entra: Sign Out" and "Entra: Sign In" to enter the secret value (not its id).');
    case '65001':
      return l10n.t('Grant admin consent for the app in this tenant, then click to retry.');
    case '53003':
      return l10n.t('Click to retry once the policy allows the sign-in.');
    case '50076':
      return l10n.t('Run "Entra: Sign In" with a method that can prompt (VS Code account or device code).');
    default:
      return undefined;
  }
}

/** Codes about the tenant or the app's configuration: signing in again does not help, retrying after the fix does. */
const configurationCodes = new Set(['90002', '700016', '65001', '53003']);

/**
 * The error a tenant root shows when signing in to it failed: "{tenant}: {title} (AADSTS{code}).
 * {fix} {way out}". Without an AADSTS code, the narrowed error's message with the tenant in front.
 */
export function signInFailure(
  tenant: string,
  err: unknown,
  probedCode?: string,
  l10n: Localizer<l10n.L10nReplacement> = english,
): GraphError {
  const code = aadstsCode(err) ?? probedCode;
  // The account's home tenant (no tenant configured) is not named.
  const who = tenant && tenant !== 'organizations' && tenant !== 'common' ? `${tenant}: ` : '';
  if (!code) {
    const e = toGraphError(err);
    return new GraphError({
      status: e.status,
      code: e.code,
      kind: e.kind,
      requestId: e.requestId,
      message: `${who}${graphErrorText(e, l10n)}`,
    });
  }
  const x = explainCode(code, l10n);
  const kind: GraphErrorKind = configurationCodes.has(code) ? 'other' : 'signin';
  const way = wayOut(code, l10n);
  const message = x.known
    ? `${who}${x.title} (AADSTS${code}). ${x.fix}${way ? ` ${way}` : ''}`
    : `${who}${l10n.t('sign-in failed with AADSTS{0}. Run "Entra: Explain Sign-in Error" with the code, or open {1}.', code, x.links[0]!)}`;
  return new GraphError({ status: 400, code: `AADSTS${code}`, kind, message });
}
