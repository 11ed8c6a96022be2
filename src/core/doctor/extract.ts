/**
 * Pulls what matters out of pasted sign-in failure text: an error page's troubleshooting details,
 * an `AADSTS…` message (with its Trace ID / Correlation ID / Timestamp lines), a token endpoint
 * JSON error, a redirect URL carrying `error=`/`error_description=` (query or fragment), or an
 * authorize/token URL. Linear in the input: plain scans with indexOf and bounded reads, and the
 * only regular expressions used on the text have no nested or overlapping repetition. Input past
 * {@link maxInputChars} is ignored (and reported as truncated).
 */
import { isGuid } from '../entra/ids';

export const maxInputChars = 256 * 1024;

export type Flow =
  | 'authorizationCode'
  | 'implicit'
  | 'hybrid'
  | 'clientCredentials'
  | 'deviceCode'
  | 'password'
  | 'refreshToken'
  | 'onBehalfOf'
  | 'adminConsent'
  | 'unknown';

export interface SignInRequest {
  /** The AADSTS code (digits only) the text is about: the first one found. */
  readonly code?: string;
  /** Every distinct AADSTS code in the text, in order. */
  readonly codes: readonly string[];
  /** Offset of the first AADSTS code in the (possibly truncated) input. */
  readonly codeOffset?: number;
  /** OAuth `error` (e.g. invalid_request, invalid_client). */
  readonly error?: string;
  readonly errorDescription?: string;
  readonly traceId?: string;
  readonly correlationId?: string;
  readonly timestamp?: string;
  readonly clientId?: string;
  readonly redirectUri?: string;
  /** `scope`, split on spaces (order kept, duplicates removed). */
  readonly scopes: readonly string[];
  readonly responseType?: string;
  readonly responseMode?: string;
  readonly grantType?: string;
  /** Tenant segment of the authority (`common`, `organizations`, `consumers`, a GUID or a domain). */
  readonly tenant?: string;
  /** Authority origin, e.g. `https://login.microsoftonline.com`. */
  readonly authorityHost?: string;
  /** The authority endpoint the URL targets: authorize, token, devicecode, adminconsent, logout. */
  readonly endpoint?: string;
  readonly flow: Flow;
  /** True when the input was longer than {@link maxInputChars} and only its start was read. */
  readonly truncated: boolean;
}

const GUID_CHARS = /^[0-9a-fA-F-]$/;

/** Characters that end a URL in running text. */
function endsUrl(ch: string): boolean {
  return (
    ch === ' ' ||
    ch === '\n' ||
    ch === '\r' ||
    ch === '\t' ||
    ch === '"' ||
    ch === '<' ||
    ch === '>' ||
    ch === '`' ||
    ch === ']' ||
    ch === '}'
  );
}

/** URLs in the text (http/https), at most `limit`, each at most 8 KB. */
function findUrls(text: string, limit = 50): string[] {
  const urls: string[] = [];
  const lower = text.toLowerCase();
  let from = 0;
  while (urls.length < limit) {
    const a = lower.indexOf('http', from);
    if (a < 0) break;
    const rest = lower.startsWith('https://', a) ? 8 : lower.startsWith('http://', a) ? 7 : 0;
    if (rest === 0) {
      from = a + 4;
      continue;
    }
    let end = a + rest;
    const stop = Math.min(text.length, a + 8192);
    while (end < stop && !endsUrl(text[end]!)) end++;
    let url = text.slice(a, end);
    // Sentence punctuation right after a URL is not part of it.
    // (An apostrophe is kept inside: browsers show error_description with it unencoded.)
    while (url.length > rest && ".;:'),".includes(url[url.length - 1]!)) url = url.slice(0, -1);
    urls.push(url);
    from = end;
  }
  return urls;
}

