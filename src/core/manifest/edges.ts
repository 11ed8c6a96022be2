// A fast path for a strict JSON object or array with a few stray characters around it (a second
// BOM, a NUL, a comma or a bracket after it): its tree and value come from the strict path
// (JSON.parse and the lazy tree, fastTree.ts), and jsonc-parser reads the rest as it would: on a
// copy of the text with the value written as an empty string, the offsets of the errors after it
// then moved by the length the value has more. The value after the stray characters is parsed as
// the root in both texts, and a strict value is read without an error, so jsonc-parser's errors
// are the same for both, and its root there is the value's tree. ("The object" below stands for
// either: an array is a fragment file's root, a list of permissions or app roles.)
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { parseStrict } from './fastTree';
import { refusedAt } from './laxJson';

/** How many characters may stand before and after the object. */
const MAX_EDGE = 16;

/** A bracket or quote before the object: it would not be the root value. */
const OPENS = /[[\]"]/;

/** A character JSON does not allow between tokens. */
const STRAY = /[^ \t\n\r]/;

/** What stands for the object when jsonc-parser reads the rest. */
const STAND = '""';

const OPTIONS = { allowTrailingComma: true, disallowComments: true, allowEmptyContent: false };

export interface EdgedParse {
  readonly root: JsonNode;
  readonly value: unknown;
  /** The offsets of the objects that repeat a key (strict path's). */
  readonly duplicateObjects: readonly number[];
  /** jsonc-parser's errors of the whole text, in its order. */
  readonly errors: ParseError[];
}

/**
 * The tree of `source` (the text, a BOM replaced by a space) when it is a strict JSON object with at
 * most MAX_EDGE characters before and after it, some of them stray, else undefined. `refused`:
 * JSON.parse's error for the source from `start` (when it says where it stopped, that must be
 * outside the object, or right after it); undefined when JSON.parse was not tried (strayTail).
 */
export function parseEdged(source: string, refused: unknown, start: number): EdgedParse | undefined {
  // The root object, or array (a fragment file: a list of permissions or app roles).
  const brace = source.indexOf('{');
  const bracket = source.indexOf('[');
  const open = brace < 0 ? bracket : bracket < 0 ? brace : Math.min(brace, bracket);
  if (open < 0 || open > MAX_EDGE) return undefined;
  let end = source.lastIndexOf(open === brace ? '}' : ']') + 1;
  if (end <= open || source.length - end > MAX_EDGE) return undefined;
  // Not an element of an array, nor inside a string, and stray characters (not JSON whitespace) on
  // either side.
  if (OPENS.test(source.slice(0, open))) return undefined;
  // Where JSON.parse stopped: the text ended early (cut inside the object), or inside the object
  // (only a value that ended there is tried: a stray brace after it).
  if (refused instanceof SyntaxError && refused.message.startsWith('Unexpected end of JSON input')) return undefined;
  const at = refusedAt(refused);
  if (at !== undefined && start + at >= source.length) return undefined;
  if (at !== undefined && start + at > open && start + at < end) {
    if (!endedAt(refused)) return undefined;
    end = start + at;
  }
  // (After the object's end is known: the last brace of the text may be the stray character.)
  if (!STRAY.test(source.slice(0, open)) && !STRAY.test(source.slice(end))) return undefined;
  let after: unknown;
  let core = parseStrict(source.slice(0, end), open, (err) => (after = err));
  const more = core || !endedAt(after) ? undefined : refusedAt(after);
  if (more !== undefined && open + more < end) {
    end = open + more;
    core = parseStrict(source.slice(0, end), open);
  }
  if (!core?.root || source.length - end > MAX_EDGE) return undefined;
  // The object written as an empty string: a token without errors inside, like the object. The
  // errors after it move by the length the object has more (none is on the token itself).
  const stand = source.slice(0, open) + STAND + source.slice(end);
  const errors: ParseError[] = [];
  const root = parseTree(stand, errors, OPTIONS);
  if (root?.type !== 'string' || root.offset !== open || root.length !== STAND.length) return undefined;
  const past = open + STAND.length;
  const shift = end - past;
  for (const e of errors) {
    if (e.offset + e.length > open && e.offset < past) return undefined;
    if (e.offset >= past) e.offset += shift;
  }
  return { root: core.root, value: core.value, duplicateObjects: core.duplicateObjects, errors };
}

/**
 * Whether `source` (from `start`) surely is neither strict JSON, nor JSONC without other errors, nor
 * a strict object with stray characters around it: an object or array whose last closing bracket is
 * followed by more than MAX_EDGE characters other than JSON whitespace, the first of them not a
 * slash. After the root's closing bracket those kinds have only whitespace and comments (or a few
 * stray characters), so the first character there that is not whitespace starts a comment. A text
 * cut short is most often one (what follows its last bracket is a comma, a key, a URL in a list).
 * JSON.parse, which would read it all in vain (a few milliseconds for a large text), is then not
 * tried. (A last bracket inside a comment after the root can make a JSONC text look cut short: it
 * then takes the tolerant reader, which gives the same tree, only later.)
 */
export function cutShort(source: string, start: number): boolean {
  let first = start;
  while (isJsonSpace(source.charCodeAt(first))) first++;
  const open = source.charCodeAt(first);
  if (open !== 123 /* { */ && open !== 91 /* [ */) return false;
  let end = source.length;
  while (end > first && isJsonSpace(source.charCodeAt(end - 1))) end--;
  const closer = Math.max(source.lastIndexOf('}', end - 1), source.lastIndexOf(']', end - 1));
  if (end - (closer + 1) <= MAX_EDGE) return false;
  let after = closer + 1;
  while (isJsonSpace(source.charCodeAt(after))) after++;
  return source.charCodeAt(after) !== 47; /* / */
}

/**
 * Whether `source` (from `start`) is an object or array followed by a few stray characters that
 * JSON.parse would only refuse after reading the whole value: the last character that is not JSON
 * whitespace is not the root's closing bracket, and what follows the last such bracket (at most
 * MAX_EDGE characters) has no quote (a text cut in a string) and no slash (a comment: the lax path).
 * JSON.parse is then not tried on the whole text; parseEdged reads the value without the stray
 * characters (a value with an error of its own is refused there as it would have been here).
 */
export function strayTail(source: string, start: number): boolean {
  let first = start;
  while (isJsonSpace(source.charCodeAt(first))) first++;
  const open = source.charCodeAt(first);
  if (open !== 123 /* { */ && open !== 91 /* [ */) return false;
  const closer = open === 123 ? 125 /* } */ : 93; /* ] */
  let end = source.length;
  while (end > first && isJsonSpace(source.charCodeAt(end - 1))) end--;
  if (source.charCodeAt(end - 1) === closer) return false;
  const last = source.lastIndexOf(String.fromCharCode(closer), end - 1);
  if (last <= first || end - (last + 1) > MAX_EDGE) return false;
  for (let i = last + 1; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c === 34 /* " */ || c === 47 /* / */) return false;
  }
  return true;
}

function isJsonSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Whether JSON.parse's error says that a whole value was read and something followed it. */
function endedAt(error: unknown): boolean {
  return error instanceof SyntaxError && error.message.includes('after JSON at position');
}
