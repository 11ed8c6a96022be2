// The key checks of the structure scan (fastScan.ts), and the reading of the text's characters
// both do: strings, keys and their colons, and what the scan throws where it cannot index a text.
/**
 * Index layout: one record of `STRIDE` int32 per JSON value ("slot"), in document order (a value
 * before its children): its start and end offsets, the slot just past its subtree (so siblings
 * are reached by jumping), and, for a value inside an object, the offset of its key's opening
 * quote (else -1).
 */
export const STRIDE = 4;
export const START = 0;
export const END = 1;
export const NEXT = 2;
export const KEY = 3;

/** Deeper texts take jsonc-parser's path (real manifests nest about 6 levels). */
export const MAX_FAST_DEPTH = 256;

/** Thrown inside the scan when the text needs jsonc-parser (see fastScan.ts). */
class Fallback extends Error {}
export const FALLBACK = new Fallback();
/** Thrown when the text nests deeper than the scan goes (it needs jsonc-parser too). */
export const TOO_DEEP = new Fallback();

/**
 * What the scan gives for a text that is surely not strict JSON, nor JSON with comments and
 * trailing commas, nor a strict value with stray characters around it: inside the document's value,
 * a character no JSON text has there, and neither a slash (a comment may start there) nor a closing
 * bracket after a comma (a trailing comma). JSON.parse is not tried on such a text: it would
 * stop at this character or before it, after building the value read so far, all of it garbage.
 */
export class NotJson extends SyntaxError {
  constructor(readonly at: number) {
    super(`Not JSON: unexpected character at ${at}, inside the document's value`);
  }
}

/**
 * The scan met character `c` at `at` where the JSON structure has none such, with `depth`
 * containers open: NotJson inside the document's value, unless `c` may start a comment; the text is
 * left to JSON.parse (FALLBACK) outside it (stray characters around a value) or for a comment.
 */
export function unexpected(c: number, at: number, depth: number): never {
  throw depth === 0 || c === 47 /* / */ ? FALLBACK : new NotJson(at);
}

/** Reads the keys of one scan, in text order, and keeps what it finds about them. */
export class KeyScan {
  /** The next backslash at or after the current key. */
  private nextBackslash: number;
  /**
   * Per open container (by depth): 1 when an object has a key with an escape, whose keys are then
   * compared decoded (see checkDuplicates). Set while the object is open, read as it closes.
   */
  readonly escapedAt = new Uint8Array(MAX_FAST_DEPTH + 1);
  /**
   * A small object's members, their keys' ends and decoded keys (undefined for a key without an
   * escape) while checkDuplicates compares them (reused).
   */
  private readonly members: number[] = [];
  private readonly ends: number[] = [];
  private readonly names: (string | undefined)[] = [];
  /** Escaped keys' texts and what they decode to. */
  private decoded: Map<string, string> | undefined;
  /** How much more text of shadowed members may be parsed again (see shadow()). */
  private budget: number;
  irregular: Set<number> | undefined;
  shadowed: Set<number> | undefined;
  duplicated: number[] | undefined;

  constructor(
    private readonly text: string,
    begin: number,
  ) {
    this.nextBackslash = nextIndex(text, '\\', begin);
    this.budget = 2 * (text.length - begin) + 1024;
  }

  /**
   * Checks the key whose opening quote is at `at`, in the object at slot `object` open at `depth`
   * (see oddKey), and returns the offset past its colon.
   */
  after(at: number, object: number, depth: number): number {
    const text = this.text;
    let close = text.indexOf('"', at + 1);
    // (No closing quote: the text ends inside the key.)
    if (close < 0) throw new NotJson(text.length);
    if (this.nextBackslash < close) {
      if (this.nextBackslash < at) this.nextBackslash = nextIndex(text, '\\', at);
      if (this.nextBackslash < close) {
        // An escape: the key may be anything once decoded (`\u0031`, `\u005f_proto__`).
        close = stringEnd(text, at) - 1;
        if (close < at) throw new NotJson(text.length);
        (this.irregular ??= new Set()).add(object);
        this.escapedAt[depth] = 1;
        return colonAfter(text, close + 1);
      }
    }
    if (oddKey(text, at)) (this.irregular ??= new Set()).add(object);
    return colonAfter(text, close + 1);
  }

