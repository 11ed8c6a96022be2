// The syntax errors of a text in typed arrays: a broken text can have hundreds of thousands of them
// (a flipped quote turns every later string inside out), and one object per error was a large share
// of the time to read such a text. jsonc-parser's error objects are made only when asked for.
import type { ParseError, ParseErrorCode } from 'jsonc-parser';
import type { ParsedDocument } from './json';
import { INVALID_COMMENT_TOKEN as COMMENT } from './parseErrorCodes';

export class ParseErrorList {
  private codes = new Uint8Array(16);
  private offsets = new Int32Array(16);
  private lengths = new Int32Array(16);
  private size = 0;

  /** The errors of jsonc-parser's error objects, in their order. */
  static of(errors: readonly ParseError[]): ParseErrorList {
    const list = new ParseErrorList();
    for (const e of errors) list.push(e.error, e.offset, e.length);
    return list;
  }

  get count(): number {
    return this.size;
  }

  push(code: ParseErrorCode, offset: number, length: number): void {
    if (this.size === this.codes.length) {
      const cap = this.size * 2;
      this.codes = grown(this.codes, new Uint8Array(cap));
      this.offsets = grown(this.offsets, new Int32Array(cap));
      this.lengths = grown(this.lengths, new Int32Array(cap));
    }
    this.codes[this.size] = code;
    this.offsets[this.size] = offset;
    this.lengths[this.size++] = length;
  }

  code(i: number): ParseErrorCode {
    return this.codes[i]! as ParseErrorCode;
  }

  offset(i: number): number {
    return this.offsets[i]!;
  }

  length(i: number): number {
    return this.lengths[i]!;
  }

  /** Error `i` as jsonc-parser reports it. */
  at(i: number): ParseError {
    return { error: this.code(i), offset: this.offset(i), length: this.length(i) };
  }

  /** jsonc-parser's error objects, in order. */
  toArray(): ParseError[] {
    const out: ParseError[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.at(i));
    return out;
  }

  /** The smallest offset of any error (Infinity for none). */
  firstOffset(): number {
    let first = Infinity;
    for (let i = 0; i < this.size; i++) if (this.offsets[i]! < first) first = this.offsets[i]!;
    return first;
  }

  /** Comments (reported as errors by the reader) apart from the real syntax errors; no copy when there is none. */
  splitComments(): { comments: { offset: number; length: number }[]; errors: ParseErrorList } {
    if (!this.codes.subarray(0, this.size).includes(COMMENT)) return { comments: [], errors: this };
    const comments: { offset: number; length: number }[] = [];
    const errors = new ParseErrorList();
    for (let i = 0; i < this.size; i++) {
      if (this.codes[i] === COMMENT) comments.push({ offset: this.offsets[i]!, length: this.lengths[i]! });
      else errors.push(this.code(i), this.offsets[i]!, this.lengths[i]!);
    }
    return { comments, errors };
  }
}

function grown<T extends Uint8Array<ArrayBuffer> | Int32Array<ArrayBuffer>>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** How many syntax errors the document has (without making their objects). */
export function syntaxErrorCount(doc: ParsedDocument): number {
  return doc.errorList ? doc.errorList.count : doc.syntaxErrors.length;
}

/** The document's syntax errors as a list (the parse's own, or made from `syntaxErrors`). */
export function errorListOf(doc: ParsedDocument): ParseErrorList {
  return doc.errorList ?? ParseErrorList.of(doc.syntaxErrors);
}

/** A document whose syntax errors are `list`: their objects are made when `syntaxErrors` is first read. */
export function withErrors(
  doc: Omit<ParsedDocument, 'syntaxErrors' | 'errorList'>,
  list: ParseErrorList,
  /** The document's value, made when first read (the compact tree's: a text that is no manifest never needs it). */
  value?: () => unknown,
): ParsedDocument {
  let made: ParseError[] | undefined;
  const out = { ...doc, errorList: list } as ParsedDocument;
  Object.defineProperty(out, 'syntaxErrors', {
    get: () => (made ??= list.toArray()),
    enumerable: true,
    configurable: true,
  });
  if (value) Object.defineProperty(out, 'value', { get: value, enumerable: true, configurable: true });
  return out;
}

/**
 * A copy of the document with `parts` replaced, its syntax errors still made only when read (a
 * spread would read the getter withErrors sets, and make an object for each of maybe hundreds of
 * thousands of errors).
 */
export function withParts(doc: ParsedDocument, parts: Partial<ParsedDocument>): ParsedDocument {
  return Object.defineProperties(
    Object.defineProperties({}, Object.getOwnPropertyDescriptors(doc)),
    Object.getOwnPropertyDescriptors(parts),
  ) as ParsedDocument;
}

/** jsonc-parser's errors split as splitComments splits a list: comments apart, no copy when there is none. */
export function splitErrors(errors: readonly ParseError[]): {
  comments: { offset: number; length: number }[];
  syntaxErrors: readonly ParseError[];
} {
  const { comments, errors: rest } = ParseErrorList.of(errors).splitComments();
  return { comments, syntaxErrors: comments.length === 0 ? errors : rest.toArray() };
}
