// Time phrasing for token claims: UTC instants and relative ages ("expires in 12 min").

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
const YEAR = 365.25 * DAY;
const MONTH = YEAR / 12;

/** Units from the largest down; each is used once a duration holds at least two of it. */
const UNITS: readonly (readonly [seconds: number, name: string])[] = [
  [YEAR, 'years'],
  [MONTH, 'months'],
  [DAY, 'days'],
  [HOUR, 'h'],
  [MINUTE, 'min'],
];

/**
 * A duration in plain words. One rule for every size: the largest unit of which the duration holds
 * at least two whole units, rounded down ("90 s", "89 min", "3 h", "5 days", "21 months", "5 years").
 * Counts below two stay in the smaller unit, so no phrase needs a singular form.
 */
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  for (const [size, name] of UNITS) {
    if (s >= 2 * size) return `${Math.floor(s / size)} ${name}`;
  }
  return `${Math.floor(s)} s`;
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
export function describeExpiry(exp: number, nowSeconds: number): string {
  const delta = exp - nowSeconds;
  return delta >= 0 ? `expires in ${formatDuration(delta)}` : `expired ${formatDuration(delta)} ago`;
}

/** "becomes valid in 5 min" / "became valid 2 h ago". */
export function describeNotBefore(nbf: number, nowSeconds: number): string {
  const delta = nbf - nowSeconds;
  return delta > 0 ? `becomes valid in ${formatDuration(delta)}` : `became valid ${formatDuration(delta)} ago`;
}

/** "3 h ago" / "in 5 min" for any instant. */
export function describeAge(t: number, nowSeconds: number): string {
  const delta = t - nowSeconds;
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(delta)} ago`;
}
