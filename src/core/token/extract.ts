// Finds the compact token in what people paste: a bare JWT, "Bearer …", an Authorization header
// line, a redirect URL whose fragment or query holds access_token / id_token, or a raw fragment.

/** Where the token came from in the input. */
export type TokenSource = 'jwt' | 'bearer' | 'header' | 'url' | 'fragment' | 'text';

export type ExtractResult =
  | { readonly ok: true; readonly token: string; readonly offset: number; readonly source: TokenSource }
  | { readonly ok: false; readonly message: string };

const QUOTES = new Set(['"', "'", '`']);

/** Whether the UTF-16 code unit is a base64url character (A-Z, a-z, 0-9, "-", "_"). */
function isB64url(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95;
}

const DOT = 46;

/**
 * Every run that looks like a JWS or JWE in compact form, header starting with `eyJ`: from an
 * `eyJ` up to the end of the fifth segment at most (two to four dots; segments may be empty), in
 * text order, each search starting after the previous run. Same runs as the regex
 * `/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){1,3}/g`, found in one pass: each stretch
 * of base64url characters and dots is scanned once and its dots are walked with a cursor, so
 * adversarial text (`eyJ` repeated without dots, one dot after a long run) costs linear time,
 * where the regex backtracks quadratically. `limit` stops after that many runs.
 */
function compactRuns(text: string, limit = Infinity): { offset: number; length: number; dots: number }[] {
  const found: { offset: number; length: number; dots: number }[] = [];
  const n = text.length;
  let pos = 0;
  // The stretch of base64url characters and dots that holds the current `eyJ`, and its dots.
  let runEnd = -1;
  let dots: number[] = [];
  let next = 0;
  while (found.length < limit) {
    const p = text.indexOf('eyJ', pos);
    if (p < 0) break;
    if (p >= runEnd) {
      // A new stretch: `eyJ` is never preceded by anything that matters, so it starts at p.
      dots = [];
      next = 0;
      let i = p + 3;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === DOT) dots.push(i);
        else if (!isB64url(c)) break;
      }
      runEnd = i;
    }
    while (next < dots.length && dots[next]! < p) next++;
    const after = dots.length - next;
    if (after < 2) {
      // Fewer than two dots after p: no later `eyJ` of this stretch has more.
      pos = runEnd;
      continue;
    }
    const used = Math.min(after, 4);
    const end = next + used < dots.length ? dots[next + used]! : runEnd;
    found.push({ offset: p, length: end - p, dots: used });
    pos = end;
  }
  return found;
}

/** Whether a string looks like a compact JWT (cheap check, no decoding). */
export function looksLikeJwt(text: string): boolean {
  const s = text.trim();
  if (s.length >= 1_000_000 || !s.startsWith('eyJ')) return false;
  // Three or five base64url segments: header (more than "eyJ") and payload not empty.
  const lengths: number[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === DOT) {
      lengths.push(i - start);
      start = i + 1;
      if (lengths.length > 4) return false;
    } else if (!isB64url(c)) return false;
  }
  lengths.push(s.length - start);
  return (lengths.length === 3 || lengths.length === 5) && lengths[0]! > 3 && lengths[1]! > 0;
}

/** Every JWT-looking run in a text with its offset (for CodeLens and hovers). Linear time. */
export function findJwtCandidates(text: string, minLength = 40): { offset: number; length: number }[] {
  const found: { offset: number; length: number }[] = [];
  for (const r of compactRuns(text)) {
    if (r.length >= minLength && (r.dots === 2 || r.dots === 4)) found.push({ offset: r.offset, length: r.length });
  }
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
export function extractToken(input: string): ExtractResult {
  if (typeof input !== 'string') return { ok: false, message: 'No token: the input is not text.' };
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
  if (start >= end) return { ok: false, message: 'No token: the input is empty.' };

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
  const body = input.slice(start, end);

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
    // Free text with a token somewhere in it (a log line, a curl command).
    const m = compactRuns(body, 1)[0];
    if (m) return { ok: true, token: body.slice(m.offset, m.offset + m.length), offset: start + m.offset, source: 'text' };
  }
  return { ok: true, token: body, offset: start, source };
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