  /**
   * Marks the object at `slot` (members end before `past`, closed at `depth`) when two of its
   * members share a key, and every member a later one overrides.
   */
  checkDuplicates(slots: Int32Array, slot: number, past: number, depth: number): void {
    const text = this.text;
    let count = 0;
    for (let m = slot + 1; m < past; m = slots[m * STRIDE + NEXT]!) count++;
    if (count < 2) return;
    let found = false;
    const escaped = this.escapedAt[depth] === 1;
    if (escaped && count <= 16) {
      // A small object with an escaped key (a list may repeat one thousands of times): each pair of
      // keys compared, a member overridden by a later one. Keys without an escape are compared in
      // the text, escaped ones by what they decode to; the lists are reused (thousands of such
      // objects would otherwise make lists and key strings each).
      const { members, names, ends } = this;
      let j = 0;
      for (let m = slot + 1; m < past; m = slots[m * STRIDE + NEXT]!, j++) {
        const k = slots[m * STRIDE + KEY]!;
        const end = stringEnd(text, k);
        members[j] = m;
        ends[j] = end;
        names[j] = this.hasEscape(k, end) ? this.decodedKey(k) : undefined;
      }
      for (j = count - 1; j >= 0; j--)
        for (let i = j + 1; i < count; i++)
          if (this.sameKey(members[i]!, ends[i]!, names[i], members[j]!, ends[j]!, names[j], slots)) {
            found = true;
            this.shadow(slots, members[j]!);
            break;
          }
    } else if (escaped || count > 16) {
      // Large objects, or keys with escapes (compared by what they decode to): one set of keys
      // instead of comparing every pair, last member first.
      const members = new Int32Array(count);
      for (let m = slot + 1, j = 0; m < past; m = slots[m * STRIDE + NEXT]!) members[j++] = m;
      const seen = new Set<string>();
      for (let j = count - 1; j >= 0; j--) {
        const m = members[j]!;
        const k = slots[m * STRIDE + KEY]!;
        const name = escaped ? this.decodedKey(k) : text.slice(k, text.indexOf('"', k + 1));
        if (seen.has(name)) {
          found = true;
          this.shadow(slots, m);
        } else seen.add(name);
      }
    } else {
      for (let a = slot + 1; a < past; a = slots[a * STRIDE + NEXT]!) {
        const ka = slots[a * STRIDE + KEY]!;
        const la = text.indexOf('"', ka + 1) - ka;
        for (let b = slots[a * STRIDE + NEXT]!; b < past; b = slots[b * STRIDE + NEXT]!) {
          const kb = slots[b * STRIDE + KEY]!;
          // Same length and same characters (keys have no escapes here, so equal text = equal key).
          if (text.charCodeAt(kb + la) === 34 && sameChars(text, ka + 1, kb + 1, la - 1)) {
            found = true;
            this.shadow(slots, a);
            break;
          }
        }
      }
    }
    if (!found) return;
    (this.irregular ??= new Set()).add(slot);
    (this.duplicated ??= []).push(slot);
  }

  /** Whether the key from `open` to `end` (past its closing quote) has a backslash. */
  private hasEscape(open: number, end: number): boolean {
    for (let i = open + 1; i < end; i++) if (this.text.charCodeAt(i) === 92) return true;
    return false;
  }

  /**
   * Whether the keys of members `a` and `b` (ends past their closing quotes, decoded names or
   * undefined for keys without an escape) are the same key.
   */
  private sameKey(
    a: number,
    endA: number,
    nameA: string | undefined,
    b: number,
    endB: number,
    nameB: string | undefined,
    slots: Int32Array,
  ): boolean {
    const ka = slots[a * STRIDE + KEY]!;
    const kb = slots[b * STRIDE + KEY]!;
    if (nameA !== undefined && nameB !== undefined) return nameA === nameB;
    if (nameA !== undefined) return nameA.length === endB - kb - 2 && this.text.startsWith(nameA, kb + 1);
    if (nameB !== undefined) return nameB.length === endA - ka - 2 && this.text.startsWith(nameB, ka + 1);
    return endA - ka === endB - kb && sameChars(this.text, ka + 1, kb + 1, endA - ka - 2);
  }

  /** The key whose opening quote is at `open`, decoded (an escaped text decoded once per scan). */
  private decodedKey(open: number): string {
    const raw = this.text.slice(open + 1, stringEnd(this.text, open) - 1);
    if (!raw.includes('\\')) return raw;
    let name = (this.decoded ??= new Map()).get(raw);
    if (name === undefined) {
      // (Scanned before JSON.parse: a key with a malformed escape leaves the text to JSON.parse, which refuses it.)
      try {
        name = keyName(`"${raw}"`, 0, raw.length + 2);
      } catch {
        throw FALLBACK;
      }
      this.decoded.set(raw, name);
    }
    return name;
  }

  /**
   * Marks a member a later duplicate overrides. Its value is not JSON.parse's: the tree parses its
   * text again when it is read. The text of all of them (nested ones counted again) stays within
   * the budget, so reading the whole tree stays linear; past it the text takes jsonc-parser's path.
   */
  private shadow(slots: Int32Array, member: number): void {
    this.budget -= slots[member * STRIDE + END]! - slots[member * STRIDE + START]!;
    if (this.budget < 0) throw FALLBACK;
    (this.shadowed ??= new Set()).add(member);
  }
}

/** The offset past the colon after a key that ends at `from` (whitespace apart), in an open object. */
function colonAfter(text: string, from: number): number {
  let c = text.charCodeAt(from);
  while (c <= 32) c = text.charCodeAt(++from);
  if (c !== 58 /* : */) unexpected(c, from, 1);
  return from + 1;
}

/** indexOf, with the text's length for "none". */
function nextIndex(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at < 0 ? text.length : at;
}

/**
 * Keys JSON.parse does not keep in text order: integer-like keys (any key starting with a digit,
 * to be safe); and `__proto__`, read from the text so that no lookup ever reaches a prototype.
 */
function oddKey(text: string, quote: number): boolean {
  const c = text.charCodeAt(quote + 1);
  return (c >= 48 && c <= 57) || (c === 95 /* _ */ && text.startsWith('__proto__"', quote + 1));
}

/** The key whose opening quote is at `open` and which ends at `end` (past its closing quote), decoded. */
export function keyName(text: string, open: number, end: number): string {
  const raw = text.slice(open + 1, end - 1);
  // (A key of a text JSON.parse accepted, or a key the scan decodes, see decodedKey.)
  return raw.includes('\\') ? (JSON.parse(text.slice(open, end)) as string) : raw;
}

/** The offset just past the closing quote of the string opening at `begin` (a quote). */
export function stringEnd(text: string, begin: number): number {
  let j = text.indexOf('"', begin + 1);
  // An escaped quote is preceded by an odd number of backslashes.
  while (text.charCodeAt(j - 1) === 92) {
    let k = j - 1;
    while (text.charCodeAt(k - 1) === 92) k--;
    if ((j - k) % 2 === 0) break;
    j = text.indexOf('"', j + 1);
  }
  return j + 1;
}

function sameChars(text: string, a: number, b: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}
