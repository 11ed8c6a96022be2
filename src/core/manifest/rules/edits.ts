// Fix edits made by path with jsonc-parser's `modify`, in the document's own formatting.
import {
  applyEdits,
  findNodeAtLocation,
  modify,
  parseTree,
  type FormattingOptions,
  type JSONPath,
  type Node as JsonNode,
} from 'jsonc-parser';
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

/**
 * Lines longer than this are not reformatted around an edit: jsonc-parser formats every line the
 * edit touches and applies the formatting edits one by one, which is quadratic on a minified file.
 */
const MAX_FORMATTED_LINE = 2_000;

/**
 * `modify` in the document's formatting where the edited line is of ordinary length; on a long
 * (minified) line the plain edit, which changes only the value and its separator.
 */
function modifyBounded(
  text: string,
  path: JSONPath,
  value: unknown,
  fmt: FormattingOptions,
  isArrayInsertion: boolean,
): TextEdit[] {
  if (value === undefined && !isArrayInsertion) return removalEdits(text, path);
  const plain = modify(text, path, value, { isArrayInsertion });
  const first = plain[0];
  if (!first) return plain;
  const lineStart = text.lastIndexOf('\n', first.offset - 1) + 1;
  const lineEnd = text.indexOf('\n', first.offset + first.length);
  if ((lineEnd < 0 ? text.length : lineEnd) - lineStart > MAX_FORMATTED_LINE) return plain;
  return modify(text, path, value, { formattingOptions: fmt, isArrayInsertion });
}

/**
 * The edit removing the array element or property at `path` with one separating comma, taken from
 * the syntax tree (jsonc-parser's own removal of a last element assumes a line break before the
 * closing bracket and breaks compact JSON). The text around it keeps its layout.
 */
function removalEdits(text: string, path: JSONPath): TextEdit[] {
  const value = findNodeAtLocation(parseTree(text, [], { allowTrailingComma: true }) as JsonNode, path);
  const item = value?.parent?.type === 'property' ? value.parent : value;
  const siblings = item?.parent?.children;
  if (!item || !siblings) return [];
  const i = siblings.indexOf(item);
  const next = siblings[i + 1];
  if (next) return [{ offset: item.offset, length: next.offset - item.offset, content: '' }];
  const previous = siblings[i - 1];
  if (previous) {
    const start = previous.offset + previous.length;
    return [{ offset: start, length: item.offset + item.length - start, content: '' }];
  }
  const container = item.parent!;
  return [{ offset: container.offset + 1, length: container.length - 2, content: '' }];
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
    return modifyBounded(text, [...textPath(text, path)], value, formattingOf(text), false);
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
      t = applyEdits(t, modifyBounded(t, [...textPath(t, s.path)], s.value, fmt, s.insert ?? false));
  } catch {
    return [];
  }
  return t === text ? [] : [diffEdit(text, t)];
}

/** Removes the array element or property at `path` (with its comma), computed when first read. */
export function removeFix(ctx: RuleContext, path: readonly Segment[], title: string): Fix {
  return lazyFix(title, () => chainedEdits(ctx.text, [{ path: [...path], value: undefined }]));
}