/** Query strings pasted without a URL: `error=…&error_description=…` or `?code=…`. */
function findBareQueries(text: string): string[] {
  const found: string[] = [];
  for (const raw of text.split(/\s+/, 2000)) {
    const t = raw.replace(/^[?#]/, '');
    if (
      !/^https?:\/\//i.test(t) &&
      /(^|&)(error|client_id|error_description|redirect_uri)=/.test(t) &&
      t.length < 16_384
    )
      found.push(t);
  }
  return found;
}

interface Params {
  readonly get: (name: string) => string | undefined;
}

function paramsOf(url: URL): Params {
  const hash = url.hash.startsWith('#') ? new URLSearchParams(url.hash.slice(1)) : undefined;
  return {
    get: (name) => url.searchParams.get(name) ?? hash?.get(name) ?? undefined,
  };
}

const authorityEndpoints = new Set(['authorize', 'token', 'devicecode', 'adminconsent', 'logout', 'userinfo']);

/** `{tenant}/oauth2/v2.0/authorize`, `{tenant}/oauth2/authorize`, `{tenant}/v2.0/adminconsent`, `{tenant}/adminconsent`. */
function authorityOf(url: URL): { tenant: string; endpoint: string } | undefined {
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts.length < 2) return undefined;
  const last = parts[parts.length - 1]!.toLowerCase();
  if (!authorityEndpoints.has(last)) return undefined;
  const middle = parts.slice(1, -1).map((p) => p.toLowerCase());
  const okMiddle = middle.every((p) => p === 'oauth2' || p === 'v2.0');
  if (!okMiddle) return undefined;
  let tenant = parts[0]!;
  try {
    tenant = decodeURIComponent(tenant);
  } catch {
    // keep as is
  }
  return { tenant, endpoint: last };
}

/** Reads the value after the first of `labels` (case-insensitive) followed by `:` or `=`; GUID or timestamp shaped. */
function labelled(text: string, lower: string, labels: readonly string[], kind: 'guid' | 'time'): string | undefined {
  for (const label of labels) {
    let from = 0;
    for (let tries = 0; tries < 20; tries++) {
      const at = lower.indexOf(label, from);
      if (at < 0) break;
      from = at + label.length;
      let i = from;
      // Skip quotes, spaces and one separator (JSON `"trace_id": "…"` included).
      let separators = 0;
      while (
        i < text.length &&
        i < from + 8 &&
        (text[i] === ' ' || text[i] === '"' || text[i] === '\t' || text[i] === ':' || text[i] === '=')
      ) {
        if (text[i] === ':' || text[i] === '=') separators++;
        i++;
      }
      if (separators !== 1) continue;
      if (kind === 'guid') {
        let j = i;
        while (j < text.length && j < i + 36 && GUID_CHARS.test(text[j]!)) j++;
        const value = text.slice(i, j);
        if (isGuid(value)) return value.toLowerCase();
      } else {
        let j = i;
        while (j < text.length && j < i + 40 && /[0-9TZtz:.\-+ ]/.test(text[j]!)) j++;
        const value = text.slice(i, j).trim();
        if (/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/.test(value)) return value;
      }
    }
  }
  return undefined;
}

/** The text between the quotes right after `label` (`… redirect URI 'https://…' …`), at most 2 KB. */
function quotedAfter(text: string, lower: string, label: string): string | undefined {
  const at = lower.indexOf(label);
  if (at < 0) return undefined;
  let i = at + label.length;
  while (i < text.length && text[i] === ' ') i++;
  const quote = text[i];
  if (quote !== "'" && quote !== '"' && quote !== '\u2018' && quote !== '\u201c') return undefined;
  const close = quote === '\u2018' ? '\u2019' : quote === '\u201c' ? '\u201d' : quote;
  const end = text.indexOf(close, i + 1);
  if (end < 0 || end - i > 2048) return undefined;
  return text.slice(i + 1, end);
}

/** AADSTS codes in order of appearance (distinct), with the first offset. */
function aadstsCodes(text: string): { codes: string[]; first?: number } {
  const codes: string[] = [];
  let first: number | undefined;
  const upper = text.toUpperCase();
  let from = 0;
  while (codes.length < 20) {
    const at = upper.indexOf('AADSTS', from);
    if (at < 0) break;
    let j = at + 6;
    while (j < text.length && j < at + 16 && text[j]! >= '0' && text[j]! <= '9') j++;
    if (j - (at + 6) >= 4) {
      const code = text.slice(at + 6, j);
      if (!codes.includes(code)) codes.push(code);
      first ??= at;
    }
    from = at + 6;
  }
  return { codes, ...(first === undefined ? {} : { first }) };
}

interface Mutable {
  error?: string;
  errorDescription?: string;
  traceId?: string;
  correlationId?: string;
  timestamp?: string;
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  responseType?: string;
  responseMode?: string;
  grantType?: string;
  tenant?: string;
  authorityHost?: string;
  endpoint?: string;
  codeChallenge?: boolean;
  errorCodes?: string[];
}

function take(m: Mutable, key: keyof Omit<Mutable, 'codeChallenge' | 'errorCodes'>, value: string | undefined): void {
  if (value !== undefined && value !== '' && m[key] === undefined) m[key] = value;
}

function absorbParams(m: Mutable, p: Params): void {
  take(m, 'error', p.get('error'));
  take(m, 'errorDescription', p.get('error_description'));
  take(m, 'clientId', p.get('client_id'));
  take(m, 'redirectUri', p.get('redirect_uri'));
  take(m, 'scope', p.get('scope'));
  take(m, 'responseType', p.get('response_type'));
  take(m, 'responseMode', p.get('response_mode'));
  take(m, 'grantType', p.get('grant_type'));
  take(m, 'traceId', p.get('trace_id'));
  take(m, 'correlationId', p.get('correlation_id'));
  take(m, 'timestamp', p.get('timestamp'));
  if (p.get('code_challenge')) m.codeChallenge = true;
}

/** A token endpoint error answer: `{"error": …, "error_description": …, "error_codes": [50011], …}`. */
function absorbJson(m: Mutable, text: string): void {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return;
  let body: unknown;
  try {
    body = JSON.parse(text.slice(start, end + 1));
  } catch {
    return;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  const o = body as Record<string, unknown>;
  const s = (k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  take(m, 'error', s('error'));
  take(m, 'errorDescription', s('error_description'));
  take(m, 'traceId', s('trace_id'));
  take(m, 'correlationId', s('correlation_id'));
  take(m, 'timestamp', s('timestamp'));
  if (Array.isArray(o.error_codes))
    m.errorCodes = o.error_codes.filter((c) => typeof c === 'number' || typeof c === 'string').map(String);
}

function flowOf(m: Mutable): Flow {
  const grant = m.grantType?.toLowerCase();
  if (grant === 'client_credentials') return 'clientCredentials';
  if (grant === 'password') return 'password';
  if (grant === 'refresh_token') return 'refreshToken';
  if (grant === 'urn:ietf:params:oauth:grant-type:device_code' || m.endpoint === 'devicecode') return 'deviceCode';
  if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') return 'onBehalfOf';
  if (grant === 'authorization_code') return 'authorizationCode';
  if (m.endpoint === 'adminconsent') return 'adminConsent';
  const rt = m.responseType?.toLowerCase().split(/[\s+]+/) ?? [];
  if (rt.length) {
    const hasCode = rt.includes('code');
    const hasToken = rt.includes('token') || rt.includes('id_token');
    if (hasCode && hasToken) return 'hybrid';
    if (hasCode) return 'authorizationCode';
    if (hasToken) return 'implicit';
  }
  return 'unknown';
}

/** Extracts the request and error details from pasted text (never throws). */
export function extractSignIn(input: string): SignInRequest {
  const truncated = input.length > maxInputChars;
  const text = truncated ? input.slice(0, maxInputChars) : input;
  const lower = text.toLowerCase();
  const m: Mutable = {};

  for (const raw of findUrls(text)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    const authority = authorityOf(url);
    if (authority) {
      take(m, 'tenant', authority.tenant);
      take(m, 'authorityHost', url.origin);
      take(m, 'endpoint', authority.endpoint);
    }
    absorbParams(m, paramsOf(url));
  }
  for (const q of findBareQueries(text)) {
    const p = new URLSearchParams(q);
    absorbParams(m, { get: (n) => p.get(n) ?? undefined });
  }
  absorbJson(m, text);

  // Labelled lines of the error page and of AADSTS messages, and values named inside the message
  // itself; also inside a decoded error_description.
  const sources = [text, ...(m.errorDescription ? [m.errorDescription] : [])];
  for (const s of sources) {
    const l = s === text ? lower : s.toLowerCase();
    take(
      m,
      'traceId',
      labelled(s, l, ['trace id', 'trace_id', 'traceid', 'request id', 'request_id', 'requestid'], 'guid'),
    );
    take(m, 'correlationId', labelled(s, l, ['correlation id', 'correlation_id', 'correlationid'], 'guid'));
    take(m, 'timestamp', labelled(s, l, ['timestamp'], 'time'));
    take(m, 'clientId', labelled(s, l, ['app id', 'application id', 'client id', 'client_id'], 'guid'));
    take(m, 'redirectUri', quotedAfter(s, l, 'redirect uri'));
    take(m, 'redirectUri', quotedAfter(s, l, 'reply address'));
    for (const label of [
      'application with identifier',
      'application with id',
      'for the application',
      'application',
      'app id',
    ]) {
      const v = quotedAfter(s, l, label);
      if (v && isGuid(v)) take(m, 'clientId', v.toLowerCase());
    }
  }

  const found = aadstsCodes(m.errorDescription ? `${text}\n${m.errorDescription}` : text);
  const codes = found.codes.length ? found.codes : (m.errorCodes ?? []).filter((c) => /^\d{4,9}$/.test(c));
  const scopes = [...new Set((m.scope ?? '').split(/[\s+]+/).filter(Boolean))];
  return {
    ...(codes[0] ? { code: codes[0] } : {}),
    codes,
    ...(found.first !== undefined && found.first < text.length ? { codeOffset: found.first } : {}),
    ...(m.error ? { error: m.error } : {}),
    ...(m.errorDescription ? { errorDescription: m.errorDescription } : {}),
    ...(m.traceId ? { traceId: m.traceId } : {}),
    ...(m.correlationId ? { correlationId: m.correlationId } : {}),
    ...(m.timestamp ? { timestamp: m.timestamp } : {}),
    ...(m.clientId ? { clientId: m.clientId } : {}),
    ...(m.redirectUri ? { redirectUri: m.redirectUri } : {}),
    scopes,
    ...(m.responseType ? { responseType: m.responseType } : {}),
    ...(m.responseMode ? { responseMode: m.responseMode } : {}),
    ...(m.grantType ? { grantType: m.grantType } : {}),
    ...(m.tenant ? { tenant: m.tenant } : {}),
    ...(m.authorityHost ? { authorityHost: m.authorityHost } : {}),
    ...(m.endpoint ? { endpoint: m.endpoint } : {}),
    flow: flowOf(m),
    truncated,
  };
}

/** True when nothing at all was recognised. */
export function isEmptyExtraction(r: SignInRequest): boolean {
  return (
    !r.code &&
    !r.error &&
    !r.clientId &&
    !r.redirectUri &&
    r.scopes.length === 0 &&
    !r.tenant &&
    !r.traceId &&
    !r.correlationId
  );
}
