// The text jsonc-parser is given when it is the reference for the engine's reader: after
// MAX_READ_ERRORS errors (comments included) the reader reads a text as if it ended at the token of
// the last one (tolerantReader.ts), so the reference reads the text cut there.
import { parseTree, type ParseError } from 'jsonc-parser';
import { MAX_READ_ERRORS } from '../../../src/core/manifest/tolerantReader';

/** `text`, or its part up to the end of the token of its MAX_READ_ERRORS-th error by jsonc-parser. */
export function readAsEngine(text: string): string {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: true, disallowComments: true, allowEmptyContent: false });
  const last = errors[MAX_READ_ERRORS - 1];
  return last ? text.slice(0, last.offset + last.length) : text;
}
