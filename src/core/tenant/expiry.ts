/** When secrets and certificates end, in words (pure; texts through the given translator). */
// The type-only import also tells @vscode/l10n-dev that `l10n.t('…')` here are texts for the bundle.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../text/localizer';

export type { Localizer, Translate } from '../text/localizer';

const day = 24 * 60 * 60 * 1000;
export const expiringSoonDays = 30;

export type ExpiryState = 'expired' | 'expiring' | 'valid' | 'unknown';

export function expiryState(end: string | number | undefined, now: number): ExpiryState {
  const t = typeof end === 'number' ? end : end ? Date.parse(end) : NaN;
  if (Number.isNaN(t)) {
    return 'unknown';
  }
  if (t <= now) {
    return 'expired';
  }
  return t - now <= expiringSoonDays * day ? 'expiring' : 'valid';
}

/** Number of credentials expired or expiring within 30 days. */
export function attentionCount(ends: readonly number[] | undefined, now: number): number {
  return (ends ?? []).filter((t) => expiryState(t, now) !== 'valid').length;
}

/** "1 expired, 2 expiring" (secrets and certificates within 30 days of their end). */
export function credentialSummary(ends: readonly number[], now: number, l10n: Localizer<l10n.L10nReplacement>): string {
  const expired = ends.filter((e) => expiryState(e, now) === 'expired').length;
  const expiring = ends.filter((e) => expiryState(e, now) === 'expiring').length;
  return [expired ? l10n.t('{0} expired', expired) : '', expiring ? l10n.t('{0} expiring', expiring) : '']
    .filter(Boolean)
    .join(', ');
}

/** Graph's ISO 8601 instant as `2024-05-01 10:00 UTC` (the text as is when it is not one). */
export function readableDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) {
    return iso;
  }
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "expires in 3 days", "expired 2 days ago". */
export function relativeDays(end: number, now: number, l10n: Localizer<l10n.L10nReplacement>): string {
  const days = Math.round(Math.abs(end - now) / day);
  if (end <= now) {
    return days === 0 ? l10n.t('expired today') : l10n.t('expired {0} days ago', days);
  }
  return days === 0 ? l10n.t('expires today') : l10n.t('expires in {0} days', days);
}
