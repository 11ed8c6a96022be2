// Checks of a token's times and groups claims, with problems in the language of the Localizer the
// caller passes. Part of the analysis (./analyze), kept apart to keep each file short.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import type { ProblemSeverity, TokenKind } from './analysisTypes';
import { describeAge, describeNotBefore, epochToIso } from './time';
import type { Localizer } from '../text/localizer';

type L10n = Localizer<l10n.L10nReplacement>;

/** Records a problem: its code, severity, message and the claim it is about. */
export type AddProblem = (code: string, severity: ProblemSeverity, message: string, claim?: string) => void;

/** exp, nbf and iat: numbers of seconds, present, and now within them (with the clock skew allowed). */
export function checkTimes(
  p: Readonly<Record<string, unknown>>,
  kind: TokenKind,
  nowS: number,
  skew: number,
  add: AddProblem,
  l10n: L10n,
): void {
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    const v = p[name];
    if (v === undefined) continue;
    if (typeof v !== 'number') {
      add(
        `${name}-type`,
        'error',
        typeof v === 'string'
          ? l10n.t(
              '{0} is a string ({1}), not a number of seconds: validators reject it or misread it.',
              name,
              JSON.stringify(v.slice(0, 30)),
            )
          : l10n.t(
              '{0} is of type {1}, not a number of seconds: validators reject it or misread it.',
              name,
              v === null ? 'null' : typeof v,
            ),
        name,
      );
    } else if (v > 1e11)
      add(
        `${name}-milliseconds`,
        'warning',
        l10n.t(
          '{0} looks like milliseconds, not seconds ({1} if read as ms).',
          name,
          epochToIso(v / 1000) ?? l10n.t('out of range'),
        ),
        name,
      );
  }
  const exp = typeof p.exp === 'number' ? p.exp : null;
  const nbf = typeof p.nbf === 'number' ? p.nbf : null;
  if (p.exp === undefined && kind !== 'unknown')
    add('exp-missing', 'error', l10n.t('No exp claim: the token never expires, which no Entra token does.'), 'exp');
  if (exp !== null) {
    if (nowS > exp + skew)
      add(
        'expired',
        'error',
        l10n.t(
          'The token expired {0}, beyond the {1} s clock skew validators allow.',
          describeAge(exp, nowS, l10n),
          skew,
        ),
        'exp',
      );
    else if (nowS > exp)
      add(
        'expired-within-skew',
        'warning',
        l10n.t(
          'The token expired {0}; validators that allow {1} s of clock skew still accept it.',
          describeAge(exp, nowS, l10n),
          skew,
        ),
        'exp',
      );
  }
  if (nbf !== null) {
    if (nowS < nbf - skew)
      add(
        'not-yet-valid',
        'error',
        l10n.t(
          'The token is not valid yet: it {0}, beyond the {1} s clock skew validators allow. Check the clocks.',
          describeNotBefore(nbf, nowS, l10n),
          skew,
        ),
        'nbf',
      );
    else if (nowS < nbf)
      add(
        'not-yet-valid-within-skew',
        'info',
        l10n.t(
          'The token {0}; validators that allow {1} s of clock skew already accept it.',
          describeNotBefore(nbf, nowS, l10n),
          skew,
        ),
        'nbf',
      );
  }
}

/** Groups left out of the token (overage): where to read them instead. */
export function checkGroups(p: Readonly<Record<string, unknown>>, add: AddProblem, l10n: L10n): void {
  const claimNames = p._claim_names;
  if (claimNames !== null && typeof claimNames === 'object' && 'groups' in claimNames) {
    const src = (claimNames as Record<string, unknown>).groups;
    const sources = p._claim_sources as Record<string, { endpoint?: unknown }> | undefined;
    const endpoint = typeof src === 'string' ? sources?.[src]?.endpoint : undefined;
    const aadGraph = typeof endpoint === 'string' && endpoint.includes('graph.windows.net');
    add(
      'groups-overage',
      'warning',
      aadGraph
        ? l10n.t(
            'Groups overage: the user is in more groups than fit in a token (200 for JWTs), so groups was left out. The endpoint given points to the retired Azure AD Graph; call Microsoft Graph instead (/users/{oid}/getMemberObjects).',
          )
        : l10n.t(
            'Groups overage: the user is in more groups than fit in a token (200 for JWTs), so groups was left out. Fetch them from Microsoft Graph (/users/{oid}/getMemberObjects).',
          ),
      '_claim_names',
    );
  }
  if (p.hasgroups === true)
    add(
      'groups-overage',
      'warning',
      l10n.t(
        'hasgroups is true: the groups list was too long for this flow (implicit), so it was left out. Fetch the groups from Microsoft Graph.',
      ),
      'hasgroups',
    );
}
