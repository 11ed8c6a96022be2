// Fix edits made by path with jsonc-parser's `modify`, in the document's own formatting.
import { applyEdits, modify, type FormattingOptions, type JSONPath, type Node as JsonNode } from 'jsonc-parser';
import { textPath } from '../fragment';
import type { Fix, RuleContext, TextEdit } from '../types';
import { child, lazyFix, type Segment } from './util';

/** Indentation and line ending as the document already uses them. */
export function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /\n([ \t]+)\S/.exec(text.slice(0, 4096));
  const indent = m?.[1] ?? '  ';
  return indent.startsWith('\t')
    ? { insertSpaces: false, tabSize: 1, eol }
    : { insertSpaces: true, tabSize: indent.length, eol };
}

/** True when `modify` can set `path`: every existing node on the way has the right container type. */
export function canSet(root: JsonNode | undefined, path: readonly Segment[]): boolean {
  let n: JsonNode | undefined = root;
  for (const seg of path) {
    if (!n) return true; // missing levels are created
    if (typeof seg === 'string') {
      if (n.type !== 'object') return false;
      n = child(n, seg);
    } else {
      if (n.type !== 'array') return false;
      n = n.children?.[seg];
    }
  }
  return true;
}

/** Edits setting a value at a path (jsonc-parser `modify`); none when the path cannot be set. */
export function setEdits(text: string, path: JSONPath, value: unknown): TextEdit[] {
  try {
    return modify(text, [...textPath(text, path)], value, { formattingOptions: formattingOf(text) });
  } catch {
    return [];
  }
}

/** Replaces a node's text with a JSON value. */
export function replaceNode(node: JsonNode, value: unknown): TextEdit {
  return { offset: node.offset, length: node.length, content: JSON.stringify(value) };
}

/** Collapses a sequence of document transformations into one minimal edit. */
export function diffEdit(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { offset: start, length: endB - start, content: after.slice(start, endA) };
}

/** Applies several `modify` steps in order and returns them as one edit (none if a step fails). */
export function chainedEdits(
  text: string,
  steps: readonly { path: JSONPath; value: unknown; insert?: boolean }[],
): TextEdit[] {
  const fmt = formattingOf(text);
  let t = text;
  try {
    for (const s of steps)
      t = applyEdits(
        t,
        modify(t, [...textPath(t, s.path)], s.value, { formattingOptions: fmt, isArrayInsertion: s.insert ?? false }),
      );
  } catch {
    return [];
  }
  return t === text ? [] : [diffEdit(text, t)];
}

/** Removes the array element or property at `path` (with its comma), computed when first read. */
export function removeFix(ctx: RuleContext, path: readonly Segment[], title: string): Fix {
  return lazyFix(title, () => chainedEdits(ctx.text, [{ path: [...path], value: undefined }]));
}
