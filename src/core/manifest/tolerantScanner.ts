// The tokens of a text that is not strict JSON, as jsonc-parser's scanner makes them (its token
// numbers, offsets and scan errors), for the tolerant reader (tolerantReader.ts, which says why it
// exists). Whitespace and line breaks are skipped before a token, as they report nothing.
import {
  INVALID_CHARACTER,
  INVALID_ESCAPE_CHARACTER,
  INVALID_UNICODE,
  UNEXPECTED_END_OF_NUMBER,
  UNEXPECTED_END_OF_STRING,
} from './parseErrorCodes';

// Tokens (jsonc-parser's SyntaxKind numbers, kept for reading alongside its code).
export const OPEN_BRACE = 1;
export const CLOSE_BRACE = 2;
export const OPEN_BRACKET = 3;
export const CLOSE_BRACKET = 4;
export const COMMA = 5;
export const COLON = 6;
export const NULL = 7;
export const TRUE = 8;
export const FALSE = 9;
export const STRING = 10;
export const NUMBER = 11;
export const COMMENT = 12;
export const UNKNOWN = 16;
export const EOF = 17;

// A token's scan error, as the parse error code it is reported with (parseErrorCodes.ts).
export const NO_ERROR = 0;

/** Characters that end a run of characters no JSON token starts with (jsonc-parser's "unknown" token). */
const ENDS_UNKNOWN = new Uint8Array(128);
for (const c of ' \t\n\r{}[]":,/') ENDS_UNKNOWN[c.charCodeAt(0)] = 1;

/** What a backslash and a character stand for, by the character's code (the escapes other than \u). */
const ESCAPED: (string | undefined)[] = [];
for (const [c, v] of ['""', '\\\\', '//', 'b\b', 'f\f', 'n\n', 'r\r', 't\t']) ESCAPED[c!.charCodeAt(0)] = v;

