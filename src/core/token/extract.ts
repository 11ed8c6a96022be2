// Finds the compact token in what people paste: a bare JWT, "Bearer …", an Authorization header
// line, a redirect URL whose fragment or query holds access_token / id_token, or a raw fragment.

/** Where the token came from in the input. */
export type TokenSource = 'jwt' | 'bearer' | 'header' | 'url' | 'fragment' | 'text';

export type ExtractResult =
  | { readonly ok: true; readonly token: string; readonly offset: number; readonly source: TokenSource }
  | { readonly ok: false; readonly message: string };

/** A JWS or JWE in compact form (three or five base64url segments), header starting with `{"`. */
const COMPACT_IN_TEXT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){1,3}/g;
const QUOTES = new Set(['"', "'", '`']);

/** Whether a string looks like a compact JWT (cheap check, no decoding). */
export function looksLikeJwt(text: string): boolean {
  const s = text.trim();
  return s.length < 1_000_000 && /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?$/.test(s);
}

/** Every JWT-looking run in a text with its offset (for CodeLens and hovers). */
export function findJwtCandidates(text: string, minLength = 40): { offset: number; length: number }[] {
  const found: { offset: number; length: number }[] = [];
  COMPACT_IN_TEXT.lastIndex = 0;
  for (let m = COMPACT_IN_TEXT.exec(text); m !== null; m = COMPACT_IN_TEXT.exec(text)) {
    const dots = m[0].split('.').length;
    if (m[0].length >= minLength && (dots === 3 || dots === 5)) found.push({ offset: m.index, length: m[0].length });
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
    COMPACT_IN_TEXT.lastIndex = 0;
    const m = COMPACT_IN_TEXT.exec(body);
    if (m) return { ok: true, token: m[0], offset: start + m.index, source: 'text' };
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
