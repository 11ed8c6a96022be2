// What a Graph error says, in the Localizer's language: one sentence per kind (and per Graph error
// code that has one), with the code, the status and the server's own text kept as they came.
// errors.ts builds the English message with it when it narrows an error, and graphErrorText builds
// it again in the display language. The type-only import marks the `l10n.t` calls for the extractor.
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';
import { explainSystemCode } from '../text/systemErrors';
import type { GraphErrorKind } from './errors';
import { trailingStart } from '../text/trailing';

type L10n = Localizer<l10n.L10nReplacement>;

const WHITESPACE = /\s/;

/** `text` as one sentence: trimmed, ending with exactly one full stop (Graph messages often end with one already). */
export function sentence(text: string): string {
  const trimmed = text.trim();
  // Trailing full stops and spaces dropped from the end (a pattern like /[.\s]+$/ is quadratic on a long run of them).
  const t = trimmed.slice(
    0,
    trailingStart(trimmed, (c) => c === 46 || WHITESPACE.test(String.fromCharCode(c))),
  );
  return /[!?]$/.test(t) ? t : `${t}.`;
}

/** The facts a message is built from. */
export interface MessageDetails {
  readonly code: string;
  /** The server's (or the failed call's) own text, shown as it came. */
  readonly detail?: string;
  readonly missingPermission?: string;
  readonly host?: string;
  readonly retryAfterSeconds?: number;
  readonly status?: number;
  readonly timeoutSeconds?: number;
  readonly reason?: UnreadableReason | string;
  /** The Node error code of a connection that failed (ECONNREFUSED, ENOTFOUND, …). */
  readonly systemCode?: string;
  /** `notFound` of an app registration looked up by its client id: that id and the tenant's name. */
  readonly appId?: string;
  readonly tenant?: string;
}

/** Why a success answer could not be used (the reasons this code gives; others are shown as they are). */
export type UnreadableReason =
  | 'not valid JSON'
  | 'unexpected content'
  | 'not JSON'
  | 'text instead of JSON'
  | 'a batch answer without its responses'
  | 'a batch answer that cannot be read'
  | 'no app registration in it'
  | 'no list of app registrations in it';

function unreadableReason(reason: string, l10n: L10n): string {
  switch (reason as UnreadableReason) {
    case 'not valid JSON':
      return l10n.t('not valid JSON');
    case 'unexpected content':
      return l10n.t('unexpected content');
    case 'not JSON':
      return l10n.t('not JSON');
    case 'text instead of JSON':
      return l10n.t('text instead of JSON');
    case 'a batch answer without its responses':
      return l10n.t('a batch answer without its responses');
    case 'a batch answer that cannot be read':
      return l10n.t('a batch answer that cannot be read');
    case 'no app registration in it':
      return l10n.t('no app registration in it');
    case 'no list of app registrations in it':
      return l10n.t('no list of app registrations in it');
    default:
      return reason;
  }
}

/**
 * Graph error codes in words: what the refusal means and what to do. The code, the status and the
 * server's text follow in parentheses (see messageFor).
 */
function graphCodeSentence(code: string, l10n: L10n): string | undefined {
  switch (code) {
    case 'Request_BadRequest':
    case 'BadRequest':
      return l10n.t('Microsoft Graph rejected the request as invalid.');
    case 'Request_UnsupportedQuery':
      return l10n.t('Microsoft Graph does not support this query.');
    case 'Request_MultipleObjectsWithSameKeyValue':
      return l10n.t('Another object in the directory already has this value: choose another one.');
    case 'Directory_QuotaExceeded':
      return l10n.t('The directory has reached its object quota: delete objects it no longer needs, or ask an admin.');
    case 'Authorization_RequestDenied':
      return l10n.t('Microsoft Graph refused the request (insufficient privileges).');
    case 'Request_ResourceNotFound':
    case 'ResourceNotFound':
      return l10n.t('The object does not exist (any more).');
    case 'CannotDeleteOrUpdateEnabledEntitlement':
      return l10n.t('An enabled scope or app role cannot be changed or removed: disable it first.');
    case 'Service_InternalServerError':
    case 'InternalServerError':
    case 'generalException':
      return l10n.t('Microsoft Graph failed on its side: retry later.');
    case 'Request_Throttled':
      return l10n.t('Microsoft Graph is throttling requests: try again in a moment.');
    default:
      return undefined;
  }
}

