// Finds the compact token in what people paste: a bare JWT, "Bearer …", an Authorization header
// line, a redirect URL whose fragment or query holds access_token / id_token, or a raw fragment.
// Messages and notices are in the language of the Localizer the caller passes (English by default).
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';

type L10n = Localizer<l10n.L10nReplacement>;

/** Where the token came from in the input. */
export type TokenSource = 'jwt' | 'bearer' | 'header' | 'url' | 'fragment' | 'text';

export type ExtractResult =
  | {
      readonly ok: true;
      readonly token: string;
      readonly offset: number;
      readonly source: TokenSource;
      readonly notice?: string;
    }
  | { readonly ok: false; readonly message: string };

const QUOTES = new Set(['"', "'", '`']);
/** Characters that open a bracketed token (`[eyJ…]`, `<eyJ…>`). */
const OPENERS = new Set(['[', '(', '<', '{']);
/** What may follow a token copied out of code or prose (at most four of them are dropped). */
const TRAILERS = new Set(['"', "'", '`', ',', ';', ':', ')', ']', '>', '}']);

const DOT = 46;
/**
 * A run of base64url characters at a given index. One character class, nothing after it: it cannot
 * backtrack, and it reads a long run natively (several times faster than a loop over charCodeAt).
 */
const B64URL_RUN = /[A-Za-z0-9_-]*/y;
const B64URL_ONLY = /^[A-Za-z0-9_-]*$/;

/** Whether the UTF-16 code unit is a base64url character. */
function isB64url(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95;
}

/** The index after the run of base64url characters starting at `from`. */
function skipB64url(text: string, from: number): number {
  B64URL_RUN.lastIndex = from;
  B64URL_RUN.test(text);
  return B64URL_RUN.lastIndex;
}

/**
 * Every run that looks like a JWS or JWE in compact form, header starting with `eyJ`: from an
 * `eyJ` up to the end of the fifth segment at most (two to four dots; segments may be empty), in
 * text order, each search starting after the previous run. Same runs as the regex
 * `/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){1,3}/g`, found in one pass: a cursor
 * reads each character after an `eyJ` once, keeping the next five dots at most, so adversarial
 * text (`eyJ` repeated without dots, one dot after a long run) costs linear time, where the regex
 * backtracks quadratically. Each run goes to `visit` (no allocation per run); false stops the search.
 */
function compactRuns(text: string, visit: (offset: number, length: number, dots: number) => boolean): void {
  const n = text.length;
  let pos = 0;
  // Characters before `scan` (after the current stretch's first `eyJ`) have been read; dots[head…count)
  // are the dots read at or after the current `eyJ` (five at most); `ended` once a character outside
  // base64url and dots (or the text's end) was read, at `scan`.
  let scan = 0;
  let ended = true;
  const dots = [0, 0, 0, 0, 0, 0];
  let head = 0;
  let count = 0;
  for (;;) {
    const p = text.indexOf('eyJ', pos);
    if (p < 0) break;
    if (p >= scan) {
      // Nothing after p has been read: what came before p does not matter.
      scan = p + 3;
      ended = false;
      head = count = 0;
    } else {
      while (head < count && dots[head]! < p) head++;
    }
    while (!ended && count - head < 5) {
      // Short segments are read here; a long one with the regex, natively.
      let c = scan < n ? text.charCodeAt(scan) : 0;
      for (let k = 0; k < 8 && isB64url(c); k++) c = ++scan < n ? text.charCodeAt(scan) : 0;
      if (isB64url(c)) {
        scan = skipB64url(text, scan);
        c = scan < n ? text.charCodeAt(scan) : 0;
      }
      if (c !== DOT) ended = true;
      else {
        if (count === dots.length) {
          dots.copyWithin(0, head, count);
          count -= head;
          head = 0;
        }
        dots[count++] = scan++;
      }
    }
    const after = count - head;
    if (after < 2) {
      // Fewer than two dots after p up to the end of the stretch: no later `eyJ` in it has more.
      pos = scan;
      continue;
    }
    const used = Math.min(after, 4);
    const end = after > used ? dots[head + used]! : scan;
    if (!visit(p, end - p, used)) return;
    pos = end;
  }
}

/** Whether a string looks like a compact JWT (cheap check, no decoding). */
export function looksLikeJwt(text: string): boolean {
  const s = text.trim();
  if (s.length >= 1_000_000 || !s.startsWith('eyJ')) return false;
  // Three or five base64url segments: header (more than "eyJ") and payload not empty.
  const parts = s.split('.', 6);
  return (
    (parts.length === 3 || parts.length === 5) &&
    parts[0]!.length > 3 &&
    parts[1]!.length > 0 &&
    parts.every((x) => B64URL_ONLY.test(x))
  );
}

/** Every JWT-looking run in a text with its offset (for CodeLens and hovers). Linear time. */
export function findJwtCandidates(text: string, minLength = 40): { offset: number; length: number }[] {
  const found: { offset: number; length: number }[] = [];
  compactRuns(text, (offset, length, dots) => {
    if (length >= minLength && (dots === 2 || dots === 4)) found.push({ offset, length });
    return true;
  });
  return found;
}

function tokenFromParams(params: string): string | undefined {
  const search = new URLSearchParams(params);
  return search.get('access_token') ?? search.get('id_token') ?? undefined;
}

/**
 * Extracts the token from pasted input. Never throws. When nothing token-like is recognised the
 * trimmed input is returned as is (decodeToken then says why it is not a JWT).
 */
