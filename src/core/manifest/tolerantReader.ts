// Reads a text that is not strict JSON the way jsonc-parser's `visit` does with the engine's options
// (trailing commas allowed, comments reported as errors, empty content an error): the same values,
// separators and errors at the same offsets, in the same order, with the same recovery after an
// error. jsonc-parser stays the reference (the compact tree is tested against its parseTree); this
// reader exists for speed: no callback wrappers, no JSON path kept, whitespace skipped without
// building its text, and no arrays made per error. Its tokens come from tolerantScanner.ts. It does
// not recurse: the open arrays and objects are kept on a stack of its own.
import type { ParseErrorCode } from 'jsonc-parser';
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  COMMENT,
  EOF,
  FALSE,
  NO_ERROR,
  NULL,
  NUMBER,
  OPEN_BRACE,
  OPEN_BRACKET,
  STRING,
  TolerantScanner,
  TRUE,
  UNKNOWN,
} from './tolerantScanner';
import {
  CLOSE_BRACE_EXPECTED,
  CLOSE_BRACKET_EXPECTED,
  COLON_EXPECTED,
  COMMA_EXPECTED,
  END_OF_FILE_EXPECTED,
  INVALID_COMMENT_TOKEN,
  INVALID_NUMBER_FORMAT,
  INVALID_SYMBOL,
  PROPERTY_NAME_EXPECTED,
  VALUE_EXPECTED,
} from './parseErrorCodes';

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

/**
 * How deep the text's brackets nest, read from its tokens: the depth pruneDeep finds (nesting.ts
 * reads strings and comments as the scanner does), unless `readInPart`.
 */
export interface Nesting {
  readonly deepest: number;
  /**
   * The reader stopped before the end of the text (after the first value, or where none starts):
   * the rest, from `readTo` at bracket depth `level` (as pruneDeep counts), is not read.
   */
  readonly readInPart: boolean;
  readonly readTo: number;
  readonly level: number;
  /** The reader stopped where the brackets nested past `stopPast` (see readTolerant): the sink has a part of the text. */
  readonly stopped?: true;
  /**
   * Set when the reader stopped after MAX_READ_ERRORS errors: where the first token it did not read
   * starts. What was read is read as if the text ended after the token of the last error counted.
   */
  readonly unreadFrom?: number;
}

/**
 * After this many errors (comments included) the reader reads the text as if it ended at the token
 * of the last one. One misplaced quote turns every later string of a file inside out, and each
 * character of such a text can be a value with an error of its own: a 1 MB text had a million.
 * Past the first errors they are all the same mistake, and reading them costs time in proportion.
 */
export const MAX_READ_ERRORS = 10_000;

/** Thrown inside the reader when the brackets nest past its limit. */
const STOPPED = new Error('nested past the limit');

/**
 * Reads `text` into `sink` (see the header); returns how deep its brackets nest. With `stopPast`,
 * stops where they nest deeper than that (a caller that prunes such a text and reads the pruned one
 * needs no more of it).
 */
export function readTolerant(text: string, sink: ReadSink, stopPast = Infinity): Nesting {
  const reader = new Reader(text, sink, stopPast);
  try {
    // (The reader stops after the first value, or where none starts: the rest is not read at all.)
    const whole = reader.document();
    const { deepest, readTo, level, unreadFrom } = reader;
    return { deepest, readInPart: !whole, readTo, level, ...(unreadFrom !== undefined ? { unreadFrom } : {}) };
  } catch (err) {
    if (err !== STOPPED) throw err;
    return { deepest: reader.deepest, readInPart: true, readTo: reader.readTo, level: reader.level, stopped: true };
  }
}

/** A copy of `a` twice as long. */
function grown(a: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(a.length * 2);
  b.set(a);
  return b;
}

class Reader extends TolerantScanner {
  /** The open arrays and objects, outermost first: 1 for an object; 1 in `commas` once a member was read. */
  private objects = new Uint8Array(64);
  private commas = new Uint8Array(64);
  private depth = 0;
  private errors = 0;

