// Access token or ID token, delegated or app-only: the documented heuristics, with the reason in
// the language of the Localizer the caller passes.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { findGuid } from '../entra/ids';
import { english, type Localizer } from '../text/localizer';
import type { IssuerForm, TokenFlow, TokenKind } from './analysisTypes';

/** Claims that only tokens about a signed-in user carry. */
const USER_CLAIMS = [
  'upn',
  'unique_name',
  'preferred_username',
  'name',
  'given_name',
  'family_name',
  'email',
  'emails',
  'amr',
  'acr',
  'login_hint',
  'sid',
] as const;
type L10n = Localizer<l10n.L10nReplacement>;

const ACCESS_SIGNALS = ['scp', 'appid', 'azp', 'appidacr', 'azpacr', 'idtyp'] as const;
const ID_SIGNALS = ['nonce', 'at_hash', 'c_hash'] as const;
/** Decides access vs ID token. Documented heuristic, in order:
 * 1. any of scp, appid, azp, appidacr, azpacr, idtyp ⇒ access (Entra access tokens always name their client; ID tokens never do);
 * 2. nonce, at_hash or c_hash in the payload ⇒ ID (these only bind an ID token to its sign-in request);
 * 3. an Entra issuer (v1/v2 form) with tid and ver but no client claims ⇒ ID (its aud is the client itself);
 * 4. issued by the app itself (iss = sub) for a token endpoint (aud) ⇒ client assertion;
 * 5. otherwise unknown.
 */
export function classify(
  p: Readonly<Record<string, unknown>>,
  form: IssuerForm,
  l10n: L10n = english,
): { kind: TokenKind; reason: string } {
  const access = ACCESS_SIGNALS.filter((c) => p[c] !== undefined);
  if (access.length) {
    return {
      kind: 'access',
      reason: l10n.t(
        'It is an access token: it carries {0}, and only access tokens name the client app and what it was granted.',
        andList(access, l10n),
      ),
    };
  }
  const id = ID_SIGNALS.filter((c) => p[c] !== undefined);
  if (id.length) {
    return {
      kind: 'id',
      reason: l10n.t(
        'It is an ID token: it carries {0}, which tie a token to a sign-in request, and no client claims (appid, azp, scp).',
        andList(id, l10n),
      ),
    };
  }
  if (form !== 'other' && p.tid !== undefined && p.ver !== undefined) {
    return {
      kind: 'id',
      reason: l10n.t(
        'It is an ID token: Entra issued it, yet it has no appid, azp or scp, which every Entra access token carries. Its aud is the client app.',
      ),
    };
  }
  if (isClientAssertion(p, form)) {
    return {
      kind: 'assertion',
      reason: l10n.t(
        'It is a client assertion: the app signed it itself (iss and sub are its client id) to prove its identity at the token endpoint named in aud, in place of a client secret.',
      ),
    };
  }
  return {
    kind: 'unknown',
    reason: l10n.t(
      'Its kind is unknown: it has neither access-token claims (scp, appid, azp, idtyp) nor ID-token claims (nonce, at_hash), and it is not an Entra token with tid and ver.',
    ),
  };
}

/** A token endpoint: `https://{host}/{tenant}/oauth2/token` (v1) or `…/oauth2/v2.0/token`. */
const TOKEN_ENDPOINT = /^https:\/\/[^/?#\s]+\/([^/?#\s]+)\/oauth2\/(?:v2\.0\/)?token$/i;

/** A JWT an app signs to authenticate at a token endpoint (RFC 7523): iss = sub, aud the endpoint. */
function isClientAssertion(p: Readonly<Record<string, unknown>>, form: IssuerForm): boolean {
  return (
    form === 'other' &&
    typeof p.iss === 'string' &&
    p.sub === p.iss &&
    typeof p.aud === 'string' &&
    TOKEN_ENDPOINT.test(p.aud)
  );
}

/** The tenant a token endpoint belongs to (an id or a domain; not common, organizations, consumers). */
export function tokenEndpointTenant(aud: string | null): string | null {
  const tenant = aud === null ? undefined : TOKEN_ENDPOINT.exec(aud)?.[1];
  return tenant && !/^(common|organizations|consumers)$/i.test(tenant) ? tenant : null;
}

/** "a", "a and b", "a, b and c". */
function andList(items: readonly string[], l10n: L10n): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : l10n.t('{0} and {1}', items.slice(0, -1).join(l10n.t(', ')), items[items.length - 1]!);
}

function hasUserClaims(p: Readonly<Record<string, unknown>>): boolean {
  for (const c of USER_CLAIMS) if (p[c] !== undefined) return true;
  // In app-only tokens oid and sub are both the service principal; a user's sub is pairwise and differs.
  return typeof p.oid === 'string' && typeof p.sub === 'string' && p.oid !== p.sub;
}

export function decideFlow(
  p: Readonly<Record<string, unknown>>,
  kind: TokenKind,
  l10n: L10n = english,
): { flow: TokenFlow; reason: string } {
  if (kind === 'assertion')
    return {
      flow: 'unknown',
      reason: l10n.t(
        "It names no user: a client assertion is the app's own credential, and it does not say which flow it is sent in (client credentials, code redemption or on-behalf-of).",
      ),
    };
  if (p.idtyp === 'app') return { flow: 'app-only', reason: l10n.t('No user is involved: idtyp is "app".') };
  if (p.scp !== undefined)
    return {
      flow: 'delegated',
      reason: l10n.t('A user signed in: scp lists the delegated permissions the client holds on their behalf.'),
    };
  if (p.idtyp === 'user') return { flow: 'delegated', reason: l10n.t('A user signed in: idtyp is "user".') };
  const user = hasUserClaims(p) || kind === 'id';
  if (user) {
    return {
      flow: 'delegated',
      reason:
        kind === 'id'
          ? l10n.t('A user signed in: an ID token describes the user.')
          : l10n.t(
              'A user signed in: the token carries user claims (upn, name and the like, or an oid that differs from sub).',
            ),
    };
  }
  if (kind === 'access') {
    return {
      flow: 'app-only',
      reason:
        p.roles !== undefined
          ? l10n.t('No user is involved (client credentials): there are roles but no scp and no user claims.')
          : l10n.t('No user is involved (client credentials): there is no scp and there are no user claims.'),
    };
  }
  if (p.roles !== undefined)
    return { flow: 'app-only', reason: l10n.t('No user is involved: there are roles but no scp and no user claims.') };
  return {
    flow: 'unknown',
    reason: l10n.t('Whether a user is involved is unknown: there is no scp, no idtyp and there are no user claims.'),
  };
}

export function tenantOfIdp(idp: string): string | null {
  return findGuid(idp)?.toLowerCase() ?? null;
}
