// Why text is not JSON, in words of the display language: jsonc-parser's error codes as phrases
// (also used by the manifest's syntax findings), and where strict JSON that `JSON.parse` refused
// goes wrong, so that a message says it in the product's words and keeps the JavaScript engine's
// own (English) message only as a detail.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see localizer.ts).
import type * as l10n from '@vscode/l10n';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { Localizer } from './localizer';

type L10n = Localizer<l10n.L10nReplacement>;

/** A jsonc-parser error code (`printParseErrorCode`) in words; an unknown code as it is. */
export function describeParseError(code: string, l10n: L10n): string {
  switch (code) {
    case 'InvalidSymbol':
      return l10n.t('unexpected character');
    case 'InvalidNumberFormat':
      return l10n.t('invalid number');
    case 'PropertyNameExpected':
      return l10n.t('property name expected');
    case 'ValueExpected':
      return l10n.t('value expected');
    case 'ColonExpected':
      return l10n.t('colon expected');
    case 'CommaExpected':
      return l10n.t('comma expected');
    case 'CloseBraceExpected':
      return l10n.t('closing brace } expected');
    case 'CloseBracketExpected':
      return l10n.t('closing bracket ] expected');
    case 'EndOfFileExpected':
      return l10n.t('end of file expected (only one top-level value is allowed)');
    case 'InvalidCommentToken':
      return l10n.t('a comment (JSON has none)');
    case 'UnexpectedEndOfComment':
      return l10n.t('unterminated comment');
    case 'UnexpectedEndOfString':
      return l10n.t('unterminated string');
    case 'UnexpectedEndOfNumber':
      return l10n.t('unterminated number');
    case 'InvalidUnicode':
      return l10n.t('invalid unicode escape');
    case 'InvalidEscapeCharacter':
      return l10n.t('invalid escape character');
    case 'InvalidCharacter':
      return l10n.t('invalid character in string');
    default:
      return code;
  }
}

/** The first mistake of text that is not JSON (see `strictJsonMistake`). */
export interface JsonMistake {
  readonly what: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** Deeper nesting is not handed to jsonc-parser, whose parser recurses once per level. */
const MAX_DEPTH = 256;

/**
 * The first mistake in `text` read as strict JSON (no comments, no trailing commas): what it is in
 * words, its offset, and its line and column (1-based; columns count UTF-16 code units). Undefined when the text
 * is nested deeper than the parser is given, or when jsonc-parser finds nothing wrong. Linear time.
 */
export function strictJsonMistake(text: string, l10n: L10n): JsonMistake | undefined {
  if (nestingDepth(text) > MAX_DEPTH) return undefined;
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < first.offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const what = describeParseError(printParseErrorCode(first.error), l10n);
  return { what, offset: first.offset, line, column: first.offset - lineStart + 1 };
}

/** The deepest nesting of brackets and braces outside strings (one pass). */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}
