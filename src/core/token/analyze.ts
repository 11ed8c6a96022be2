// Explains a decoded token: what kind it is, who asked for it, for which API, what it grants,
// and what is missing or wrong. Pure and synchronous; signature checks live in ./verify. Its texts
// (reasons, problems, claim meanings) are in the language of the Localizer in the options; the
// codes, kinds and values are not translated.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { explainHeader } from './claims';
import { describeClientAuth } from './claimValues';
import { defaultCatalog, isGraphAudience, MSA_TENANT_ID } from './catalog';
import type { DecodedToken } from './decode';
import { describeExpiry, epochToIso } from './time';
import { checkGroups, checkTimes } from './checks';
import { issuerLooksTrusted, trustPolicy } from './trust';
import { isGuid } from '../entra/ids';
import type {
  AnalyzeOptions,
  ClaimInfo,
  ProblemSeverity,
  SignatureVerdict,
  TokenAnalysis,
  TokenProblem,
  TokenSummary,
} from './analysisTypes';
import { LazyClaim, nowSecondsOf, str, strings } from './claimText';
import { classify, decideFlow, tenantOfIdp, tokenEndpointTenant } from './classify';
import { parseIssuer } from './issuer';
import { english, type Localizer } from '../text/localizer';

type L10n = Localizer<l10n.L10nReplacement>;

export type * from './analysisTypes';
export { parseIssuer, type ParsedIssuer } from './issuer';