/** A run of string characters that end nothing and escape nothing (sticky: matched where the scan is). */
const PLAIN_RUN = /[^"\\\x00-\x1f]*/y;

/** Strings up to this long are first read by a loop (faster than the regular expression for them). */
const SHORT = 24;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Whether character `c` ends a run no JSON token starts with (see ENDS_UNKNOWN). */
const endsUnknown = (c: number): boolean => c < 128 && ENDS_UNKNOWN[c] === 1;

function digitsOnly(text: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** The scanner's state is the current token's: what it is, where it starts and ends, its scan error and value. */
export class TolerantScanner {
  /** Where the text ends for the scan: its length, unless the reader stops early (see cutAt). */
  protected len: number;
  /** The text's length. */
  private readonly textLength: number;
  protected pos = 0;
  protected token = UNKNOWN;
  protected start = 0;
  protected scanError = NO_ERROR;
  protected tokenValue: string | number | boolean | null = null;
  /**
   * The bracket nesting of the tokens so far, as pruneDeep (nesting.ts) counts it: every opening
   * bracket one level deeper, every closing one a level up when above the top; its deepest point.
   */
  level = 0;
  deepest = 0;
  /** Set when the scan was cut (cutAt) before the end of the text: where the first token not read starts. */
  unreadFrom: number | undefined;

  /** From now on the text is scanned as if it ended where the current token ends. */
  protected cutAt(): void {
    if (this.pos < this.len) this.len = this.pos;
  }

  /** Where the scan is: just past the last token read. */
  get readTo(): number {
    return this.pos;
  }

  constructor(protected readonly text: string) {
    this.len = this.textLength = text.length;
  }

  /** The next token after any whitespace (comments and unknown characters included). */
  protected scan(): number {
    const text = this.text;
    const len = this.len;
    let pos = this.pos;
    this.scanError = NO_ERROR;
    // Whitespace and line breaks (jsonc-parser's trivia tokens, which report nothing) skipped at once.
    let c = text.charCodeAt(pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++pos);
    this.start = this.pos = pos;
    if (pos >= len) {
      this.start = len;
      // (Past a cut, a token may follow: the text is read as if it ended at the cut.)
      if (len < this.textLength) {
        this.pos = len;
        if (pos < this.textLength) this.unreadFrom = pos;
      }
      return (this.token = EOF);
    }
    switch (c) {
      case 123:
      case 91:
        this.pos = pos + 1;
        if (++this.level > this.deepest) this.deepest = this.level;
        return (this.token = c === 123 ? OPEN_BRACE : OPEN_BRACKET);
      case 125:
      case 93:
        this.pos = pos + 1;
        if (this.level > 0) this.level--;
        return (this.token = c === 125 ? CLOSE_BRACE : CLOSE_BRACKET);
      case 58:
        this.pos = pos + 1;
        return (this.token = COLON);
      case 44:
        this.pos = pos + 1;
        return (this.token = COMMA);
      case 34:
        this.pos = pos + 1;
        this.tokenValue = this.scanString();
        return (this.token = STRING);
      case 47:
        return (this.token = this.scanSlash(pos));
      case 45:
        if (pos + 1 === len || !isDigit(text.charCodeAt(pos + 1))) {
          this.pos = pos + 1;
          return (this.token = UNKNOWN);
        }
        this.pos = pos + 1;
        this.tokenValue = -this.scanNumber();
        return (this.token = NUMBER);
      default:
        if (isDigit(c)) {
          this.tokenValue = this.scanNumber();
          return (this.token = NUMBER);
        }
        // true, false and null where they end (the common case), without reading them as a run.
        if (c === 110 || c === 116 || c === 102) {
          const word = c === 110 ? 'null' : c === 116 ? 'true' : 'false';
          const end = pos + word.length;
          if (text.startsWith(word, pos) && (end >= len || endsUnknown(text.charCodeAt(end)))) {
            this.pos = end;
            return (this.token = c === 110 ? NULL : c === 116 ? TRUE : FALSE);
          }
        }
        do c = text.charCodeAt(++pos);
        while (pos < len && (c >= 128 || ENDS_UNKNOWN[c] === 0));
        this.pos = pos;
        switch (pos - this.start) {
          case 4:
            if (text.startsWith('true', this.start)) return (this.token = TRUE);
            if (text.startsWith('null', this.start)) return (this.token = NULL);
            break;
          case 5:
            if (text.startsWith('false', this.start)) return (this.token = FALSE);
            break;
        }
        return (this.token = UNKNOWN);
    }
  }

  /** A comment (line or block) or a lone slash, from the slash at `at`. */
  private scanSlash(at: number): number {
    const text = this.text;
    const len = this.len;
    const second = text.charCodeAt(at + 1);
    let pos = at + 2;
    if (second === 47) {
      while (pos < len) {
        const c = text.charCodeAt(pos);
        if (c === 10 || c === 13) break;
        pos++;
      }
      this.pos = pos;
      return COMMENT;
    }
    if (second === 42) {
      const end = text.indexOf('*/', pos);
      // An unclosed comment ends one past the text's end, as in jsonc-parser (its scan error is
      // ignored when comments are errors anyway).
      this.pos = end >= 0 && end < len - 1 ? end + 2 : Math.max(pos, len - 1) + 1;
      return COMMENT;
    }
    this.pos = at + 1;
    return UNKNOWN;
  }

  /**
   * A number's value from its first digit (jsonc-parser's rules: what follows a bad fraction or
   * exponent is not part of it; its text is read as Number reads it).
   */
  private scanNumber(): number {
    const text = this.text;
    const len = this.len;
    const from = this.pos;
    let pos = from;
    if (text.charCodeAt(pos) === 48) pos++;
    else {
      pos++;
      while (pos < len && isDigit(text.charCodeAt(pos))) pos++;
    }
    if (pos < len && text.charCodeAt(pos) === 46) {
      pos++;
      if (pos < len && isDigit(text.charCodeAt(pos))) {
        pos++;
        while (pos < len && isDigit(text.charCodeAt(pos))) pos++;
      } else {
        this.scanError = UNEXPECTED_END_OF_NUMBER;
        this.pos = pos;
        return Number(text.substring(from, pos));
      }
    }
    let end = pos;
    const e = text.charCodeAt(pos);
    if (pos < len && (e === 69 || e === 101)) {
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === 43 || sign === 45) pos++;
      if (pos < len && isDigit(text.charCodeAt(pos))) {
        pos++;
        while (pos < len && isDigit(text.charCodeAt(pos))) pos++;
        end = pos;
      } else this.scanError = UNEXPECTED_END_OF_NUMBER;
    }
    this.pos = pos;
    // (Up to 15 digits and nothing else: exact as an integer, without making its text.)
    if (end - from <= 15 && pos === end && digitsOnly(text, from, end)) {
      let n = 0;
      for (let i = from; i < end; i++) n = n * 10 + text.charCodeAt(i) - 48;
      return n;
    }
    return Number(text.substring(from, end));
  }

  /** A string's value from after its opening quote; `pos` ends after the closing quote (or where the string stops). */
  private scanString(): string {
    const text = this.text;
    const len = this.len;
    let pos = this.pos;
    let from = pos;
    // A short plain string (most are) is read by a loop; a longer one by the regular expression engine.
    for (let c = text.charCodeAt(pos), stop = Math.min(len, pos + SHORT); pos < stop; c = text.charCodeAt(++pos)) {
      if (c === 34) {
        this.pos = pos + 1;
        return text.substring(from, pos);
      }
      if (c === 92 || c <= 0x1f) break;
    }
    let result = '';
    for (;;) {
      // The characters that need no look (all but quotes, backslashes and control characters),
      // skipped by the regular expression engine.
      PLAIN_RUN.lastIndex = pos;
      PLAIN_RUN.test(text);
      pos = PLAIN_RUN.lastIndex;
      if (pos >= len) {
        result += text.substring(from, pos);
        this.scanError = UNEXPECTED_END_OF_STRING;
        break;
      }
      const c = text.charCodeAt(pos);
      if (c === 34) {
        result += text.substring(from, pos);
        pos++;
        break;
      }
      if (c === 92) {
        result += text.substring(from, pos);
        pos++;
        if (pos >= len) {
          this.scanError = UNEXPECTED_END_OF_STRING;
          break;
        }
        const escaped = text.charCodeAt(pos++);
        const simple = ESCAPED[escaped];
        if (simple !== undefined) result += simple;
        else if (escaped === 117) {
          let code = 0;
          let digits = 0;
          for (; digits < 4; digits++) {
            const h = text.charCodeAt(pos);
            const v = h >= 48 && h <= 57 ? h - 48 : h >= 65 && h <= 70 ? h - 55 : h >= 97 && h <= 102 ? h - 87 : -1;
            if (v < 0) break;
            code = code * 16 + v;
            pos++;
          }
          if (digits === 4) result += String.fromCharCode(code);
          else this.scanError = INVALID_UNICODE;
        } else this.scanError = INVALID_ESCAPE_CHARACTER;
        from = pos;
        continue;
      }
      if (c <= 0x1f) {
        if (c === 10 || c === 13) {
          result += text.substring(from, pos);
          this.scanError = UNEXPECTED_END_OF_STRING;
          break;
        }
        this.scanError = INVALID_CHARACTER;
      }
      pos++;
    }
    this.pos = pos;
    return result;
  }
}
