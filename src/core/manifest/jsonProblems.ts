// Syntax and structure findings of a parsed document: jsonc-parser's syntax errors grouped by region,
// comments, trailing commas, duplicate keys and nesting past the limit.
import { printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { escapePointerToken, MAX_NESTING_DEPTH, pointerOfNode, removalEdit, type ParsedDocument } from './json';
import { lineStarts, positionConverter, positionFromStarts } from './positions';
import { lazyFix } from './rules/util';
import type { Problem } from './types';

/** Converts jsonc-parser syntax errors to problems. */
export function syntaxProblems(doc: ParsedDocument): Problem[] {
  const problems: Problem[] = [];
  if (doc.tooDeep !== undefined) {
    const what = doc.root ? 'What is nested deeper was skipped; the rest was checked.' : 'Nothing else was checked.';
    problems.push({
      ruleId: 'json-too-deep',
      severity: 'error',
      message: `The JSON nests too deeply to check (deeper than ${MAX_NESTING_DEPTH} levels from here); an app manifest nests about 6 levels. ${what}`,
      offset: doc.tooDeep,
      length: 1,
      path: '',
    });
  }
  problems.push(...syntaxErrorProblems(doc));
  for (const c of doc.comments) {
    problems.push({
      ruleId: 'json-comment',
      severity: 'warning',
      message: 'Comments are not JSON: remove the comment before uploading.',
      offset: c.offset,
      length: c.length,
      path: '',
      tags: ['unnecessary'],
      fixes: [lazyFix('Remove comment', () => [{ offset: c.offset, length: c.length, content: '' }], true)],
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
function syntaxErrorProblems(doc: ParsedDocument): Problem[] {
  const errors = doc.syntaxErrors;
  if (errors.length === 0) return [];
  const starts = lineStarts(doc.text);
  const lineOf = (offset: number): number => positionFromStarts(starts, doc.text.length, offset).line;
  const regions: { first: ParseError; count: number; lastLine: number; firstLine: number }[] = [];
  let lastOffset = -1;
  for (const e of errors) {
    // A truncated file ends with one error per open bracket, all at its end: they add nothing.
    if (e.offset === lastOffset) continue;
    lastOffset = e.offset;
    const line = lineOf(e.offset);
    const current = regions[regions.length - 1];
    if (current && line - current.lastLine <= REGION_GAP_LINES) {
      current.count++;
      current.lastLine = line;
    } else {
      regions.push({ first: e, count: 1, firstLine: line, lastLine: line });
    }
  }
  const out: Problem[] = [];
  for (const r of regions.slice(0, MAX_SYNTAX_REGIONS)) {
    const e = r.first;
    const lineStart = starts[r.firstLine] ?? 0;
    const hash = /^[ \t]*#/.test(doc.text.slice(lineStart, lineStart + 200));
    const what = hash
      ? 'a line starting with # (JSON has no comments of any kind; remove the line)'
      : describeParseError(printParseErrorCode(e.error));
    const more =
      r.count > 1
        ? ` ${r.count - 1} more syntax error${r.count > 2 ? 's' : ''} follow${r.count > 2 ? '' : 's'} up to line ${r.lastLine + 1}, most of them caused by this one.`
        : '';
    out.push({
      ruleId: 'json-syntax',
      severity: 'error',
      message: `JSON syntax error: ${what}.${more} The file cannot be saved to Microsoft Entra until it parses.`,
      offset: e.offset,
      length: Math.max(e.length, e.offset < doc.text.length ? 1 : 0),
      path: '',
    });
  }
  const rest = regions.slice(MAX_SYNTAX_REGIONS);
  if (rest.length > 0) {
    const count = rest.reduce((n, r) => n + r.count, 0);
    const e = rest[0]!.first;
    out.push({
      ruleId: 'json-syntax',
      severity: 'error',
      message: `${count} more syntax error${count > 1 ? 's' : ''} in ${rest.length} more place${rest.length > 1 ? 's' : ''} from line ${rest[0]!.firstLine + 1} to line ${rest[rest.length - 1]!.lastLine + 1}; fix the ones above first.`,
      offset: e.offset,
      length: Math.max(e.length, e.offset < doc.text.length ? 1 : 0),
      path: '',
    });
  }
  return out;
}

function describeParseError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'property name expected',
    ValueExpected: 'value expected',
    ColonExpected: 'colon expected',
    CommaExpected: 'comma expected',
    CloseBraceExpected: 'closing brace } expected',
    CloseBracketExpected: 'closing bracket ] expected',
    EndOfFileExpected: 'end of file expected (only one top-level value is allowed)',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in string',
  };
  return words[code] ?? code;
}

const MAX_STRUCTURE_PROBLEMS = 200;

/**
 * Walks the tree once (iteratively, so deep nesting cannot overflow the stack) and reports
 * duplicate keys and trailing commas.
 */
export function structureProblems(doc: ParsedDocument): Problem[] {
  const problems: Problem[] = [];
  const root = doc.root;
  if (!root || doc.mayHaveDuplicates === false) {
    // The fast paths saw no duplicate keys, and found the trailing commas (strict JSON has none).
    for (const t of doc.trailingCommas ?? []) problems.push(trailingCommaProblem(t.offset, t.container));
    return problems;
  }
  const text = doc.text;
  const toPosition = positionConverter(text);
  const stack: JsonNode[] = [root];
  while (stack.length > 0 && problems.length < MAX_STRUCTURE_PROBLEMS) {
    const node = stack.pop()!;
    const children = node.children;
    if (node.type === 'object' || node.type === 'array') {
      if (children && children.length > 0) {
        const trailing = trailingComma(text, children[children.length - 1]!, node);
        if (trailing >= 0) problems.push(trailingCommaProblem(trailing, node));
      }
    }
    if (node.type === 'object' && children) {
      let seen: Map<string, JsonNode> | undefined;
      for (const prop of children) {
        const key = prop.children?.[0];
        if (!key) continue;
        const name = String(key.value);
        seen ??= new Map();
        const first = seen.get(name);
        if (first) {
          problems.push(duplicateKeyProblem(toPosition, node, prop, name, first));
        } else {
          seen.set(name, prop);
        }
        const value = prop.children?.[1];
        if (value && (value.type === 'object' || value.type === 'array')) stack.push(value);
      }
    } else if (node.type === 'array' && children) {
      for (let i = children.length - 1; i >= 0; i--) {
        const c = children[i]!;
        if (c.type === 'object' || c.type === 'array') stack.push(c);
      }
    }
  }
  return problems;
}

function trailingCommaProblem(offset: number, container: JsonNode): Problem {
  return {
    ruleId: 'json-trailing-comma',
    severity: 'warning',
    message: 'Trailing comma: JSON does not allow it; remove the comma.',
    offset,
    length: 1,
    path: pointerOfNode(container),
    fixes: [lazyFix('Remove trailing comma', () => [{ offset, length: 1, content: '' }], true)],
  };
}

function duplicateKeyProblem(
  toPosition: (offset: number) => { line: number },
  object: JsonNode,
  prop: JsonNode,
  name: string,
  first: JsonNode,
): Problem {
  const key = prop.children![0]!;
  const firstLine = toPosition(first.offset).line;
  return {
    ruleId: 'json-duplicate-key',
    severity: 'error',
    message: `Duplicate key "${name}" (first defined on line ${firstLine + 1}). Only the last one counts when the file is read; remove one of them.`,
    offset: key.offset,
    length: key.length,
    path: pointerOfNode(object) + '/' + escapePointerToken(name),
    fixes: [lazyFix(`Remove this duplicate "${name}"`, () => [removalEdit(object, prop)])],
  };
}

/** The offset of a comma after the last child, or -1. */
function trailingComma(text: string, last: JsonNode, container: JsonNode): number {
  const lastEnd =
    (last.parent?.type === 'property' ? last.parent : last).offset +
    (last.parent?.type === 'property' ? last.parent.length : last.length);
  const end = container.offset + container.length - 1;
  let i = lastEnd;
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
