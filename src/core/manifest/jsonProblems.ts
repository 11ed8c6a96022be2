// Syntax and structure findings of a parsed document: jsonc-parser's syntax errors grouped by region,
// comments, trailing commas, duplicate keys and nesting past the limit.
import { printParseErrorCode, type Node as JsonNode } from 'jsonc-parser';
import { escapePointerToken, MAX_NESTING_DEPTH, pointerOfNode, removalEdit, type ParsedDocument } from './json';
import { errorListOf, syntaxErrorCount } from './parseErrors';
import { lineStarts, positionConverter, positionFromStarts } from './positions';
import { DeferredProblem, lazyFix } from './rules/util';
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../text/localizer';
import { describeParseError } from '../text/jsonSyntax';
import type { Problem } from './types';
import { commaBetween } from './commas';
import { MAX_FINDINGS_PER_RULE } from './findings';
import { BackedNode, elementCount, lastElementFrom, membersOf } from './backedNode';
import { formatCount } from '../text/count';
import { MAX_READ_ERRORS } from './tolerantReader';

type L10n = Localizer<l10n.L10nReplacement>;

/** Converts jsonc-parser syntax errors to problems. */
export function syntaxProblems(doc: ParsedDocument, l10n: L10n): Problem[] {
  const problems: Problem[] = [];
  if (doc.tooDeep !== undefined) {
    problems.push({
      ruleId: 'json-too-deep',
      severity: 'error',
      message: doc.root
        ? l10n.t(
            'The JSON nests too deeply to check (deeper than {0} levels from here); an app manifest nests about 6 levels. What is nested deeper was skipped; the rest was checked.',
            MAX_NESTING_DEPTH,
          )
        : l10n.t(
            'The JSON nests too deeply to check (deeper than {0} levels from here); an app manifest nests about 6 levels. Nothing else was checked.',
            MAX_NESTING_DEPTH,
          ),
      offset: doc.tooDeep,
      length: 1,
      path: '',
    });
  }
  problems.push(...syntaxErrorProblems(doc, l10n));
  if (doc.unreadFrom !== undefined)
    problems.push({
      ruleId: 'json-syntax',
      severity: 'error',
      message: l10n.t(
        'Reading stopped after {0} syntax errors, so the rest of the file was not checked. Fix the first errors (one mistake, such as a missing quote, usually causes the rest) to have the whole file checked.',
        formatCount(MAX_READ_ERRORS),
      ),
      offset: doc.unreadFrom,
      length: 1,
      path: '',
    });
  if (doc.comments.length === 0) return problems;
  const message = l10n.t('Comments are not JSON: remove the comment before uploading.');
  const title = l10n.t('Remove comment');
  for (const c of doc.comments) {
    problems.push({
      ruleId: 'json-comment',
      severity: 'warning',
      message,
      offset: c.offset,
      length: c.length,
      path: '',
      tags: ['unnecessary'],
      fixes: [lazyFix(title, () => [{ offset: c.offset, length: c.length, content: '' }], true)],
    });
  }
  return problems;
}

/** Regions of syntax errors shown one by one; the rest are counted in one more problem. */
export const MAX_SYNTAX_REGIONS = 5;
/** Errors at most this many lines apart belong to one region. */
const REGION_GAP_LINES = 2;

/**
 * One problem per region of syntax errors (errors a few lines apart), at its first error, with a
 * count of the others: error recovery after one stray character often reports dozens more that
 * say nothing new. At most MAX_SYNTAX_REGIONS regions, then one problem counting the rest.
 */
