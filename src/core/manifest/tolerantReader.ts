// Reads a text that is not strict JSON the way jsonc-parser's `visit` does with the engine's options
// (trailing commas allowed, comments reported as errors, empty content an error): the same values,
// separators and errors at the same offsets, in the same order, with the same recovery after an
// error. jsonc-parser stays the reference (the compact tree is tested against its parseTree); this
// reader exists for speed: one class, no callback wrappers, no JSON path kept, whitespace skipped
// without building its text, and no arrays made per error. It recurses once per nesting level, as
// jsonc-parser does: callers bound the nesting first (pruneDeep).
import type { ParseErrorCode } from 'jsonc-parser';

/** What the reader reports, in text order. Offsets and lengths are jsonc-parser's (a string's include its quotes). */
export interface ReadSink {
  objectBegin(at: number): void;
  property(name: string, at: number, length: number): void;
  objectEnd(at: number, length: number): void;
  arrayBegin(at: number): void;
  arrayEnd(at: number, length: number): void;
  literal(value: string | number | boolean | null, at: number, length: number): void;
  colonAt(at: number): void;
  commaAt(at: number): void;
  error(code: ParseErrorCode, at: number, length: number): void;
}

// Tokens (jsonc-parser's SyntaxKind numbers, kept for reading alongside its code).
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const COLON = 6;
const NULL = 7;
const TRUE = 8;
const FALSE = 9;
const STRING = 10;
const NUMBER = 11;
const COMMENT = 12;
const UNKNOWN = 16;
const EOF = 17;

// Scan errors of a token, reported as these parse error codes (ParseErrorCode).
const NO_ERROR = 0;
const INVALID_SYMBOL = 1;
const INVALID_NUMBER_FORMAT = 2;
const PROPERTY_NAME_EXPECTED = 3;
const VALUE_EXPECTED = 4;
const COLON_EXPECTED = 5;
const COMMA_EXPECTED = 6;
const CLOSE_BRACE_EXPECTED = 7;
const CLOSE_BRACKET_EXPECTED = 8;
const END_OF_FILE_EXPECTED = 9;
const INVALID_COMMENT_TOKEN = 10;
const UNEXPECTED_END_OF_NUMBER = 13;
const UNEXPECTED_END_OF_STRING = 12;
const INVALID_UNICODE = 14;
const INVALID_ESCAPE_CHARACTER = 15;
const INVALID_CHARACTER = 16;

/** Reads `text` into `sink` (see the header). */
export function readTolerant(text: string, sink: ReadSink): void {
  new Reader(text, sink).document();
}

/** Characters that end a run of characters no JSON token starts with (jsonc-parser's "unknown" token). */
const ENDS_UNKNOWN = new Uint8Array(128);
for (const c of ' \t\n\r{}[]":,/') ENDS_UNKNOWN[c.charCodeAt(0)] = 1;

/** What a backslash and a character stand for, by the character's code (the escapes other than \u). */
const ESCAPED: (string | undefined)[] = [];
for (const [c, v] of ['""', '\\\\', '//', 'b\b', 'f\f', 'n\n', 'r\r', 't\t']) ESCAPED[c!.charCodeAt(0)] = v;

