// The structural index of the strict-JSON tree (fastTree.ts): one pass over a text JSON.parse
// accepted records where every value sits, in a typed array (no object per value). Objects whose
// keys JSON.parse does not mirror in text order (a repeated key, an integer-like key, `__proto__`,
// or a key with an escape, which may stand for any of these) are marked "irregular": the tree reads
// their keys from the text, and the members a later duplicate overrides are marked "shadowed"
// (their values are parsed from their own text when read, within a budget of about twice the text).
// Texts that nest too deeply, or whose shadowed members would exceed the budget, give no index.
/**
 * Index layout: one record of `STRIDE` int32 per JSON value ("slot"), in document order (a value
 * before its children): its start and end offsets, the slot just past its subtree (so siblings are
 * reached by jumping), and, for a value inside an object, its key's opening quote (else -1).
 */
const STRIDE = 4;
const START = 0;
const END = 1;
const NEXT = 2;
const KEY = 3;

/** The structural index of one text: shared by every lazy node of that text. */
export class StructureIndex {
  constructor(
    readonly text: string,
    readonly slots: Int32Array,
    /** Object slots whose keys are read from the text (see the header comment); undefined for none. */
    public irregular: Set<number> | undefined,
    /** Member value slots a later member of the same object with the same key overrides. */
    readonly shadowed: ReadonlySet<number> | undefined,
    /** The slots of the objects that repeat a key, ascending (empty for none). */
    readonly duplicated: Int32Array,
  ) {}
  /** A mended text's last member whose value only the mending wrote (mended.ts): its value's slot. */
  valueless = -1;

  start(slot: number): number {
    return this.slots[slot * STRIDE + START]!;
  }

  end(slot: number): number {
    return this.slots[slot * STRIDE + END]!;
  }

  next(slot: number): number {
    return this.slots[slot * STRIDE + NEXT]!;
  }

  key(slot: number): number {
    return this.slots[slot * STRIDE + KEY]!;
  }

  /** Ends at `end` what ends past it (a mended text: mended.ts); returns the container slots so ended. */
  endAt(end: number): number[] {
    const open: number[] = [];
    for (let r = 0; r < this.slots.length; r += STRIDE) {
      if (this.slots[r + END]! <= end) continue; // (records past the last value are zeros)
      this.slots[r + END] = end;
      if ('{['.includes(this.text[this.slots[r + START]!]!)) open.push(r / STRIDE);
    }
    return open;
  }

  /** The offset just past the closing quote of the key opening at `offset`. */
  keyEnd(offset: number): number {
    return stringEnd(this.text, offset);
  }

  /** The key opening at `offset`, its escapes decoded. */
  keyName(offset: number): string {
    return keyName(this.text, offset, this.keyEnd(offset));
  }
}

/** Thrown inside the scan when the text needs jsonc-parser (see the header comment). */
class Fallback extends Error {}
const FALLBACK = new Fallback();
/** Thrown when the text nests deeper than the scan goes (it needs jsonc-parser too). */
const TOO_DEEP = new Fallback();

/**
 * The index of a text JSON.parse accepted, from `start` (after a BOM); undefined when the text needs
 * jsonc-parser, 'deep' when that is because it nests deeper than MAX_FAST_DEPTH.
 */
export function structureIndex(text: string, start: number): StructureIndex | 'deep' | undefined {
  const keys = new KeyScan(text, start);
  try {
    const slots = scan(text, start, keys);
    return new StructureIndex(
      text,
      slots,
      keys.irregular,
      keys.shadowed,
      keys.duplicated ? Int32Array.from(keys.duplicated).sort() : NONE,
    );
  } catch (err) {
    if (err === FALLBACK) return undefined;
    if (err === TOO_DEEP) return 'deep';
    throw err;
  }
}

const NONE = new Int32Array(0);
/** Deeper texts take jsonc-parser's path (real manifests nest about 6 levels). */
export const MAX_FAST_DEPTH = 256;

/**
 * One pass over a text JSON.parse accepted (so no syntax checks, only positions). Fills the slot
 * records; checks keys as it goes (escapes, integer-like keys, `__proto__` and duplicates in one
 * object mark it, see KeyScan). Strings are skipped with indexOf; outside strings
 * a valid text has no character below 33 but whitespace, so one comparison skips it.
 */
