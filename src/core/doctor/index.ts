/**
 * The sign-in error doctor: from pasted text to an explanation (offline), plus the checks against
 * the app registration when the caller found it. No I/O here; the CLI and the VS Code command
 * share it.
 */
import { explainCode, type CodeExplanation } from './codes';
import { extractSignIn, isEmptyExtraction, type SignInRequest } from './extract';
import type { RegistrationCheck } from './registration';

export { explainCode, knownCodes, lookupUrl, errorCodesDocs, type CodeExplanation, type CodeInfo } from './codes';
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

/** Explains pasted text offline (no registration check). */
export function diagnose(text: string): Diagnosis {
  const request = extractSignIn(text);
  const [first, ...rest] = request.codes;
  return {
    request,
    ...(first ? { explanation: explainCode(first) } : {}),
    others: rest.map(explainCode),
    empty: isEmptyExtraction(request),
  };
}

/** One-paragraph hint when the text had an OAuth error but no AADSTS code. */
export function oauthErrorHint(error: string | undefined): string | undefined {
  switch (error) {
    case 'invalid_client':
      return 'invalid_client: the client could not be authenticated (wrong or expired secret, certificate not registered, or a public client sending a secret).';
    case 'invalid_grant':
      return 'invalid_grant: the code, refresh token or credentials were not accepted (expired, already used, revoked, or consent missing).';
    case 'invalid_scope':
      return 'invalid_scope: a requested scope is malformed or unknown to the resource.';
    case 'unauthorized_client':
      return 'unauthorized_client: the app may not use this flow (for example implicit grant not enabled, or public client flows off).';
    case 'access_denied':
      return 'access_denied: the user or an administrator declined, or a policy refused the request.';
    case 'consent_required':
    case 'interaction_required':
    case 'login_required':
      return `${error}: a silent request needs the user; retry interactively.`;
    case 'invalid_request':
      return 'invalid_request: a parameter is missing, repeated or malformed; the AADSTS code in error_description says which.';
    default:
      return undefined;
  }
}