/** A run of string characters that end nothing and escape nothing (sticky: matched where the scan is). */
const PLAIN_RUN = /[^"\\\x00-\x1f]*/y;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

class Reader {
  private readonly len: number;
  private pos = 0;
  /** The current token, where it starts, its scan error (as a parse error code) and its value. */
  private token = UNKNOWN;
  private start = 0;
  private scanError = NO_ERROR;
  private value: string | number | boolean | null = null;

  constructor(
    private readonly text: string,
    private readonly sink: ReadSink,
  ) {
    this.len = text.length;
  }

  document(): void {
    this.next();
    if (this.token === EOF || !this.parseValue()) this.fail(VALUE_EXPECTED);
    else if (this.token !== EOF) this.fail(END_OF_FILE_EXPECTED);
  }

  /** An error at the current token. */
  private fail(code: number): void {
    this.sink.error(code as ParseErrorCode, this.start, this.pos - this.start);
  }

  /** An error at the current token, then tokens skipped up to (not past) `until` or `other`, or EOF. */
  private failAndSkipTo(code: number, until: number, other: number): void {
    this.fail(code);
    let token = this.token;
    while (token !== EOF && token !== until && token !== other) token = this.next();
  }

  /** The next token that is not trivia; scan errors, comments and unknown characters reported on the way. */
  private next(): number {
    for (;;) {
      const token = this.scan();
      if (this.scanError !== NO_ERROR) this.fail(this.scanError);
      if (token === COMMENT) this.fail(INVALID_COMMENT_TOKEN);
      else if (token === UNKNOWN) this.fail(INVALID_SYMBOL);
      else return token;
    }
  }

  /** The next token after any whitespace (comments and unknown characters included). */
  private scan(): number {
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
      return (this.token = EOF);
    }
    switch (c) {
      case 123:
        this.pos = pos + 1;
        return (this.token = OPEN_BRACE);
      case 125:
        this.pos = pos + 1;
        return (this.token = CLOSE_BRACE);
      case 91:
        this.pos = pos + 1;
        return (this.token = OPEN_BRACKET);
      case 93:
        this.pos = pos + 1;
        return (this.token = CLOSE_BRACKET);
      case 58:
        this.pos = pos + 1;
        return (this.token = COLON);
      case 44:
        this.pos = pos + 1;
        return (this.token = COMMA);
      case 34:
        this.pos = pos + 1;
        this.value = this.scanString();
        return (this.token = STRING);
      case 47:
        return (this.token = this.scanSlash(pos));
      case 45:
        if (pos + 1 === len || !isDigit(text.charCodeAt(pos + 1))) {
          this.pos = pos + 1;
          return (this.token = UNKNOWN);
        }
        this.pos = pos + 1;
        this.value = Number('-' + this.scanNumber());
        return (this.token = NUMBER);
      default:
        if (isDigit(c)) {
          this.value = Number(this.scanNumber());
          return (this.token = NUMBER);
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

  /** A number's text from its first digit (jsonc-parser's rules: what follows a bad fraction or exponent is not part of it). */
  private scanNumber(): string {
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
        return text.substring(from, pos);
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
    return text.substring(from, end);
  }

  /** A string's value from after its opening quote; `pos` ends after the closing quote (or where the string stops). */
  private scanString(): string {
    const text = this.text;
    const len = this.len;
    let pos = this.pos;
    let from = pos;
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

  private parseValue(): boolean {
    switch (this.token) {
      case OPEN_BRACKET:
      case OPEN_BRACE:
        this.parseContainer(this.token === OPEN_BRACE);
        return true;
      case STRING:
      case NULL:
      case TRUE:
      case FALSE:
        this.sink.literal(
          this.token === STRING ? this.value : this.token === NULL ? null : this.token === TRUE,
          this.start,
          this.pos - this.start,
        );
        this.next();
        return true;
      case NUMBER: {
        let n = this.value as number;
        if (Number.isNaN(n)) {
          this.fail(INVALID_NUMBER_FORMAT);
          n = 0;
        }
        this.sink.literal(n, this.start, this.pos - this.start);
        this.next();
        return true;
      }
      default:
        return false;
    }
  }

  private parseProperty(): boolean {
    if (this.token !== STRING) {
      this.failAndSkipTo(PROPERTY_NAME_EXPECTED, CLOSE_BRACE, COMMA);
      return false;
    }
    this.sink.property(this.value as string, this.start, this.pos - this.start);
    if (this.next() === COLON) {
      this.sink.colonAt(this.start);
      this.next();
      if (!this.parseValue()) this.failAndSkipTo(VALUE_EXPECTED, CLOSE_BRACE, COMMA);
    } else this.failAndSkipTo(COLON_EXPECTED, CLOSE_BRACE, COMMA);
    return true;
  }

  /** An object (with `object`) or an array, from its opening bracket. */
  private parseContainer(object: boolean): void {
    const close = object ? CLOSE_BRACE : CLOSE_BRACKET;
    if (object) this.sink.objectBegin(this.start);
    else this.sink.arrayBegin(this.start);
    this.next();
    let needsComma = false;
    while (this.token !== close && this.token !== EOF) {
      if (this.token === COMMA) {
        if (!needsComma) this.fail(VALUE_EXPECTED);
        this.sink.commaAt(this.start);
        // A trailing comma is allowed.
        if (this.next() === close) break;
      } else if (needsComma) this.fail(COMMA_EXPECTED);
      if (!(object ? this.parseProperty() : this.parseValue())) this.failAndSkipTo(VALUE_EXPECTED, close, COMMA);
      needsComma = true;
    }
    if (object) this.sink.objectEnd(this.start, this.pos - this.start);
    else this.sink.arrayEnd(this.start, this.pos - this.start);
    if (this.token !== close) this.failAndSkipPast(object ? CLOSE_BRACE_EXPECTED : CLOSE_BRACKET_EXPECTED, close);
    else this.next();
  }

  /** An error at the current token, then tokens skipped up to and past `closing` (or to EOF). */
  private failAndSkipPast(code: number, closing: number): void {
    this.fail(code);
    let token = this.token;
    while (token !== EOF) {
      if (token === closing) {
        this.next();
        return;
      }
      token = this.next();
    }
  }
}
