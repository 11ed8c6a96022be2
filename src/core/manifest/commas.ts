// The one place that looks for a trailing comma in a container's text (the structure walk reports
// it, the compact parse marks its container).

/** The offset of a comma between `from` and `end` outside comments (after a container's last child), or -1. */
export function commaBetween(text: string, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const ch = text.charCodeAt(i);
    if (ch === 44 /* , */) return i;
    if (ch === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? end : nl;
      continue;
    }
    if (ch === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 2;
      continue;
    }
    i++;
  }
  return -1;
}
