// A fast path for a text cut short (a file saved, copied or pasted in part): strict JSON up to
// where it stops. JSON.parse refuses it; jsonc-parser reads it to its end and ends there every
// array and object left open, and a string left open. The text mended (the string closed, a last
// comma blanked, the open brackets closed after its end) is strict JSON: its lazy tree
// (fastTree.ts) is made, with every value that the end cut open ending where the text ends, which
// is jsonc-parser's tree of the text. Its errors are the ones jsonc-parser gives at the end of a
// text: the string left open, a name or value expected after the last comma, and a closing bracket
// expected for each array and object left open. A text cut in a key, after one or after its colon
// (jsonc-parser's property without a value) gets a value written in, which the tree leaves out
// (withoutLastValue). A text cut in a word, a number or an escape is left to the compact tree
// (compactTree.ts), as is any text with an error before its end.
import type { ParseError } from 'jsonc-parser';
import type { EdgedParse } from './edges';
import { stringEnd, type StructureIndex } from './fastScan';
import { parseStrict } from './fastTree';
import type { ParsedDocument } from './json';
import { refusedAt } from './laxJson';
import {
  CLOSE_BRACE_EXPECTED,
  CLOSE_BRACKET_EXPECTED,
  COLON_EXPECTED,
  PROPERTY_NAME_EXPECTED,
  UNEXPECTED_END_OF_STRING,
  VALUE_EXPECTED,
} from './parseErrorCodes';
import { splitErrors } from './parseErrors';

/** Deeper texts are left to the compact tree (the lazy tree's scan goes no deeper either). */
const MAX_DEPTH = 256;

export interface MendedParse extends EdgedParse {
  /** Where the array or object that ends with a comma starts (the text stopped after it), if one does. */
  readonly commaIn?: number;
}

/**
 * The parsed document of `text` when it is strict JSON cut short (see the header), else undefined.
 * `source`: the text, a BOM replaced by a space; `refused`: JSON.parse's error for the text, if tried
 * (a text it refused before its end is not tried).
 */
export function mendedDocument(
  text: string,
  source: string,
  bom: boolean,
  refused: unknown,
): ParsedDocument | undefined {
  const start = bom ? 1 : 0;
  if (refused !== undefined && !endedEarly(refused, source.length - start)) return undefined;
  const mended = parseMended(source, start);
  if (!mended) return undefined;
  const { comments, syntaxErrors } = splitErrors(mended.errors);
  const marks = mended.duplicateObjects;
  return {
    text,
    root: mended.root,
    bom,
    syntaxErrors,
    comments,
    value: mended.value,
    mayHaveDuplicates: marks.length > 0 || mended.commaIn !== undefined,
    // (The structure walk goes down to the container that ends with a comma, as to a trailing one.)
    duplicateObjects: mended.commaIn === undefined ? marks : [...marks, mended.commaIn].sort((a, b) => a - b),
  };
}

/** Whether JSON.parse refused a text (of `length` characters) where it ends. */
function endedEarly(refused: unknown, length: number): boolean {
  if (!(refused instanceof SyntaxError)) return false;
  return refused.message.startsWith('Unexpected end of JSON input') || refusedAt(refused) === length;
}

/**
 * jsonc-parser's tree and errors of `source` (the text, a BOM replaced by a space) from `start`,
 * when it is strict JSON cut short (see the header); else undefined.
 */
