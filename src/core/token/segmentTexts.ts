// What decoding says about one part of a JWT (header, payload, signature), each a whole sentence per
// part, so that a translation never slots a translated part name into another sentence.
import type * as l10n from '@vscode/l10n';
import type { JsonMistake } from '../text/jsonSyntax';
import type { Localizer } from '../text/localizer';

type L10n = Localizer<l10n.L10nReplacement>;

export type SegmentName = 'header' | 'payload' | 'signature';

/** A length of base64url text that no whole number of bytes encodes. */
export function badLengthText(name: SegmentName, length: number, l10n: L10n): string {
  if (name === 'header')
    return l10n.t('The header is not valid base64url: its length ({0}) cannot come from whole bytes.', length);
  if (name === 'payload')
    return l10n.t('The payload is not valid base64url: its length ({0}) cannot come from whole bytes.', length);
  return l10n.t('The signature is not valid base64url: its length ({0}) cannot come from whole bytes.', length);
}

/** Standard base64 where base64url belongs. */
export function standardBase64Text(name: SegmentName, l10n: L10n): string {
  if (name === 'header')
    return l10n.t(
      'The header uses standard base64 ("+" or "/"), not base64url ("-" and "_"). It was probably re-encoded by mistake.',
    );
  if (name === 'payload')
    return l10n.t(
      'The payload uses standard base64 ("+" or "/"), not base64url ("-" and "_"). It was probably re-encoded by mistake.',
    );
  return l10n.t(
    'The signature uses standard base64 ("+" or "/"), not base64url ("-" and "_"). It was probably re-encoded by mistake.',
  );
}

/** A character base64url does not have (`char` as JSON, e.g. `"%"`), at a position of the token. */
export function badCharacterText(name: SegmentName, char: string, position: number, l10n: L10n): string {
  if (name === 'header')
    return l10n.t('The header is not valid base64url: it contains {0} at position {1}.', char, position);
  if (name === 'payload')
    return l10n.t('The payload is not valid base64url: it contains {0} at position {1}.', char, position);
  return l10n.t('The signature is not valid base64url: it contains {0} at position {1}.', char, position);
}

/** Bytes that are not UTF-8. */
export function notUtf8Text(name: 'header' | 'payload', l10n: L10n): string {
  return name === 'header'
    ? l10n.t('The header does not decode to UTF-8 text, so it cannot be JSON.')
    : l10n.t('The payload does not decode to UTF-8 text, so it cannot be JSON.');
}

/**
 * Decoded text that is not JSON: where and what the first mistake is, in words (`mistake`, from
 * `strictJsonMistake`), or, when that finds none, the parser's own message (`detail`) in parentheses.
 */
export function notJsonText(
  name: 'header' | 'payload',
  mistake: JsonMistake | undefined,
  detail: string,
  l10n: L10n,
): string {
  if (mistake === undefined)
    return name === 'header'
      ? l10n.t('The header is not JSON ({0}).', detail)
      : l10n.t('The payload is not JSON ({0}).', detail);
  const at = mistake.offset + 1;
  return name === 'header'
    ? l10n.t('The header is not JSON: {0} at character {1} of its decoded text.', mistake.what, at)
    : l10n.t('The payload is not JSON: {0} at character {1} of its decoded text.', mistake.what, at);
}

/** JSON that is not an object: null, an array, a string, a number or a boolean. */
export function notObjectText(name: 'header' | 'payload', value: unknown, l10n: L10n): string {
  const header = name === 'header';
  if (value === null)
    return header
      ? l10n.t('The header is JSON but null, not an object of claims.')
      : l10n.t('The payload is JSON but null, not an object of claims.');
  if (Array.isArray(value))
    return header
      ? l10n.t('The header is JSON but an array, not an object of claims.')
      : l10n.t('The payload is JSON but an array, not an object of claims.');
  if (typeof value === 'string')
    return header
      ? l10n.t('The header is JSON but a string, not an object of claims.')
      : l10n.t('The payload is JSON but a string, not an object of claims.');
  if (typeof value === 'number')
    return header
      ? l10n.t('The header is JSON but a number, not an object of claims.')
      : l10n.t('The payload is JSON but a number, not an object of claims.');
  return header
    ? l10n.t('The header is JSON but a boolean, not an object of claims.')
    : l10n.t('The payload is JSON but a boolean, not an object of claims.');
}

/** "=" padding at the end of the parts named (in token order), which JWTs leave out. */
export function paddingText(parts: readonly SegmentName[], l10n: L10n): string {
  const has = (n: SegmentName): boolean => parts.includes(n);
  if (has('header') && has('payload') && has('signature'))
    return l10n.t(
      'The header, payload and signature end with "=" padding, which JWTs leave out (RFC 7515); it was decoded anyway, as jwt.ms and jose do, but strict validators refuse such a token.',
    );
  if (has('header') && has('payload'))
    return l10n.t(
      'The header and payload end with "=" padding, which JWTs leave out (RFC 7515); it was decoded anyway, as jwt.ms and jose do, but strict validators refuse such a token.',
    );
  if (has('header') && has('signature'))
    return l10n.t(
      'The header and signature end with "=" padding, which JWTs leave out (RFC 7515); it was decoded anyway, as jwt.ms and jose do, but strict validators refuse such a token.',
    );
  if (has('payload') && has('signature'))
    return l10n.t(
      'The payload and signature end with "=" padding, which JWTs leave out (RFC 7515); it was decoded anyway, as jwt.ms and jose do, but strict validators refuse such a token.',
    );
  if (has('header'))
    return l10n.t(
      'The header ends with "=" padding, which JWTs leave out (RFC 7515); it was decoded anyway, as jwt.ms and jose do, but strict validators refuse such a token.',
    );
  if (has('payload'))
    return l10n.t(
      'The payload ends with "=" padding, which JWTs leave out (RFC 7515); it was decoded anyway, as jwt.ms and jose do, but strict validators refuse such a token.',
    );
  return l10n.t(
    'The signature ends with "=" padding, which JWTs leave out (RFC 7515); it was decoded anyway, as jwt.ms and jose do, but strict validators refuse such a token.',
  );
}
