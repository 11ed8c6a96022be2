// jsonc-parser's own tree of a whole text: the reference the engine's fast paths are tested against
// (parseDocument with `fastPaths: false`), and the last resort of the compact tree. It reads a text
// as the tolerant reader does, up to MAX_READ_ERRORS errors.
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { ParsedDocument } from './json';
import { depthExceededAt, type pruneDeep } from './nesting';
import { splitErrors } from './parseErrors';
import { MAX_READ_ERRORS } from './tolerantReader';

/** jsonc-parser's tree of the whole text (`source`: the text with a BOM replaced by a space; `deep`: pruneDeep's). */
export function parseWhole(
  text: string,
  source: string,
  bom: boolean,
  strictValue: unknown,
  deep: ReturnType<typeof pruneDeep>,
  /** MAX_NESTING_DEPTH (json.ts). */
  maxDepth: number,
): ParsedDocument {
  const parsed = deep ? deep.text : source;
  let errors: ParseError[] = [];
  let root: JsonNode | undefined;
  let unreadFrom: number | undefined;
  try {
    root = parseTree(parsed, errors, TREE_OPTIONS);
    // Read as the tolerant reader reads it: as if the text ended at the token of the last error it counts.
    const last = errors[MAX_READ_ERRORS - 1];
    const next = last ? afterBlanks(parsed, last.offset + last.length) : parsed.length;
    if (last && next < parsed.length) {
      unreadFrom = next;
      errors = [];
      root = parseTree(parsed.slice(0, last.offset + last.length), errors, TREE_OPTIONS);
    }
  } catch (err) {
    // Last resort (a call stack already nearly full): report where the nesting gets deep.
    if (!(err instanceof RangeError)) throw err;
    return {
      text,
      root: undefined,
      bom,
      syntaxErrors: [],
      comments: [],
      tooDeep: Math.max(0, depthExceededAt(source, maxDepth)),
    };
  }
  const { comments, syntaxErrors } = splitErrors(errors);
  const unread = unreadFrom !== undefined ? { unreadFrom } : {};
  if (!deep)
    return {
      text,
      root,
      bom,
      syntaxErrors,
      comments,
      ...unread,
      ...(strictValue !== undefined ? { parsedValue: strictValue } : {}),
    };
  // Rules and fixes read the text the tree was made from (the BOM, if any, stays a BOM).
  const kept = bom ? '\uFEFF' + deep.text.slice(1) : deep.text;
  return { text: kept, root, bom, syntaxErrors, comments, ...unread, tooDeep: deep.first, pruned: deep.spans };
}

/** The engine's options for jsonc-parser's parseTree. */
const TREE_OPTIONS = { allowTrailingComma: true, disallowComments: true, allowEmptyContent: false } as const;

/** The offset of the first character at or after `from` that is not JSON whitespace (the length when none). */
function afterBlanks(text: string, from: number): number {
  let i = from;
  for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  return Math.min(i, text.length);
}
