// Offsets to 0-based lines and UTF-16 characters (CRLF-aware): results carry offsets, positions are
// made at the edge with these.

/** Line starts of a text (\n, \r\n and lone \r end a line). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    // Only \n ends lines: jump from one to the next natively.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * 0-based line and UTF-16 character of one offset (CRLF-aware; clamps to the text). Reads the
 * text's line starts each time: to convert many offsets of one text, make a positionConverter.
 */
export function offsetToPosition(text: string, offset: number): { line: number; character: number } {
  return positionFromStarts(lineStarts(text), text.length, offset);
}

/** Binary search of the line an offset falls on, given the text's line starts. */
export function positionFromStarts(
  starts: readonly number[],
  length: number,
  offset: number,
): { line: number; character: number } {
  const clamped = Math.max(0, Math.min(offset, length));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= clamped) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: clamped - starts[lo]! };
}

/**
 * A converter from offsets to 0-based positions for one text, with no state shared between
 * texts or calls: line starts are computed on the first conversion and kept only by the returned
 * function (what an editor document does for its own text).
 */
export function positionConverter(text: string): (offset: number) => { line: number; character: number } {
  let starts: number[] | undefined;
  return (offset) => {
    starts ??= lineStarts(text);
    return positionFromStarts(starts, text.length, offset);
  };
}

/** A range of 0-based positions for an offset and a length, given a converter of the text (positionConverter). */
export function offsetRange(
  toPosition: (offset: number) => { line: number; character: number },
  offset: number,
  length: number,
): { start: { line: number; character: number }; end: { line: number; character: number } } {
  return { start: toPosition(offset), end: toPosition(offset + length) };
}
