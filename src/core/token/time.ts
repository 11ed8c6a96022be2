// Time phrasing for token claims: UTC instants and relative ages ("expires in 12 min").

/** A duration in plain words, rounded down to the largest sensible unit ("12 min", "3 h", "2 days"). */
export function formatDuration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 90) return `${min} min`;
  const h = Math.floor(s / 3600);
  if (h < 48) return `${h} h`;
  const days = Math.floor(s / 86400);
  if (days < 730) return `${days} days`;
  return `${Math.floor(days / 365)} years`;
}

/** ISO 8601 UTC for an epoch-seconds value, or null when it is not a finite number in range. */
let lastEpoch = NaN;
let lastIso = '';

export function epochToIso(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (value === lastEpoch) return lastIso; // iat and nbf are usually equal
  const ms = value * 1000;
  if (Math.abs(ms) > 8.64e15) return null;
  const iso = new Date(ms).toISOString();
  lastEpoch = value;
  lastIso = iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
  return lastIso;
}

/** "expires in 12 min" / "expired 3 h ago". */
export function describeExpiry(exp: number, nowSeconds: number): string {
  const delta = exp - nowSeconds;
  return delta >= 0 ? `expires in ${formatDuration(delta)}` : `expired ${formatDuration(delta)} ago`;
}

/** "valid in 5 min" / "valid since 2 h". */
export function describeNotBefore(nbf: number, nowSeconds: number): string {
  const delta = nbf - nowSeconds;
  return delta > 0 ? `not valid for another ${formatDuration(delta)}` : `valid since ${formatDuration(delta)}`;
}

/** "3 h ago" / "in 5 min" for any instant. */
export function describeAge(t: number, nowSeconds: number): string {
  const delta = t - nowSeconds;
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(delta)} ago`;
}