function scan(text: string, begin: number, keys: KeyScan): Int32Array {
  // About one value per 8 characters in pretty-printed manifests; grown by doubling if not.
  let slots = new Int32Array((((text.length - begin) >> 3) + 16) * STRIDE);
  let n = 0;
  // Open containers, innermost last: their slots, and whether each is an object.
  const open = new Int32Array(MAX_FAST_DEPTH + 1);
  const inObject = new Uint8Array(MAX_FAST_DEPTH + 1);
  let depth = 0;
  let i = begin;
  let key = -1;
  for (;;) {
    // A value starts here (after whitespace).
    let c = text.charCodeAt(i);
    while (c <= 32) c = text.charCodeAt(++i);
    if ((n + 1) * STRIDE > slots.length) {
      const grown = new Int32Array(slots.length * 2);
      grown.set(slots);
      slots = grown;
    }
    const r = n * STRIDE;
    slots[r + START] = i;
    slots[r + KEY] = key;
    if (c === 123 /* { */ || c === 91 /* [ */) {
      // Deep nesting goes to jsonc-parser, which reports where it overflows (json-too-deep).
      if (depth === MAX_FAST_DEPTH) throw TOO_DEEP;
      open[depth] = n++;
      keys.escapedAt[depth] = 0;
      inObject[depth++] = c === 123 ? 1 : 0;
      c = text.charCodeAt(++i);
      while (c <= 32) c = text.charCodeAt(++i);
      if (c !== 125 /* } */ && c !== 93 /* ] */) {
        key = -1;
        if (inObject[depth - 1] === 1) {
          // The first key: check it, then the value follows its colon.
          key = i;
          i = keys.after(i, open[depth - 1]!, depth - 1);
        }
        continue;
      }
      // An empty container: closed below.
    } else {
      let end: number;
      if (c === 34 /* " */) end = stringEnd(text, i);
      else if (c === 116 /* t */ || c === 110 /* n */) end = i + 4;
      else if (c === 102 /* f */) end = i + 5;
      else {
        end = i + 1;
        for (;;) {
          const d = text.charCodeAt(end);
          if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) end++;
          else break;
        }
      }
      slots[r + END] = end;
      slots[r + NEXT] = ++n;
      i = end;
      c = text.charCodeAt(i);
      while (c <= 32) c = text.charCodeAt(++i);
    }
    // After a value: close containers until a comma (next member or element) or the end.
    for (;;) {
      if (depth === 0) return slots;
      if (c === 44 /* , */) {
        c = text.charCodeAt(++i);
        while (c <= 32) c = text.charCodeAt(++i);
        key = -1;
        if (inObject[depth - 1] === 1) {
          key = i;
          i = keys.after(i, open[depth - 1]!, depth - 1);
        }
        break;
      }
      // c is } or ]
      const container = open[--depth]!;
      const cr = container * STRIDE;
      slots[cr + END] = ++i;
      slots[cr + NEXT] = n;
      if (c === 125) keys.checkDuplicates(slots, container, n, depth);
      c = text.charCodeAt(i);
      while (c <= 32) c = text.charCodeAt(++i);
    }
  }
}

/** Reads the keys of one scan, in text order, and keeps what it finds about them. */
class KeyScan {
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
    if (this.nextBackslash < close) {
      if (this.nextBackslash < at) this.nextBackslash = nextIndex(text, '\\', at);
      if (this.nextBackslash < close) {
        // An escape: the key may be anything once decoded (`\u0031`, `\u005f_proto__`).
        close = stringEnd(text, at) - 1;
        (this.irregular ??= new Set()).add(object);
        this.escapedAt[depth] = 1;
        return text.indexOf(':', close) + 1;
      }
    }
    if (oddKey(text, at)) (this.irregular ??= new Set()).add(object);
    return text.indexOf(':', close) + 1;
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
    if (name === undefined) this.decoded.set(raw, (name = keyName(`"${raw}"`, 0, raw.length + 2)));
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
function keyName(text: string, open: number, end: number): string {
  const raw = text.slice(open + 1, end - 1);
  // The text JSON.parse accepted: a key with an escape is a valid JSON string.
  return raw.includes('\\') ? (JSON.parse(text.slice(open, end)) as string) : raw;
}

/** The offset just past the closing quote of the string opening at `begin` (a quote); 0 for none. */
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