/** Explains a decoded token. Never throws; problems describe anything odd. */
export function analyzeToken(decoded: DecodedToken, options: AnalyzeOptions = {}): TokenAnalysis {
  const h = decoded.header;
  const p = decoded.payload;
  const catalog = options.catalog ?? defaultCatalog;
  const l10n: L10n = options.l10n ?? english;
  const skew = options.clockSkewSeconds ?? 300;
  const nowS = nowSecondsOf(options.now);
  const problems: TokenProblem[] = [];
  const add = (code: string, severity: ProblemSeverity, message: string, claim?: string): void => {
    problems.push(claim === undefined ? { code, severity, message } : { code, severity, message, claim });
  };

  const iss = str(p.iss);
  const issuer = parseIssuer(iss);
  const tid = str(p.tid);
  const { kind, reason: kindReason } = classify(p, issuer.form, l10n);
  const { flow, reason: flowReason } = decideFlow(p, kind, l10n);
  const ver = p.ver === '1.0' || p.ver === '2.0' ? p.ver : null;
  const aud = typeof p.aud === 'string' ? p.aud : Array.isArray(p.aud) ? (strings(p.aud)[0] ?? null) : null;
  const audienceName = aud === null ? null : (catalog.nameOf(aud) ?? null);
  const scopes = typeof p.scp === 'string' ? p.scp.split(' ').filter((s) => s.length > 0) : strings(p.scp);
  const roles = strings(p.roles);
  // ID tokens are issued to the client app itself: their aud is the client.
  // A client assertion is signed by the client itself: iss (= sub) is its client id.
  const clientId = str(p.azp) ?? str(p.appid) ?? (kind === 'id' ? aud : kind === 'assertion' ? iss : null);
  const clientAuth = describeClientAuth(p.azpacr ?? p.appidacr, l10n);
  const idp = str(p.idp);
  const personal = tid === MSA_TENANT_ID;
  // Azure AD B2C and External ID tenants sign in customers, through social or other identity
  // providers named in idp: such users are the tenant's own customers, never guests.
  // On a custom domain (login.contoso.com) only the claims tell: B2C alone writes tfp, and older
  // B2C policies put the policy in acr.
  const customerTenant =
    (issuer.host !== null && /\.(b2clogin|ciamlogin)\.com$/i.test(issuer.host)) ||
    typeof p.tfp === 'string' ||
    (typeof p.acr === 'string' && /^b2c_1a?_/i.test(p.acr));
  // The tenant: tid; for customer tenants the issuer's path; for a client assertion its token endpoint's.
  const tenantOf = tid ?? (customerTenant ? issuer.tenant : kind === 'assertion' ? tokenEndpointTenant(aud) : null);
  let guest = false;
  if (idp !== null && !personal && !customerTenant) {
    if (idp === 'live.com') guest = true;
    else if (/^https?:\/\//i.test(idp)) {
      const idpTenant = tenantOfIdp(idp);
      guest = idpTenant === null ? true : tid !== null && idpTenant !== tid.toLowerCase();
    }
  }
  if (p.acct === 1 || p.acct === '1') guest = true;
  const policy = str(p.tfp) ?? (customerTenant && typeof p.acr === 'string' && /^b2c_1a?_/i.test(p.acr) ? p.acr : null);

  for (const n of decoded.notices ?? []) add('base64-padding', 'warning', n);

  // Header
  const alg = typeof h.alg === 'string' ? h.alg : null;
  const graph = isGraphAudience(aud);
  let signature: SignatureVerdict = {
    status: 'unchecked',
    reason: l10n.t('The signature was not checked (verification is a separate step).'),
  };
  if (alg === null)
    add(
      'alg-missing',
      'error',
      l10n.t('The header has no alg: a validator cannot know how the token is signed.'),
      'alg',
    );
  else if (alg.toLowerCase() === 'none') {
    add(
      'alg-none',
      'error',
      l10n.t('alg is "none": the token is unsigned and anybody could have written it. Never trust it.'),
      'alg',
    );
    signature = {
      status: 'unchecked',
      reason: l10n.t('Unsigned token (alg "none"): there is no signature to check.'),
    };
  } else if (/^HS/i.test(alg)) {
    add(
      'alg-symmetric',
      'warning',
      l10n.t(
        "alg is {0}: a shared-secret (symmetric) signature. It cannot be verified with the issuer's public keys; Entra signs its tokens with RS256.",
        alg,
      ),
      'alg',
    );
  }
  if (h.nonce !== undefined) {
    signature = {
      status: 'cannot-verify',
      reason: graph
        ? l10n.t(
            'Microsoft Graph token: the header nonce is transformed before signing, so no standard library can verify it. Only Microsoft Graph validates its tokens.',
          )
        : l10n.t(
            'The header carries a nonce (as Microsoft Graph and SharePoint tokens do): the signature covers a transformed nonce, so standard libraries cannot verify it.',
          ),
    };
  }
  const sigLen = decoded.segments.signature.length;
  if (sigLen === 0 && alg !== null && alg.toLowerCase() !== 'none')
    add(
      'no-signature',
      'error',
      l10n.t('The signature part is empty although alg is {0}: the token was cut off or stripped.', alg),
    );
  else if (alg !== null && /^(RS|PS)/.test(alg) && sigLen > 0 && sigLen < 342) {
    add(
      'signature-truncated',
      'warning',
      l10n.t(
        'The signature is {0} characters; an {1} signature with a 2048-bit key has 342. It was cut off (documentation samples often are), so it can never verify.',
        sigLen,
        alg,
      ),
    );
  }
  if (alg !== null && alg !== 'none' && h.kid === undefined && sigLen > 0) {
    add(
      'no-kid',
      h.x5t !== undefined ? 'info' : 'warning',
      h.x5t !== undefined
        ? l10n.t('No kid in the header, only x5t: validators must match the key by certificate thumbprint.')
        : l10n.t('No kid in the header: a validator cannot tell which key signed it.'),
      'kid',
    );
  }

  // Issuer and tenant
  if (iss === null) add('iss-missing', 'error', l10n.t('No iss claim: nobody can tell who issued this token.'), 'iss');
  else if (issuer.form === 'other') {
    if (kind === 'assertion')
      add(
        'client-assertion',
        'info',
        l10n.t(
          'This is a client assertion: a JWT the app signed with its own certificate to authenticate at the token endpoint (aud). It is not issued by Entra and grants nothing by itself.',
        ),
        'iss',
      );
    else
      add(
        'issuer-unknown',
        'info',
        l10n.t(
          'The issuer is neither the v1 (https://sts.windows.net/{tenant}/) nor the v2 (…/{tenant}/v2.0) form of Entra: another identity provider or a custom token.',
        ),
        'iss',
      );
  } else {
    if (iss.startsWith('http:'))
      add(
        'issuer-not-https',
        'warning',
        l10n.t('The issuer uses http: real Entra issuers are https, and keys cannot be fetched safely.'),
        'iss',
      );
    const segTenant = issuer.tenant;
    if (segTenant !== null && segTenant !== '{tenantid}') {
      if (!isGuid(segTenant))
        add(
          'issuer-tenant-malformed',
          'warning',
          l10n.t('The tenant in iss ({0}) is not a well-formed GUID.', segTenant),
          'iss',
        );
      if (tid !== null && segTenant.toLowerCase() !== tid.toLowerCase())
        add(
          'issuer-tenant-mismatch',
          'warning',
          l10n.t(
            'The tenant in iss ({0}) differs from tid ({1}). A validator that checks iss against tid rejects this token.',
            segTenant,
            tid,
          ),
          'iss',
        );
    }
  }
  if (
    iss !== null &&
    issuer.host !== null &&
    !(typeof p.sub === 'string' && p.sub === iss) &&
    !issuerLooksTrusted(options.trust && trustPolicy(options.trust), iss)
  ) {
    add(
      'issuer-untrusted',
      'warning',
      l10n.t(
        'The issuer is not a Microsoft authority ({0}): anyone can sign a token that names it, so its keys are not fetched and the signature cannot be verified. If you trust it, add it to the setting entra.token.trustedIssuers (command line: --trust-issuer).',
        issuer.host,
      ),
      'iss',
    );
  }
  if (tid !== null && !isGuid(tid)) add('tid-malformed', 'warning', l10n.t('tid ({0}) is not a GUID.', tid), 'tid');
  if (personal)
    add(
      'personal-account',
      'info',
      l10n.t(
        'Personal Microsoft account (tenant {0}). The API must accept personal accounts (signInAudience) and v2 tokens.',
        MSA_TENANT_ID,
      ),
      'tid',
    );
  if (customerTenant) {
    const b2c = !/ciamlogin/i.test(issuer.host ?? '');
    const which = b2c ? 'Azure AD B2C' : 'Microsoft Entra External ID';
    const what = policy
      ? idp
        ? l10n.t('{0} token from the user flow or custom policy {1}; the user signed in with {2}.', which, policy, idp)
        : l10n.t('{0} token from the user flow or custom policy {1}.', which, policy)
      : idp
        ? l10n.t('{0} token; the user signed in with {1}.', which, idp)
        : l10n.t('{0} token.', which);
    const validate = b2c
      ? l10n.t("Validate it against this tenant's policy-specific metadata.")
      : l10n.t("Validate it against this tenant's metadata.");
    add('customer-tenant', 'info', `${what} ${validate}`, 'iss');
  }
  if (guest)
    add(
      'guest',
      'info',
      idp === null
        ? l10n.t('Guest user: authenticated by another tenant, not by the tenant that issued the token.')
        : l10n.t('Guest user: authenticated by {0}, not by the tenant that issued the token.', idp),
      'idp',
    );

  // Times
  checkTimes(p, kind, nowS, skew, add, l10n);
  const exp = typeof p.exp === 'number' ? p.exp : null;

  // What the token is for and what it grants
  if (graph) {
    add(
      'graph-token',
      'info',
      l10n.t(
        'A Microsoft Graph token: only Microsoft Graph is meant to validate it. Your own API must not accept it; request a token for your API instead (its App ID URI or client id scope).',
      ),
      'aud',
    );
  }
  if (kind === 'id') {
    add(
      'id-token',
      'warning',
      l10n.t(
        "An ID token: it proves to the client app (aud) that a user signed in. Sending it as a bearer token to an API is a mistake; request an access token for the API's scope instead.",
      ),
    );
  }
  if (kind === 'access') {
    const microsoftApi = audienceName !== null;
    // B2C writes ver 1.0 into every token by design; first-party APIs choose their own version.
    if (ver === '1.0' && !microsoftApi && !customerTenant) {
      add(
        'v1-token',
        'info',
        l10n.t(
          "v1 token: the API's registration has api.requestedAccessTokenVersion null or 1 (the endpoint the client used does not decide this). Set it to 2 for v2 tokens.",
        ),
        'ver',
      );
    }
    // Only an app calling as itself depends on roles; a delegated token without roles is ordinary.
    if (roles.length === 0 && !microsoftApi && flow === 'app-only') {
      add(
        'no-roles',
        'warning',
        l10n.t(
          'No roles: the API defines no app roles for applications, or none is assigned to (admin-consented for) the calling app, so it holds no application permission.',
        ),
        'roles',
      );
    }
    // Azure AD B2C and External ID issue an access token for the app itself when it asks with its
    // own client id as the scope: aud is the client, and there is no scp to hold.
    const forItself = customerTenant && aud !== null && aud === clientId;
    if (flow === 'delegated' && scopes.length === 0 && !forItself)
      add(
        'no-scp',
        'warning',
        l10n.t('A user is present but there is no scp: the client holds no delegated permission on this API.'),
        'scp',
      );
    if (clientId === null)
      add(
        'client-missing',
        'warning',
        l10n.t('Neither azp nor appid: the client app that requested the token is unknown.'),
      );
  }
  checkGroups(p, add, l10n);
  if (kind !== 'unknown' && kind !== 'assertion' && ver === null)
    add('ver-missing', 'info', l10n.t('No ver claim: Entra tokens say "1.0" or "2.0".'), 'ver');

  // Claims in token order
  const claims: ClaimInfo[] = [];
  for (const name in p) claims.push(new LazyClaim(name, p[name], nowS, catalog, l10n));
  const headerClaims: ClaimInfo[] = [];
  for (const name in h) headerClaims.push({ name, value: h[name], explanation: explainHeader(name, l10n) });

  const summary: TokenSummary = {
    kind,
    kindReason,
    version: ver,
    flow,
    flowReason,
    audience: aud,
    audienceName,
    issuer: iss,
    issuerForm: issuer.form,
    tenantId: tenantOf,
    expiresAt: epochToIso(p.exp),
    issuedAt: epochToIso(p.iat),
    notBefore: epochToIso(p.nbf),
    expiry: exp === null ? null : describeExpiry(exp, nowS, l10n),
    scopes,
    roles,
    client: {
      appId: clientId,
      name: clientId === null ? null : (catalog.nameOf(clientId) ?? str(p.app_displayname)),
      authentication: clientAuth,
    },
    user:
      flow === 'delegated'
        ? {
            objectId: str(p.oid),
            subject: str(p.sub),
            username: str(p.upn) ?? str(p.preferred_username) ?? str(p.unique_name) ?? str(p.email),
            name: str(p.name),
          }
        : null,
    tenant: {
      id: tenantOf,
      personalAccount: personal || (idp === 'live.com' && !customerTenant),
      guest,
      identityProvider: idp,
    },
  };
  // Errors first, then warnings, then notes; in the order found within each (sort is stable).
  problems.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return { header: h, payload: p, summary, claims, headerClaims, problems, signature };
}

const SEVERITY_ORDER: Readonly<Record<ProblemSeverity, number>> = { error: 0, warning: 1, info: 2 };
