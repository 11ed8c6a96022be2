// The shape of an AADSTS code's entry, and the topic pages entries link to.
import type { Localizer } from '../../text/localizer';

/** What kind of problem a code is about; the registration checks use it to pick what to look at. */
export type CodeTopic =
  | 'redirect'
  | 'consent'
  | 'scope'
  | 'app'
  | 'credential'
  | 'audience'
  | 'user'
  | 'policy'
  | 'publicClient'
  | 'request'
  | 'tenant';

export interface CodeInfo {
  readonly code: string;
  /** The title, what happened in plain words, and what to change, in the localizer's language. */
  readonly text: (l10n: Localizer) => CodeText;
  /** Who usually fixes it. */
  readonly who: 'developer' | 'admin' | 'user';
  readonly topics: readonly CodeTopic[];
  /** A page about the topic beyond the error code reference, when one helps. */
  readonly more?: string;
}

export interface CodeText {
  readonly title: string;
  readonly meaning: string;
  readonly fix: string;
}

export const reply = 'https://learn.microsoft.com/entra/identity-platform/reply-url';
export const consent = 'https://learn.microsoft.com/entra/identity-platform/consent-types-developer';
export const adminConsent = 'https://learn.microsoft.com/entra/identity-platform/v2-admin-consent';
export const scopes = 'https://learn.microsoft.com/entra/identity-platform/scopes-oidc';
export const credentials = 'https://learn.microsoft.com/entra/identity-platform/how-to-add-credentials';
export const audience = 'https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation';
export const ca = 'https://learn.microsoft.com/entra/identity/conditional-access/overview';
export const publicClient = 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code';
