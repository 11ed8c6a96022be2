// Decodes a compact JWT into its header and payload objects without verifying anything, keeping
// the offset of each segment so editors can colour and hover them. Never throws. Messages are in the
// language of the Localizer the caller passes (English by default); codes are not translated.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { strictJsonMistake } from '../text/jsonSyntax';
import { english, type Localizer } from '../text/localizer';
import {
  badCharacterText,
  badLengthText,
  notJsonText,
  notObjectText,
  notUtf8Text,
  paddingText,
  standardBase64Text,
  type SegmentName,
} from './segmentTexts';
import { trailingStart } from '../text/trailing';
import { inlineValue } from '../text/boundedJson';

type L10n = Localizer<l10n.L10nReplacement>;

/** Refuses bytes that are not UTF-8 (instead of replacing them with U+FFFD). */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Tokens longer than this are refused (real Entra tokens are a few kilobytes). */
export const MAX_TOKEN_LENGTH = 256 * 1024;

export interface Segment {
  readonly offset: number;
  readonly length: number;
}

export interface DecodedToken {
  /** The compact token as given (never log it). */
  readonly token: string;
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  /** Decoded JSON text of header and payload, as issued. */
  readonly headerJson: string;
  readonly payloadJson: string;
  readonly segments: { readonly header: Segment; readonly payload: Segment; readonly signature: Segment };
  /** What was tolerated to decode it (e.g. "=" padding), one sentence each; absent when nothing. */
  readonly notices?: readonly string[];
}

export type DecodeErrorCode =
  | 'empty'
  | 'too-large'
  | 'not-jwt'
  | 'encrypted'
  | 'segment-count'
  | 'padding'
  | 'base64url'
  | 'utf8'
  | 'json'
  | 'not-object';

export interface DecodeError {
  readonly code: DecodeErrorCode;
  readonly message: string;
  /** The segment at fault, when there is one. */
  readonly segment?: 'header' | 'payload' | 'signature';
  readonly offset?: number;
  readonly length?: number;
  /** The JavaScript engine's own message (English, for logs and JSON output) when the text is not JSON. */
  readonly detail?: string;
  /** The readable protected header of an encrypted token (JWE). */
  readonly header?: Readonly<Record<string, unknown>>;
}

export type DecodeResult =
  { readonly ok: true; readonly token: DecodedToken } | { readonly ok: false; readonly error: DecodeError };

const B64URL = /^[A-Za-z0-9_-]*$/;
const names = ['header', 'payload', 'signature'] as const;

function fail(code: DecodeErrorCode, message: string, extra: Partial<DecodeError> = {}): DecodeResult {
  return { ok: false, error: { code, message, ...extra } };
}

function checkAlphabet(text: string, name: SegmentName, offset: number, l10n: L10n): DecodeResult | undefined {
  if (B64URL.test(text)) {
    if (text.length % 4 === 1) {
      return fail('base64url', badLengthText(name, text.length, l10n), { segment: name, offset, length: text.length });
    }
    return undefined;
  }
  const where = { segment: name, offset, length: text.length };
  if (/^[A-Za-z0-9+/]*=*$/.test(text)) {
    return fail('base64url', standardBase64Text(name, l10n), where);
  }
  const bad = /[^A-Za-z0-9_-]/.exec(text);
  // The alphabet test failed, so there is such a character.
  const ch = JSON.stringify(bad?.[0] ?? '');
  return fail('base64url', badCharacterText(name, ch, (bad?.index ?? 0) + offset, l10n), where);
}