function syntaxErrorProblems(doc: ParsedDocument, l10n: L10n): Problem[] {
  if (syntaxErrorCount(doc) === 0) return [];
  const errors = errorListOf(doc);
  const starts = lineStarts(doc.text);
  // Errors come in text order: the line of each is found from the previous one's, a few lines on
  // (a search only for a longer jump or a step back), so many errors cost no search each.
  let line = 0;
  const lineOf = (offset: number): number => {
    for (let step = 0; step < 8 && offset >= starts[line]!; step++) {
      if (line + 1 === starts.length || offset < starts[line + 1]!) return line;
      line++;
    }
    return (line = positionFromStarts(starts, doc.text.length, offset).line);
  };
  // Each region by the number of its first error.
  const regions: { first: number; count: number; lastLine: number; firstLine: number }[] = [];
  let lastOffset = -1;
  for (let i = 0; i < errors.count; i++) {
    const offset = errors.offset(i);
    // A truncated file ends with one error per open bracket, all at its end: they add nothing.
    if (offset === lastOffset) continue;
    lastOffset = offset;
    const line = lineOf(offset);
    const current = regions[regions.length - 1];
    if (current && line - current.lastLine <= REGION_GAP_LINES) {
      current.count++;
      current.lastLine = line;
    } else {
      regions.push({ first: i, count: 1, firstLine: line, lastLine: line });
    }
  }
  const out: Problem[] = [];
  for (const r of regions.slice(0, MAX_SYNTAX_REGIONS)) {
    const e = errors.at(r.first);
    const lineStart = starts[r.firstLine] ?? 0;
    const hash = /^[ \t]*#/.test(doc.text.slice(lineStart, lineStart + 200));
    const what = hash
      ? l10n.t('a line starting with # (JSON has no comments of any kind; remove the line)')
      : describeParseError(printParseErrorCode(e.error), l10n);
    out.push({
      ruleId: 'json-syntax',
      severity: 'error',
      message:
        r.count === 1
          ? l10n.t('JSON syntax error: {0}. The file cannot be saved to Microsoft Entra until it parses.', what)
          : r.count === 2
            ? l10n.t(
                'JSON syntax error: {0}. {1} more syntax error follows up to line {2}, most of them caused by this one. The file cannot be saved to Microsoft Entra until it parses.',
                what,
                r.count - 1,
                r.lastLine + 1,
              )
            : l10n.t(
                'JSON syntax error: {0}. {1} more syntax errors follow up to line {2}, most of them caused by this one. The file cannot be saved to Microsoft Entra until it parses.',
                what,
                formatCount(r.count - 1),
                r.lastLine + 1,
              ),
      offset: e.offset,
      length: Math.max(e.length, e.offset < doc.text.length ? 1 : 0),
      path: '',
    });
  }
  const rest = regions.slice(MAX_SYNTAX_REGIONS);
  if (rest.length > 0) {
    const count = rest.reduce((n, r) => n + r.count, 0);
    const e = errors.at(rest[0]!.first);
    const from = rest[0]!.firstLine + 1;
    const to = rest[rest.length - 1]!.lastLine + 1;
    out.push({
      ruleId: 'json-syntax',
      severity: 'error',
      message:
        count === 1
          ? l10n.t('1 more syntax error in 1 more place from line {0} to line {1}; fix the ones above first.', from, to)
          : rest.length === 1
            ? l10n.t(
                '{0} more syntax errors in 1 more place from line {1} to line {2}; fix the ones above first.',
                count,
                from,
                to,
              )
            : l10n.t(
                '{0} more syntax errors in {1} more places from line {2} to line {3}; fix the ones above first.',
                count,
                rest.length,
                from,
                to,
              ),
      offset: e.offset,
      length: Math.max(e.length, e.offset < doc.text.length ? 1 : 0),
      path: '',
    });
  }
  return out;
}

const MAX_STRUCTURE_PROBLEMS = 200;
/** Objects with at most this many members look for repeated keys without a map. */
const SMALL_OBJECT = 8;

/**
 * Walks the tree once (iteratively, so deep nesting cannot overflow the stack) and reports
 * duplicate keys and trailing commas.
 */
