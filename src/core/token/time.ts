// Time phrasing for token claims: UTC instants and relative ages ("expires in 12 min"), in the
// language of the Localizer the caller passes (English by default).
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';

type L10n = Localizer<l10n.L10nReplacement>;

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
const YEAR = 365.25 * DAY;
const MONTH = YEAR / 12;

/** A count of one unit in words: "5 years". */
type UnitText = (count: number, l10n: L10n) => string;

/** Units from the largest down; each is used once a duration holds at least two of it. */
const UNITS: readonly (readonly [seconds: number, text: UnitText])[] = [
  [YEAR, (n, l10n) => l10n.t('{0} years', n)],
  [MONTH, (n, l10n) => l10n.t('{0} months', n)],
  [DAY, (n, l10n) => l10n.t('{0} days', n)],
  [HOUR, (n, l10n) => l10n.t('{0} h', n)],
  [MINUTE, (n, l10n) => l10n.t('{0} min', n)],
];

/**
 * A duration in plain words. One rule for every size: the largest unit of which the duration holds
 * at least two whole units, rounded down ("90 s", "89 min", "3 h", "5 days", "21 months", "5 years").
 * Counts below two stay in the smaller unit, so no phrase needs a singular form.
 */
export function formatDuration(seconds: number, l10n: L10n = english): string {
  const s = Math.abs(seconds);
  for (const [size, text] of UNITS) {
    if (s >= 2 * size) return text(Math.floor(s / size), l10n);
  }
  return l10n.t('{0} s', Math.floor(s));
}

/** ISO 8601 UTC for an epoch-seconds value, or null when it is not a finite number in range. */
export function epochToIso(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const ms = value * 1000;
  if (Math.abs(ms) > 8.64e15) return null;
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** "expires in 12 min" / "expired 3 h ago". */
export function describeExpiry(exp: number, nowSeconds: number, l10n: L10n = english): string {
  const delta = exp - nowSeconds;
  return delta >= 0
    ? l10n.t('expires in {0}', formatDuration(delta, l10n))
    : l10n.t('expired {0} ago', formatDuration(delta, l10n));
}

/** "becomes valid in 5 min" / "became valid 2 h ago". */
export function describeNotBefore(nbf: number, nowSeconds: number, l10n: L10n = english): string {
  const delta = nbf - nowSeconds;
  return delta > 0
    ? l10n.t('becomes valid in {0}', formatDuration(delta, l10n))
    : l10n.t('became valid {0} ago', formatDuration(delta, l10n));
}

/** "3 h ago" / "in 5 min" for any instant. */
export function describeAge(t: number, nowSeconds: number, l10n: L10n = english): string {
  const delta = t - nowSeconds;
  return delta > 0 ? l10n.t('in {0}', formatDuration(delta, l10n)) : l10n.t('{0} ago', formatDuration(delta, l10n));
}
