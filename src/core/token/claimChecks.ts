// Audience and issuer checks against the app registration a token is expected for, with messages
// in the language of the Localizer the caller passes (English by default).
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';
import { withoutTrailingSlashes } from '../text/trailing';

export interface ClaimCheck {
  readonly name: 'aud' | 'iss';
  readonly ok: boolean;
  readonly message: string;
}

export interface ExpectedRegistration {
  /** The API's application (client) id and/or App ID URIs; aud must be one of them. */
  readonly audience?: string | readonly string[];
  /** The expected issuer; `{tenantid}` is replaced by the token's tid. */
  readonly issuer?: string;
}

export function claimChecks(
  payload: Readonly<Record<string, unknown>>,
  expected: ExpectedRegistration | undefined,
  l10n: Localizer<l10n.L10nReplacement> = english,
): ClaimCheck[] {
  const checks: ClaimCheck[] = [];
  if (expected?.audience !== undefined) {
    const allowed = (typeof expected.audience === 'string' ? [expected.audience] : [...expected.audience]).map((a) =>
      withoutTrailingSlashes(a.toLowerCase()),
    );
    const auds = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).filter(
      (a): a is string => typeof a === 'string',
    );
    const ok = auds.some((a) => allowed.includes(withoutTrailingSlashes(a.toLowerCase())));
    checks.push({
      name: 'aud',
      ok,
      message: ok
        ? l10n.t('aud {0} is this API.', auds.join(', '))
        : l10n.t(
            'aud {0} is not this API (expected {1}): the token was issued for another resource.',
            auds.join(', ') || l10n.t('(missing)'),
            allowed.join(l10n.t(' or ')),
          ),
    });
  }
  if (expected?.issuer !== undefined) {
    const tid = typeof payload.tid === 'string' ? payload.tid : '';
    const want = expected.issuer.replace('{tenantid}', tid);
    const ok = payload.iss === want;
    checks.push({
      name: 'iss',
      ok,
      message: ok
        ? l10n.t('iss matches {0}.', want)
        : l10n.t(
            'iss {0} differs from the expected {1}.',
            typeof payload.iss === 'string' ? payload.iss : l10n.t('(missing)'),
            want,
          ),
    });
  }
  return checks;
}