export function structureProblems(doc: ParsedDocument, l10n: L10n): Problem[] {
  const problems: Problem[] = [];
  const root = doc.root;
  if (!root || doc.mayHaveDuplicates === false) {
    // The fast paths saw no duplicate keys, and found the trailing commas (strict JSON has none).
    for (const t of doc.trailingCommas ?? []) problems.push(trailingCommaProblem(t.offset, t.container, l10n));
    return problems;
  }
  const text = doc.text;
  const toPosition = positionConverter(text);
  // From the fast paths, the walk goes down only to the objects that repeat a key and the containers
  // with a trailing comma: the others have no problem to find (same order, so the same problems
  // under the cap), and their nodes are never made.
  const marks =
    doc.duplicateObjects &&
    [...doc.duplicateObjects, ...(doc.trailingCommas ?? []).map((t) => t.container.offset)].sort((a, b) => a - b);
  const wanted = (n: JsonNode): boolean => !marks || holdsMark(marks, n.offset, n.offset + n.length);
  const stack: JsonNode[] = wanted(root) ? [root] : [];
  const dupes = new Duplicates();
  while (stack.length > 0 && problems.length < MAX_STRUCTURE_PROBLEMS) {
    const node = stack.pop()!;
    if (node.type === 'object') {
      // Keys are read without their nodes (a broken text may make an object of thousands of
      // members): a member's node is made when it is reported, or when a mark is inside the
      // object (its value may be a container to walk down to).
      const { keys, at } = membersOf(node);
      const n = keys.length;
      if (n > 0) {
        const trailing = trailingComma(text, at(n - 1)!, node);
        if (trailing >= 0) problems.push(trailingCommaProblem(trailing, node, l10n));
      }
      const inner = !marks || holdsMark(marks, node.offset + 1, node.offset + node.length);
      // Small objects (most of them) compare keys pairwise: no map made per object.
      let seen: Map<string, number> | undefined;
      const small = n <= SMALL_OBJECT;
      for (let j = 0; j < n; j++) {
        const name = keys[j];
        if (name === undefined) continue;
        let first = -1;
        if (small) {
          for (let i = 0; i < j && first < 0; i++) if (keys[i] === name) first = i;
        } else {
          seen ??= new Map();
          first = seen.get(name) ?? -1;
          if (first < 0) seen.set(name, j);
        }
        if (first >= 0) {
          if (dupes.counting === node) dupes.last!.counted++;
          else dupes.add(duplicateKeyProblem(toPosition, node, at(j)!, name, at(first)!, l10n), node, problems);
        }
        // Past the cap the walk goes no deeper: no value to walk down to.
        if (!inner || problems.length >= MAX_STRUCTURE_PROBLEMS) continue;
        const value = at(j)!.children?.[1];
        if (value && (value.type === 'object' || value.type === 'array') && wanted(value)) stack.push(value);
      }
    } else if (node.type === 'array' && marks && node instanceof BackedNode) {
      // Only the elements that hold a mark are made (a list of 25,000 entries with one repeated
      // key in one entry made 25,000 nodes to find it).
      const count = elementCount(node);
      if (count > 0) {
        const trailing = trailingComma(text, node.element(count - 1)!, node);
        if (trailing >= 0) problems.push(trailingCommaProblem(trailing, node, l10n));
      }
      const holding = elementsHoldingMarks(node, count, marks);
      for (let i = holding.length - 1; i >= 0; i--) {
        const c = node.element(holding[i]!)!;
        if ((c.type === 'object' || c.type === 'array') && wanted(c)) stack.push(c);
      }
    } else if (node.type === 'array' && node.children) {
      const children = node.children;
      if (children.length > 0) {
        const trailing = trailingComma(text, children[children.length - 1]!, node);
        if (trailing >= 0) problems.push(trailingCommaProblem(trailing, node, l10n));
      }
      for (let i = children.length - 1; i >= 0; i--) {
        const c = children[i]!;
        if ((c.type === 'object' || c.type === 'array') && wanted(c)) stack.push(c);
      }
    }
  }
  return problems;
}

/**
 * The duplicate-key findings made so far. Once more are made than the engine lists (capPerRule)
 * and the last one sorts after all of them, the object's later repeats (further on in the text)
 * are only counted on it: they could not be listed, and the count and the listed ones are the
 * same as if each were made (an object of 28,000 repeated keys made a finding and a node each).
 */
class Duplicates {
  private made = 0;
  private high = -1;
  /** The object of the last finding made, and how many were made in it. */
  private object: JsonNode | undefined;
  private inObject = 0;
  last: DeferredProblem | undefined;
  /** The object whose later repeats are counted on `last`. */
  counting: JsonNode | undefined;