export function parseMended(source: string, start: number): MendedParse | undefined {
  const state = endState(source, start);
  if (!state) return undefined;
  const { open, openString, lastString } = state;
  const inObject = open[open.length - 1] === 1;
  const end = source.length;
  const last = lastSignificant(source, openString >= 0 ? openString : end);
  const lastChar = source.charCodeAt(last);
  // Where the text stops in a key, after one or after its colon, jsonc-parser makes a property
  // without a value: the mending writes one in, and the tree leaves it out (withoutLastValue).
  const afterKey = (at: number): boolean => inObject && (at === 123 /* { */ || at === 44); /* , */
  const stop =
    openString >= 0
      ? afterKey(lastChar)
        ? 'in a key'
        : lastChar === 58 /* : */ || (!inObject && (lastChar === 91 || lastChar === 44))
          ? 'in a value'
          : undefined
      : lastChar === 58
        ? 'after a colon'
        : lastChar === 34 &&
            last === lastString.end &&
            afterKey(source.charCodeAt(lastSignificant(source, lastString.start)))
          ? 'after a key'
          : 'after a token';
  if (stop === undefined) return undefined;
  // A last comma (after a value: a comma after a bracket or another comma is an error of its own)
  // is blanked in the mended text.
  const comma = stop === 'after a token' && lastChar === 44;
  if (comma && !endsValue(source.charCodeAt(lastSignificant(source, last)))) return undefined;
  let tail = WRITTEN[stop];
  for (let i = open.length - 1; i >= 0; i--) tail += open[i] === 1 ? '}' : ']';
  const valueless = stop === 'in a key' || stop === 'after a key' || stop === 'after a colon';
  // JSON.parse checks the rest (it stops at the first error it meets).
  const strict = parseStrict(
    (comma ? blank(source, last) : source) + tail,
    start,
    undefined,
    end,
    valueless ? (index, value, ended) => withoutLastValue(index, value, ended, end) : undefined,
  );
  if (!strict?.root || !strict.ended) return undefined;
  const errors: ParseError[] = [];
  if (openString >= 0) errors.push({ error: UNEXPECTED_END_OF_STRING, offset: openString, length: end - openString });
  if (stop === 'in a key' || stop === 'after a key') errors.push({ error: COLON_EXPECTED, offset: end, length: 0 });
  if (stop === 'after a colon') errors.push({ error: VALUE_EXPECTED, offset: end, length: 0 });
  if (comma && inObject) errors.push({ error: PROPERTY_NAME_EXPECTED, offset: end, length: 0 });
  if (comma) errors.push({ error: VALUE_EXPECTED, offset: end, length: 0 });
  for (let i = open.length - 1; i >= 0; i--)
    errors.push({ error: open[i] === 1 ? CLOSE_BRACE_EXPECTED : CLOSE_BRACKET_EXPECTED, offset: end, length: 0 });
  return {
    root: strict.root,
    value: strict.value,
    duplicateObjects: strict.duplicateObjects,
    errors,
    ...(comma ? { commaIn: strict.ended[strict.ended.length - 1] } : {}),
  };
}

/** What the mending writes where the text stops, before the closing brackets. */
const WRITTEN = {
  'in a value': '"',
  'in a key': '":0',
  'after a key': ':0',
  'after a colon': '0',
  'after a token': '',
} as const;

/**
 * A mended text whose last member's value only the mending wrote (a text cut in a key or after
 * it, which jsonc-parser reads as a property without a value): the member is taken out of its
 * object's plain value and marked valueless, and the object's keys are read from the text. False
 * (not made) when that key repeats in the object, or the value is not the text's last.
 */
function withoutLastValue(index: StructureIndex, value: unknown, ended: number[], until: number): boolean {
  const object = ended[ended.length - 1]!;
  const last = index.next(0) - 1;
  if (index.start(last) < until || index.key(last) < 0 || index.duplicated.includes(object)) return false;
  // The object's plain value, down the open members from the root (each the last of its container).
  let plain = value;
  for (let d = 1; d < ended.length; d++) {
    const k = index.key(ended[d]!);
    plain = k < 0 ? (plain as unknown[]).at(-1) : (plain as Record<string, unknown>)[index.keyName(k)];
  }
  delete (plain as Record<string, unknown>)[index.keyName(index.key(last))];
  (index.irregular ??= new Set()).add(object);
  index.valueless = last;
  return true;
}

/**
 * The arrays and objects open where the text ends, outermost first (1 for an object), and where the
 * string it ends in opens (-1 for none); undefined when its brackets do not pair, none is open, or
 * they nest deeper than MAX_DEPTH. Only brackets and strings are read (JSON.parse checks the rest).
 */
function endState(
  text: string,
  start: number,
): { open: number[]; openString: number; lastString: { start: number; end: number } } | undefined {
  const open: number[] = [];
  const n = text.length;
  let openString = -1;
  // The last whole string: its opening and closing quotes.
  const lastString = { start: -1, end: -1 };
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // The closing quote: the next one no backslash escapes (-1 for none).
      const q = stringEnd(text, i) - 1;
      if (q < 0) {
        openString = i;
        break;
      }
      lastString.start = i;
      lastString.end = i = q;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (open.length === MAX_DEPTH) return undefined;
      open.push(c === 123 ? 1 : 0);
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (open.pop() !== (c === 125 ? 1 : 0)) return undefined;
    }
  }
  return open.length > 0 ? { open, openString, lastString } : undefined;
}

/** The offset of the last character before `before` that is not JSON whitespace (-1 for none). */
function lastSignificant(text: string, before: number): number {
  let i = before - 1;
  for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(--i));
  return i;
}

/** Whether a character ends a value: a quote, a closing bracket, a digit, or the last letter of true, false or null. */
function endsValue(c: number): boolean {
  return c === 34 || c === 125 || c === 93 || (c >= 48 && c <= 57) || c === 101 || c === 108;
}

/** The text with the character at `at` made a space (same offsets). */
function blank(text: string, at: number): string {
  return text.slice(0, at) + ' ' + text.slice(at + 1);
}