function parseSegment(
  text: string,
  name: 'header' | 'payload',
  offset: number,
  l10n: L10n,
): { json: string; value: Record<string, unknown> } | DecodeResult {
  const bytes = Buffer.from(text, 'base64url');
  let json: string;
  try {
    json = utf8.decode(bytes);
  } catch {
    return fail('utf8', notUtf8Text(name, l10n), { segment: name, offset, length: text.length });
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    // The engine's message (English) only as a detail: the message says it in words.
    const detail = err instanceof Error ? err.message : String(err);
    return fail('json', notJsonText(name, strictJsonMistake(json, l10n), detail, l10n), {
      segment: name,
      offset,
      length: text.length,
      detail,
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('not-object', notObjectText(name, value, l10n), {
      segment: name,
      offset,
      length: text.length,
    });
  }
  return { json, value: value as Record<string, unknown> };
}

function tryHeader(text: string): Record<string, unknown> | undefined {
  if (!B64URL.test(text)) return undefined;
  const r = parseSegment(text, 'header', 0, english);
  return 'value' in r ? r.value : undefined;
}

/** Decodes a compact JWS. Encrypted tokens (JWE) and malformed input give a typed error. */
export function decodeToken(token: string, l10n: L10n = english): DecodeResult {
  if (typeof token !== 'string' || token.length === 0) return fail('empty', l10n.t('No token: the input is empty.'));
  if (token.length > MAX_TOKEN_LENGTH) {
    return fail(
      'too-large',
      l10n.t(
        'The input is {0} characters long; tokens above {1} are not decoded (Entra tokens are a few kilobytes).',
        token.length.toLocaleString('en-US'),
        MAX_TOKEN_LENGTH.toLocaleString('en-US'),
      ),
    );
  }
  const d1 = token.indexOf('.');
  if (d1 < 0) {
    const opaque = /^[A-Za-z0-9+/_=-]+$/.test(token);
    return fail(
      'not-jwt',
      opaque
        ? l10n.t(
            'Not a JWT: there are no dots. This looks like an opaque token (personal Microsoft account access tokens and refresh tokens are opaque and cannot be decoded).',
          )
        : l10n.t('Not a JWT: a JWT is three base64url parts separated by dots (header.payload.signature).'),
    );
  }
  const d2 = token.indexOf('.', d1 + 1);
  const d3 = d2 < 0 ? -1 : token.indexOf('.', d2 + 1);
  if (d2 < 0) {
    return fail(
      'segment-count',
      l10n.t(
        'Not a complete JWT: it has 2 parts, a JWT has 3 (header.payload.signature). Part of it was probably cut off when copying; even an unsigned token ends with a dot.',
      ),
    );
  }
  if (d3 >= 0) {
    const count = token.split('.').length;
    if (count === 5) {
      const header = tryHeader(token.slice(0, d1));
      return fail(
        'encrypted',
        header
          ? l10n.t(
              "This is an encrypted token (JWE, 5 parts) (alg {0}, enc {1}). Its claims cannot be read without the recipient's private key; only the API it was encrypted for can decrypt it.",
              inlineValue(header.alg),
              inlineValue(header.enc),
            )
          : l10n.t(
              "This is an encrypted token (JWE, 5 parts). Its claims cannot be read without the recipient's private key; only the API it was encrypted for can decrypt it.",
            ),
        header ? { header } : {},
      );
    }
    return fail(
      'segment-count',
      l10n.t(
        'Not a JWT: it has {0} parts separated by dots; a signed JWT has 3 and an encrypted one (JWE) has 5.',
        count,
      ),
    );
  }
  const raw = [token.slice(0, d1), token.slice(d1 + 1, d2), token.slice(d2 + 1)] as const;
  const offsets = [0, d1 + 1, d2 + 1] as const;
  // "=" padding (base64url as some libraries and Microsoft's own documentation samples write it):
  // decoded like jwt.ms and jose do, with a warning, as long as the padding fits the length.
  const padded: SegmentName[] = [];
  const parts = raw.map((part, i) => {
    // (Counted from the end: a pattern like /=+$/ is quadratic in a long run of "=" inside the part.)
    const end = trailingStart(part, (c) => c === 61);
    if (end === part.length || part.length - end > 2) return part;
    const bare = part.slice(0, end);
    if (!B64URL.test(bare) || part.length % 4 !== 0) return part;
    padded.push(names[i]!);
    return bare;
  }) as unknown as readonly [string, string, string];
  for (let i = 0; i < 3; i++) {
    const bad = checkAlphabet(parts[i]!, names[i]!, offsets[i]!, l10n);
    if (bad) return bad;
  }
  const notices = padded.length ? [paddingText(padded, l10n)] : undefined;
  if (parts[0].length === 0)
    return fail('not-jwt', l10n.t('Not a JWT: the header part is empty.'), { segment: 'header', offset: 0, length: 0 });
  if (parts[1].length === 0)
    return fail('not-jwt', l10n.t('Not a JWT: the payload part is empty.'), {
      segment: 'payload',
      offset: d1 + 1,
      length: 0,
    });
  const header = parseSegment(parts[0], 'header', 0, l10n);
  if ('ok' in header) return header;
  const payload = parseSegment(parts[1], 'payload', d1 + 1, l10n);
  if ('ok' in payload) return payload;
  return {
    ok: true,
    token: {
      token,
      header: header.value,
      payload: payload.value,
      headerJson: header.json,
      payloadJson: payload.json,
      segments: {
        header: { offset: 0, length: d1 },
        payload: { offset: d1 + 1, length: d2 - d1 - 1 },
        signature: { offset: d2 + 1, length: token.length - d2 - 1 },
      },
      ...(notices ? { notices } : {}),
    },
  };
}