  /**
   * Adds a finding made in `object`. The object's later repeats (its members are read in text
   * order) are then only counted once none of them can be among the first MAX_FINDINGS_PER_RULE
   * in the document: when this finding is past every one made so far, or when the object alone
   * has made more than that many (the walk may reach a later object first: its findings then sort
   * after this object's, which would otherwise all be made).
   */
  add(p: DeferredProblem, object: JsonNode, problems: Problem[]): void {
    problems.push(p);
    this.made++;
    this.inObject = object === this.object ? this.inObject + 1 : 1;
    this.object = object;
    if (this.made > MAX_FINDINGS_PER_RULE && (p.offset > this.high || this.inObject > MAX_FINDINGS_PER_RULE)) {
      this.last = p;
      this.counting = object;
    }
    this.high = Math.max(this.high, p.offset);
  }
}

/** Whether one of the ascending offsets `marks` is in [from, to). */
function holdsMark(marks: readonly number[], from: number, to: number): boolean {
  const lo = firstMarkFrom(marks, from);
  return lo < marks.length && marks[lo]! < to;
}

/** The index of the first mark at or after `from` (marks.length when none). */
function firstMarkFrom(marks: readonly number[], from: number): number {
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The elements of an array node (of `count`) that hold a mark inside the array, ascending, found
 * without making the others: a mark is a container's offset, so it lies in the element that starts
 * last at or before it. Marks come in ascending order, so each search starts at the element found
 * for the one before (a mark in the same or the next element costs one or two reads).
 */
function elementsHoldingMarks(node: BackedNode, count: number, marks: readonly number[]): number[] {
  const out: number[] = [];
  const end = node.length >= 0 ? node.offset + node.length : Infinity;
  const startsAfter = (i: number, mark: number): boolean => i >= count || node.elementOffset(i) > mark;
  let at = -1;
  for (let m = firstMarkFrom(marks, node.offset + 1); m < marks.length && marks[m]! < end; m++) {
    const mark = marks[m]!;
    if (startsAfter(at + 1, mark)) {
      // In the element found last (or before the first element: none).
    } else if (startsAfter(at + 2, mark)) at++;
    else at = lastElementFrom(node, count, mark, at + 2);
    if (at >= 0 && out[out.length - 1] !== at) out.push(at);
  }
  return out;
}

function trailingCommaProblem(offset: number, container: JsonNode, l10n: L10n): Problem {
  return {
    ruleId: 'json-trailing-comma',
    severity: 'warning',
    message: l10n.t('Trailing comma: JSON does not allow it; remove the comma.'),
    offset,
    length: 1,
    path: pointerOfNode(container),
    fixes: [lazyFix(l10n.t('Remove trailing comma'), () => [{ offset, length: 1, content: '' }], true)],
  };
}

function duplicateKeyProblem(
  toPosition: (offset: number) => { line: number },
  object: JsonNode,
  prop: JsonNode,
  name: string,
  first: JsonNode,
  l10n: L10n,
): DeferredProblem {
  const key = prop.children![0]!;
  // Built when read: the engine lists a rule's first findings and counts the rest.
  return new DeferredProblem('json-duplicate-key', 'error', key.offset, key.length, () => ({
    ruleId: 'json-duplicate-key',
    severity: 'error',
    message: l10n.t(
      'Duplicate key "{0}" (first defined on line {1}). Only the last one counts when the file is read; remove one of them.',
      name,
      toPosition(first.offset).line + 1,
    ),
    offset: key.offset,
    length: key.length,
    path: pointerOfNode(object) + '/' + escapePointerToken(name),
    fixes: [lazyFix(l10n.t('Remove this duplicate "{0}"', name), () => [removalEdit(object, prop)])],
  }));
}

/** The offset of a comma after the last child, or -1. */
function trailingComma(text: string, last: JsonNode, container: JsonNode): number {
  const lastEnd =
    (last.parent?.type === 'property' ? last.parent : last).offset +
    (last.parent?.type === 'property' ? last.parent.length : last.length);
  return commaBetween(text, lastEnd, container.offset + container.length - 1);
}