  constructor(
    text: string,
    private readonly sink: ReadSink,
    private readonly stopPast: number,
  ) {
    super(text);
  }

  /** Reads the document; false when it stopped before the end of the text. */
  document(): boolean {
    this.next();
    if (this.token === EOF) this.fail(VALUE_EXPECTED);
    else if (!this.value()) {
      this.fail(VALUE_EXPECTED);
      return false;
    } else {
      this.members();
      if (this.token !== EOF) {
        this.fail(END_OF_FILE_EXPECTED);
        return false;
      }
    }
    return true;
  }

  /** An error at the current token. */
  private fail(code: number): void {
    this.sink.error(code as ParseErrorCode, this.start, this.pos - this.start);
    if (++this.errors === MAX_READ_ERRORS) this.cutAt();
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

  /**
   * A value at the current token: a literal read, or an array or object opened (`members` reads
   * what it holds). False when the token starts no value (nothing is read then).
   */
  private value(): boolean {
    const token = this.token;
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      const object = token === OPEN_BRACE;
      if (object) this.sink.objectBegin(this.start);
      else this.sink.arrayBegin(this.start);
      if (this.depth === this.objects.length) {
        this.objects = grown(this.objects);
        this.commas = grown(this.commas);
      }
      this.objects[this.depth] = object ? 1 : 0;
      this.commas[this.depth++] = 0;
      if (this.deepest > this.stopPast) throw STOPPED;
    } else if (token === NUMBER) {
      let n = this.tokenValue as number;
      if (Number.isNaN(n)) {
        this.fail(INVALID_NUMBER_FORMAT);
        n = 0;
      }
      this.sink.literal(n, this.start, this.pos - this.start);
    } else if (token === STRING || token === NULL || token === TRUE || token === FALSE) {
      this.sink.literal(
        token === STRING ? this.tokenValue : token === NULL ? null : token === TRUE,
        this.start,
        this.pos - this.start,
      );
    } else return false;
    this.next();
    return true;
  }

  /**
   * The members of the open arrays and objects, innermost first, until none is open: a loop over an
   * explicit stack, so no nesting, however deep, costs call stack.
   */
  private members(): void {
    while (this.depth > 0) {
      const top = this.depth - 1;
      const object = this.objects[top] === 1;
      const close = object ? CLOSE_BRACE : CLOSE_BRACKET;
      if (this.token === close || this.token === EOF) {
        if (object) this.sink.objectEnd(this.start, this.pos - this.start);
        else this.sink.arrayEnd(this.start, this.pos - this.start);
        this.depth--;
        if (this.token !== close) this.failAndSkipPast(object ? CLOSE_BRACE_EXPECTED : CLOSE_BRACKET_EXPECTED, close);
        else this.next();
        continue;
      }
      if (this.token === COMMA) {
        if (this.commas[top] === 0) this.fail(VALUE_EXPECTED);
        this.sink.commaAt(this.start);
        // A trailing comma is allowed: the container closes at the next turn.
        if (this.next() === close) continue;
      } else if (this.commas[top] === 1) this.fail(COMMA_EXPECTED);
      // However the member ends, a comma comes before the next one (set before a nested value opens).
      this.commas[top] = 1;
      if (object) this.property();
      else if (!this.value()) this.failAndSkipTo(VALUE_EXPECTED, CLOSE_BRACKET, COMMA);
    }
  }

  /** A member of an object, from its key (an error and tokens skipped when there is none). */
  private property(): void {
    if (this.token !== STRING) {
      this.failAndSkipTo(PROPERTY_NAME_EXPECTED, CLOSE_BRACE, COMMA);
      this.failAndSkipTo(VALUE_EXPECTED, CLOSE_BRACE, COMMA);
      return;
    }
    this.sink.property(this.tokenValue as string, this.start, this.pos - this.start);
    if (this.next() === COLON) {
      this.sink.colonAt(this.start);
      this.next();
      if (!this.value()) this.failAndSkipTo(VALUE_EXPECTED, CLOSE_BRACE, COMMA);
    } else this.failAndSkipTo(COLON_EXPECTED, CLOSE_BRACE, COMMA);
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
