// Per-claim explanations of a token's payload, formatted on first read.
import { amrMethods, describeClientAuth, explainPayloadClaim } from './claims';
import { type ApiCatalog, MSA_TENANT_ID } from './catalog';
import type { ClaimInfo } from './analysisTypes';
import { describeAge, describeExpiry, describeNotBefore, epochToIso } from './time';

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

function explainTime(base: string, value: unknown, nowS: number, name: string): string {
  if (typeof value !== 'number') return `${base} Expected a number of seconds, found ${typeof value}.`;
  const iso = epochToIso(value);
  if (iso === null) return `${base} The value is out of range.`;
  const rel =
    name === 'exp'
      ? describeExpiry(value, nowS)
      : name === 'nbf'
        ? describeNotBefore(value, nowS)
        : describeAge(value, nowS);
  return `${base} ${iso.replace('T', ' ').replace('Z', ' UTC')} (${rel}).`;
}

function explainClaim(name: string, value: unknown, nowS: number, catalog: ApiCatalog): string {
  const base = explainPayloadClaim(name);
  if (TIME_CLAIMS.has(name)) return explainTime(base, value, nowS, name);
  switch (name) {
    case 'amr': {
      const list = strings(value).map((m) => `${m}: ${amrMethods[m] ?? 'method not described by Microsoft'}`);
      return list.length ? `${base} Here: ${list.join('; ')}.` : base;
    }
    case 'appidacr':
    case 'azpacr': {
      const d = describeClientAuth(value);
      return d ? `${base} Here: ${d}.` : base;
    }
    case 'acr':
      return value === '0' ? `${base} Here: did not meet them.` : value === '1' ? `${base} Here: met them.` : base;
    case 'aud':
    case 'appid':
    case 'azp': {
      const n = typeof value === 'string' ? catalog.nameOf(value) : undefined;
      return n ? `${base} Here: ${n}.` : base;
    }
    case 'tid':
      return value === MSA_TENANT_ID ? `${base} Here: a personal Microsoft account.` : base;
    case 'idtyp':
      return value === 'app' ? `${base} Here: app-only.` : value === 'user' ? `${base} Here: a user is present.` : base;
    case 'acct':
      return value === 0 || value === '0'
        ? `${base} Here: member.`
        : value === 1 || value === '1'
          ? `${base} Here: guest.`
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
  ) {}

  get explanation(): string {
    return (this.text ??= explainClaim(this.name, this.value, this.nowS, this.catalog));
  }

  toJSON(): { name: string; value: unknown; explanation: string } {
    return { name: this.name, value: this.value, explanation: this.explanation };
  }
}
