// Per-claim explanations of a token's payload, formatted on first read, in the language of the
// Localizer the caller passes.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { explainPayloadClaim } from './claims';
import { describeAmrMethod, describeClientAuth } from './claimValues';
import type { Localizer } from '../text/localizer';
import { type ApiCatalog, MSA_TENANT_ID } from './catalog';
import type { ClaimInfo } from './analysisTypes';
import { describeAge, describeExpiry, describeNotBefore, epochToIso } from './time';

type L10n = Localizer<l10n.L10nReplacement>;

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time']);

export function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

export function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' && v.length > 0 ? [v] : [];
}

export function nowSecondsOf(now: Date | number | undefined): number {
  if (now === undefined) return Date.now() / 1000;
  return (typeof now === 'number' ? now : now.getTime()) / 1000;
}

function explainTime(base: string, value: unknown, nowS: number, name: string, l10n: L10n): string {
  if (typeof value !== 'number') return l10n.t('{0} Expected a number of seconds, found {1}.', base, typeof value);
  const iso = epochToIso(value);
  if (iso === null) return l10n.t('{0} The value is out of range.', base);
  const rel =
    name === 'exp'
      ? describeExpiry(value, nowS, l10n)
      : name === 'nbf'
        ? describeNotBefore(value, nowS, l10n)
        : describeAge(value, nowS, l10n);
  return l10n.t('{0} {1} ({2}).', base, iso.replace('T', ' ').replace('Z', ' UTC'), rel);
}

function explainClaim(name: string, value: unknown, nowS: number, catalog: ApiCatalog, l10n: L10n): string {
  const base = explainPayloadClaim(name, l10n);
  if (TIME_CLAIMS.has(name)) return explainTime(base, value, nowS, name, l10n);
  switch (name) {
    case 'amr': {
      // Each method is written once: a long list repeats a few methods (it costs a lookup, not a translation).
      const written = new Map<string, string>();
      let unknown: string | undefined;
      const list = strings(value).map((m) => {
        let text = written.get(m);
        if (text === undefined) {
          const meaning = describeAmrMethod(m, l10n) ?? (unknown ??= l10n.t('method not described by Microsoft'));
          text = l10n.t('{0}: {1}', m, meaning);
          written.set(m, text);
        }
        return text;
      });
      return list.length ? l10n.t('{0} Here: {1}.', base, list.join(l10n.t('; '))) : base;
    }
    case 'appidacr':
    case 'azpacr': {
      const d = describeClientAuth(value, l10n);
      return d ? l10n.t('{0} Here: {1}.', base, d) : base;
    }
    case 'acr':
      return value === '0'
        ? l10n.t('{0} Here: did not meet them.', base)
        : value === '1'
          ? l10n.t('{0} Here: met them.', base)
          : base;
    case 'aud':
    case 'appid':
    case 'azp': {
      const n = typeof value === 'string' ? catalog.nameOf(value) : undefined;
      return n ? l10n.t('{0} Here: {1}.', base, n) : base;
    }
    case 'tid':
      return value === MSA_TENANT_ID ? l10n.t('{0} Here: a personal Microsoft account.', base) : base;
    case 'idtyp':
      return value === 'app'
        ? l10n.t('{0} Here: app-only.', base)
        : value === 'user'
          ? l10n.t('{0} Here: a user is present.', base)
          : base;
    case 'acct':
      return value === 0 || value === '0'
        ? l10n.t('{0} Here: member.', base)
        : value === 1 || value === '1'
          ? l10n.t('{0} Here: guest.', base)
          : base;
    default:
      return base;
  }
}

/**
 * A claim whose explanation is formatted on first read (most callers read few of them). Serialises
 * to `{name, value, explanation}`.
 */
export class LazyClaim implements ClaimInfo {
  private text: string | undefined;
  constructor(
    readonly name: string,
    readonly value: unknown,
    private readonly nowS: number,
    private readonly catalog: ApiCatalog,
    private readonly l10n: L10n,
  ) {}

  get explanation(): string {
    return (this.text ??= explainClaim(this.name, this.value, this.nowS, this.catalog, this.l10n));
  }

  toJSON(): { name: string; value: unknown; explanation: string } {
    return { name: this.name, value: this.value, explanation: this.explanation };
  }
}
