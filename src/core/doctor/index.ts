/**
 * The sign-in error doctor: from pasted text to an explanation (offline), plus the checks against
 * the app registration when the caller found it. No I/O here; the CLI and the VS Code command
 * share it.
 */
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';
import { explainCode, type CodeExplanation } from './codes';
import { extractSignIn, isEmptyExtraction, type SignInRequest } from './extract';
import type { RegistrationCheck } from './registration';

export {
  explainCode,
  whoFixes,
  knownCodes,
  lookupUrl,
  errorCodesDocs,
  type CodeExplanation,
  type CodeInfo,
} from './codes';
export { extractSignIn, maxInputChars, type SignInRequest } from './extract';
export {
  checkRegistration,
  consentFacts,
  parseScope,
  scopeResources,
  type RegistrationCheck,
  type RegistrationFinding,
  type RegistrationContext,
  type RegistrationEdit,
  type ConsentFacts,
} from './registration';
export { doctorEdit } from './edits';
export { adminConsentUrl, adminConsentScope, adminConsentTenant, type AdminConsentInput } from './adminConsent';

export interface Diagnosis {
  readonly request: SignInRequest;
  /** The explanation of the AADSTS code; undefined when the text has none. */
  readonly explanation?: CodeExplanation;
  /** Other AADSTS codes in the text, explained too. */
  readonly others: readonly CodeExplanation[];
  /** Set by the caller when the app was looked up in a tenant. */
  readonly registration?: RegistrationCheck;
  /** Why no registration check was made, when the caller says so (signed out, app not found…). */
  readonly registrationNote?: string;
  /** True when nothing was recognised in the text. */
  readonly empty: boolean;
}

/** Explains pasted text offline (no registration check), in the localizer's language. */
export function diagnose(text: string, l10n: Localizer<l10n.L10nReplacement> = english): Diagnosis {
  const request = extractSignIn(text);
  const [first, ...rest] = request.codes;
  return {
    request,
    ...(first ? { explanation: explainCode(first, l10n) } : {}),
    others: rest.map((code) => explainCode(code, l10n)),
    empty: isEmptyExtraction(request),
  };
}

/** One-paragraph hint when the text had an OAuth error but no AADSTS code. */
export function oauthErrorHint(
  error: string | undefined,
  l10n: Localizer<l10n.L10nReplacement> = english,
): string | undefined {
  switch (error) {
    case 'invalid_client':
      return l10n.t(
        'invalid_client: the client could not be authenticated (wrong or expired secret, certificate not registered, or a public client sending a secret).',
      );
    case 'invalid_grant':
      return l10n.t(
        'invalid_grant: the code, refresh token or credentials were not accepted (expired, already used, revoked, or consent missing).',
      );
    case 'invalid_scope':
      return l10n.t('invalid_scope: a requested scope is malformed or unknown to the resource.');
    case 'unauthorized_client':
      return l10n.t(
        'unauthorized_client: the app may not use this flow (for example implicit grant not enabled, or public client flows off).',
      );
    case 'access_denied':
      return l10n.t('access_denied: the user or an administrator declined, or a policy refused the request.');
    case 'consent_required':
    case 'interaction_required':
    case 'login_required':
      return l10n.t('{0}: a silent request needs the user; retry interactively.', error);
    case 'invalid_request':
      return l10n.t(
        'invalid_request: a parameter is missing, repeated or malformed; the AADSTS code in error_description says which.',
      );
    default:
      return undefined;
  }
}

/**
 * The request's parameters found in the text, as label and value, in the order both the page and
 * the command line show them (`error_description` only where there is room for it).
 */
export function requestFacts(
  r: SignInRequest,
  options: { readonly withDescription: boolean },
  l10n: Localizer<l10n.L10nReplacement> = english,
): [string, string][] {
  const rows: [string, string | undefined][] = [
    ['error', r.error],
    ...(options.withDescription ? [['error_description', r.errorDescription] as [string, string | undefined]] : []),
    ['client_id', r.clientId],
    ['redirect_uri', r.redirectUri],
    ['scope', r.scopes.length ? r.scopes.join(' ') : undefined],
    ['response_type', r.responseType],
    ['grant_type', r.grantType],
    [l10n.t('flow'), r.flow === 'unknown' ? undefined : r.flow],
    [l10n.t('tenant'), r.tenant],
    [l10n.t('authority'), r.authorityHost],
    [l10n.t('trace id'), r.traceId],
    [l10n.t('correlation id'), r.correlationId],
    [l10n.t('timestamp'), r.timestamp],
  ];
  return rows.filter((x): x is [string, string] => x[1] !== undefined);
}