export function extractToken(input: string, l10n: L10n = english): ExtractResult {
  if (typeof input !== 'string') return { ok: false, message: l10n.t('No token: the input is not text.') };
  let start = 0;
  let end = input.length;
  const trim = (): void => {
    while (start < end && /\s/.test(input[start]!)) start++;
    while (end > start && /\s/.test(input[end - 1]!)) end--;
  };
  trim();
  // Surrounding quotes, possibly nested ("'…'") and with whitespace inside.
  while (end - start >= 2 && QUOTES.has(input[start]!) && input[end - 1] === input[start]) {
    start++;
    end--;
    trim();
  }
  if (start >= end) return { ok: false, message: l10n.t('No token: the input is empty.') };

  let source: TokenSource = 'jwt';
  const header = /^authorization\s*:\s*/i.exec(input.slice(start, Math.min(end, start + 64)));
  if (header) {
    start += header[0].length;
    source = 'header';
  }
  const bearer = /^bearer\s+/i.exec(input.slice(start, Math.min(end, start + 64)));
  if (bearer) {
    start += bearer[0].length;
    if (source === 'jwt') source = 'bearer';
  }
  trim();
  // A token copied out of source code or prose often keeps what stood around it: brackets, a
  // closing quote, a comma, semicolon or colon. Base64url has none of these, so they are dropped.
  let stripped = '';
  if (input.startsWith('eyJ', start + 1) && OPENERS.has(input[start]!)) {
    stripped += input[start]!;
    start++;
  }
  if (input.startsWith('eyJ', start)) {
    let tail = end;
    while (tail > start && end - tail < 4 && TRAILERS.has(input[tail - 1]!)) tail--;
    if (tail < end) {
      stripped += input.slice(tail, end);
      end = tail;
      trim();
    }
  }
  const body = input.slice(start, end);
  const strippedNotice =
    stripped.length > 0
      ? l10n.t('The characters {0} around the token were left out.', JSON.stringify(stripped))
      : undefined;

  if (/(?:^|[?#&])(?:access_token|id_token)=/.test(body)) {
    const hash = body.indexOf('#');
    const query = body.indexOf('?');
    let token: string | undefined;
    let kind: TokenSource = 'fragment';
    if (hash >= 0) {
      token = tokenFromParams(body.slice(hash + 1));
      kind = hash === 0 ? 'fragment' : 'url';
    }
    if (token === undefined && query >= 0) {
      token = tokenFromParams(body.slice(query + 1, hash > query ? hash : undefined));
      kind = 'url';
    }
    if (token === undefined && hash < 0 && query < 0) token = tokenFromParams(body);
    if (token !== undefined && token.length > 0) {
      const at = input.indexOf(token, start);
      return { ok: true, token, offset: at >= 0 ? at : start, source: kind };
    }
  }

  if (/\s/.test(body)) {
    const joined = joinWrapped(body, l10n);
    if (joined !== undefined)
      return {
        ok: true,
        token: joined.token,
        offset: start,
        source,
        notice: strippedNotice ? `${joined.notice} ${strippedNotice}` : joined.notice,
      };
    // Free text with a token somewhere in it (a log line, a curl command).
    let first: { offset: number; length: number } | undefined;
    compactRuns(body, (offset, length) => {
      first = { offset, length };
      return false;
    });
    if (first)
      return {
        ok: true,
        token: body.slice(first.offset, first.offset + first.length),
        offset: start + first.offset,
        source: 'text',
      };
  }
  return { ok: true, token: body, offset: start, source, ...(strippedNotice ? { notice: strippedNotice } : {}) };
}

/**
 * A token hard-wrapped over several lines (mail, documentation pages wrap at 64 or 76 columns):
 * only base64url characters, dots and "=" on every line, at least two lines, and the joined text
 * starts like a JWT. One linear pass; undefined for anything else.
 */
function joinWrapped(body: string, l10n: L10n): { token: string; notice: string } | undefined {
  if (!body.startsWith('eyJ') || !/^[A-Za-z0-9_.=-]+(?:[ \t]*\r?\n[ \t]*[A-Za-z0-9_.=-]+)+$/.test(body))
    return undefined;
  const lines = body.split(/[ \t]*\r?\n[ \t]*/);
  const token = lines.join('');
  const dots = token.split('.').length - 1;
  if (dots !== 2 && dots !== 4) return undefined;
  const width = lines[0]!.length;
  return {
    token,
    notice: lines.slice(0, -1).every((l) => l.length === width)
      ? l10n.t('The token was wrapped over {0} lines of {1} characters; the lines were joined.', lines.length, width)
      : l10n.t('The token was wrapped over {0} lines; the lines were joined.', lines.length),
  };
}

/**
 * Whether pasted text looks like the path of a file or folder rather than a token: absolute
 * (`/…`, `C:\…`, `\\server\…`), relative (`./…`, `../…`), home (`~/…`), a file URI, or a name ending
 * in .jwt, .txt or .token. Tokens never look like that: base64url has no slash, backslash or tilde,
 * and a JWT starts with `eyJ`. Redirect URLs and fragments holding a token are not paths either.
 */
export function looksLikeFilePath(text: string): boolean {
  const s = text.trim().replace(/^(["'])(.*)\1$/, '$2');
  if (s.length === 0 || s.length > 4096 || /(?:^|[?#&])(?:access_token|id_token)=/.test(s)) return false;
  if (/^(?:\/|~[\\/]|\.{1,2}[\\/]|[A-Za-z]:[\\/]|\\\\|file:\/\/)/i.test(s)) return true;
  return !s.startsWith('eyJ') && !/\s/.test(s) && /\.(?:jwt|txt|token)$/i.test(s);
}
