// Renders untrusted JSON values (token claims) with bounds on depth, width and string length, so
// what is shown stays proportional to the input: a claim nested thousands of levels deep or
// holding a huge array becomes a few lines ending in "… n more levels" / "… n more items" /
// "… n more characters". Recursion goes no deeper than the depth limit; the depth of what is cut
// is measured without recursion. No vscode import.
import { clipText, escapeInvisibleInJson, moreMarker, visible } from './visible';

export interface JsonLimits {
  /** Containers shown below the value itself; deeper ones become "… n more levels". */
  readonly maxDepth: number;
  /** Array items and object properties shown per container. */
  readonly maxItems: number;
  /** Characters shown per string (keys and values). */
  readonly maxString: number;
}

/** Claim values in the token panel, the hover and the CLI's text output. */
export const DISPLAY_LIMITS: JsonLimits = { maxDepth: 8, maxItems: 200, maxString: 2000 };
/** Claim values in the CLI's --json output (machine-read: roomier, still proportional). */
export const OUTPUT_LIMITS: JsonLimits = { maxDepth: 8, maxItems: 1000, maxString: 10_000 };

/** Nesting depth of a value (0 for a scalar, 1 for [] or {}), measured with an explicit stack. */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > max) max = depth;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth]);
    }
  }
  return max;
}

function clipString(s: string, max: number): { text: string; cut: number } {
  if (s.length <= max) return { text: s, cut: 0 };
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (end > 0 && c >= 0xd800 && c <= 0xdbff) end--;
  return { text: s.slice(0, end), cut: s.length - end };
}

export interface RenderedJson {
  readonly text: string;
  /** True when something was cut (the text is not the value's complete JSON). */
  readonly truncated: boolean;
}

/**
 * JSON text of a value within limits, pretty-printed with `indent` spaces (0: one line). Cut
 * parts are marked in place (`"abc… 12 more characters"`, `… 3 more items`, `[… 4,998 more levels]`),
 * so the text is for reading, not parsing, once truncated. Characters that cannot be seen or that
 * reorder text are written as JSON escapes (\u202e). Never throws.
 */
export function renderJson(value: unknown, limits: JsonLimits, indent = 0): RenderedJson {
  let truncated = false;
  const parts: string[] = [];
  const nl = (level: number): string => (indent > 0 ? `\n${' '.repeat(indent * level)}` : '');
  const sep = indent > 0 ? ': ' : ':';
  const str = (s: string): string => {
    const { text, cut } = clipString(s, limits.maxString);
    if (cut === 0) return escapeInvisibleInJson(JSON.stringify(text));
    truncated = true;
    return escapeInvisibleInJson(JSON.stringify(`${text}${moreMarker(cut, 'characters')}`));
  };
  const write = (v: unknown, level: number): void => {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'string') parts.push(str(v));
      else if (typeof v === 'number' || typeof v === 'boolean') parts.push(JSON.stringify(v));
      else parts.push('null');
      return;
    }
    const isArray = Array.isArray(v);
    const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
    if (level >= limits.maxDepth) {
      const entries = isArray ? v.length : Object.keys(v).length;
      if (entries === 0) {
        parts.push(`${open}${close}`);
        return;
      }
      truncated = true;
      parts.push(`${open}${moreMarker(jsonDepth(v), 'levels')}${close}`);
      return;
    }
    const keys = isArray ? undefined : Object.keys(v);
    const count = isArray ? v.length : keys!.length;
    if (count === 0) {
      parts.push(`${open}${close}`);
      return;
    }
    parts.push(open);
    const shown = Math.min(count, limits.maxItems);
    for (let i = 0; i < shown; i++) {
      if (i > 0) parts.push(',');
      parts.push(nl(level + 1));
      if (isArray) write(v[i], level + 1);
      else {
        const k = keys![i]!;
        parts.push(str(k), sep);
        write((v as Record<string, unknown>)[k], level + 1);
      }
    }
    if (shown < count) {
      truncated = true;
      parts.push(',', nl(level + 1), moreMarker(count - shown, isArray ? 'items' : 'properties'));
    }
    parts.push(nl(level), close);
  };
  write(value, 0);
  return { text: parts.join(''), truncated };
}

/** Limits of a value named inside a sentence (an error message about a header's alg, say). */
const INLINE_LIMITS: JsonLimits = { maxDepth: 2, maxItems: 8, maxString: 200 };

/**
 * An untrusted value named inside a sentence: a string as it is (cut at 200 characters, invisible
 * and reordering characters marked), anything else as one line of bounded JSON. Unlike String(), it
 * never walks more of the value than it shows (String() of an array nested thousands of levels
 * deep overflows the stack).
 */
export function inlineValue(value: unknown): string {
  if (typeof value === 'string') return visible(clipText(value, INLINE_LIMITS.maxString));
  if (value === undefined) return 'undefined';
  return renderJson(value, INLINE_LIMITS).text;
}

/**
 * A copy of a value within limits, still plain JSON data (for machine-readable output): a string
 * over the limit ends with "… n more characters", a container too deep becomes the string
 * "… n more levels", an array over the limit ends with the string "… n more items", and an object
 * over the limit gets the property "…": "n more properties". Values within the limits are returned as is.
 */
export function pruneJson(value: unknown, limits: JsonLimits): unknown {
  const prune = (v: unknown, level: number): unknown => {
    if (typeof v === 'string') {
      const { text, cut } = clipString(v, limits.maxString);
      return cut === 0 ? v : `${text}${moreMarker(cut, 'characters')}`;
    }
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      if (v.length === 0) return v;
      if (level >= limits.maxDepth) return moreMarker(jsonDepth(v), 'levels');
      const out = v.slice(0, limits.maxItems).map((x) => prune(x, level + 1));
      if (v.length > limits.maxItems) out.push(moreMarker(v.length - limits.maxItems, 'items'));
      return out;
    }
    const keys = Object.keys(v);
    if (keys.length === 0) return v;
    if (level >= limits.maxDepth) return moreMarker(jsonDepth(v), 'levels');
    const out: Record<string, unknown> = {};
    for (const k of keys.slice(0, limits.maxItems)) {
      // defineProperty: a "__proto__" claim stays a plain property.
      Object.defineProperty(out, clipString(k, limits.maxString).text, {
        value: prune((v as Record<string, unknown>)[k], level + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    if (keys.length > limits.maxItems) out['…'] = moreMarker(keys.length - limits.maxItems, 'properties').slice(2);
    return out;
  };
  return prune(value, 0);
}

/** Limits of what the panel copies pretty-printed; beyond them it copies the JSON as issued. */
const COPY_LIMITS: JsonLimits = { maxDepth: 32, maxItems: 100_000, maxString: Number.MAX_SAFE_INTEGER };

/**
 * JSON text to copy for a value: pretty-printed (two spaces) while that stays proportional to the
 * value, else `issued` (the JSON as decoded from the token) when given, else one line of JSON.
 * Never throws: a value nested too deep even for one line is copied as shown in the panel.
 */
export function copyableJson(value: unknown, issued?: string): string {
  const pretty = renderJson(value, COPY_LIMITS, 2);
  if (!pretty.truncated) return pretty.text;
  if (issued !== undefined) return issued;
  try {
    return JSON.stringify(value);
  } catch {
    return renderJson(value, DISPLAY_LIMITS).text;
  }
}