/** Builds the user-facing message for a kind (English by default). */
export function messageFor(kind: GraphErrorKind, details: MessageDetails, l10n: L10n = english): string {
  switch (kind) {
    case 'signin':
      return l10n.t('Your sign-in is missing or expired ({0}). Sign in again.', details.code);
    case 'forbidden':
      return details.missingPermission
        ? l10n.t(
            'Microsoft Graph refused the request: this needs {0} — ask an admin to consent.',
            details.missingPermission,
          )
        : l10n.t('Microsoft Graph refused the request (insufficient privileges) — ask an admin to consent.');
    case 'throttled':
      return details.retryAfterSeconds != null
        ? l10n.t(
            'Microsoft Graph is throttling requests (429) and retries did not get through. Try again in {0} s.',
            Math.ceil(details.retryAfterSeconds),
          )
        : l10n.t(
            'Microsoft Graph is throttling requests (429) and retries did not get through. Try again in a moment.',
          );
    case 'unavailable':
      // Retries (honouring Retry-After) already failed: the outage outlasted them.
      return details.status === 504
        ? l10n.t('Microsoft Graph is unavailable ({0} gateway timeout) — retry later.', 504)
        : l10n.t('Microsoft Graph is unavailable ({0}) — retry later.', details.status ?? 503);
    case 'timeout':
      return l10n.t(
        'Microsoft Graph did not answer within {0} s (request timed out) — retry, or raise the request timeout on a slow connection.',
        details.timeoutSeconds ?? '?',
      );
    case 'unreadable':
      return l10n.t(
        'The response from Microsoft Graph could not be read ({0}) — retry; if it keeps happening, a proxy may be answering instead of Graph.',
        unreadableReason(details.reason ?? 'not valid JSON', l10n),
      );
    case 'offline': {
      const host = details.host ?? 'Microsoft Graph';
      const why = details.systemCode ? explainSystemCode(details.systemCode, l10n) : undefined;
      return why
        ? l10n.t(
            'Cannot reach {0}: you seem to be offline or the service is unreachable ({1}, {2}). Check the connection and retry.',
            host,
            why,
            details.systemCode!,
          )
        : l10n.t(
            'Cannot reach {0}: you seem to be offline or the service is unreachable. Check the connection and retry.',
            host,
          );
    }
    case 'notFound':
      if (details.appId !== undefined)
        return l10n.t(
          'Not found: no app registration with client id {0} in {1}. Refresh the list.',
          details.appId,
          details.tenant ?? '',
        );
      return details.detail === undefined
        ? l10n.t('Not found: the object no longer exists. Refresh the list.')
        : l10n.t('Not found: {0} Refresh the list.', sentence(details.detail));
    default: {
      // Not Graph's answer: a list the model does not ask Graph for.
      if (details.code === 'AppOnlySignIn')
        return l10n.t(
          'Owned by me needs a signed-in user; this sign-in is app-only (client secret, certificate or environment credential). Use All, or sign in as a user.',
        );
      const known = graphCodeSentence(details.code, l10n);
      const status = details.status ?? '';
      if (details.detail === undefined)
        return known
          ? l10n.t('{0} (Microsoft Graph error {1} {2})', known, status, details.code).replace(/\s+/g, ' ')
          : sentence(
              l10n.t('Microsoft Graph error {0} {1}: unexpected response', status, details.code).replace(/\s+/g, ' '),
            );
      return known
        ? l10n
            .t('{0} (Microsoft Graph error {1} {2}: {3})', known, status, details.code, sentence(details.detail))
            .replace(/\s+/g, ' ')
        : sentence(
            l10n.t('Microsoft Graph error {0} {1}: {2}', status, details.code, details.detail).replace(/\s+/g, ' '),
          );
    }
  }
}

/** What a failed write says (io/graph/writes.ts makes these facts from the narrowed error). */
export interface WriteFailureFacts {
  readonly status: number;
  readonly code: string;
  /** The English message (logs, JSON). */
  readonly message: string;
  readonly property?: string;
  readonly missingPermission?: string;
  /** The server's own text, as it came. */
  readonly detail?: string;
  /** The narrowed error's kind and details, to say it again in another language. */
  readonly kind?: GraphErrorKind;
  readonly details?: MessageDetails;
}

/** A failed write in the Localizer's language: the permission it needs, the refused change, or the Graph error. */
export function writeFailureText(f: WriteFailureFacts, l10n: L10n = english): string {
  if (f.missingPermission)
    return l10n.t(
      'Microsoft Graph refused the write: it needs {0}. Ask an admin to grant it, or sign in with an account or client that has it.',
      f.missingPermission,
    );
  if (f.status === 400 && f.detail !== undefined)
    return f.property
      ? l10n.t('Microsoft Graph rejected the change ({0}, property {1}): {2}', f.code, f.property, f.detail)
      : l10n.t('Microsoft Graph rejected the change ({0}): {1}', f.code, f.detail);
  return f.kind && f.details ? messageFor(f.kind, f.details, l10n) : f.message;
}
