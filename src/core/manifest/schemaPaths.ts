// ajv's instance paths read as segments and tree nodes, and paths written as words for messages.
import type * as l10n from '@vscode/l10n';
import type { Node as JsonNode } from 'jsonc-parser';
import { english, type Localizer } from '../text/localizer';
import { fromPointer, nodeAtPath, type KeyIndex } from './json';

/**
 * Reads the instance paths of one validation's errors in the order ajv reports them. ajv reports
 * the errors of one value, and of the entries of a list, one after the other, so consecutive paths
 * share most of their segments: the segments and nodes of the previous path are kept, and only the
 * part after the shared segments is split and walked. Same results as `fromPointer` and
 * `nodeAtPath` on the whole path.
 */
export class PathResolver {
  private pointer = '';
  private segments: string[] = [];
  /** nodes[i]: the node at the first i segments of `segments` (nodes[0] is the root), made on demand. */
  private readonly nodes: (JsonNode | undefined)[];

  constructor(
    root: JsonNode,
    private readonly keyIndex?: KeyIndex,
  ) {
    this.nodes = [root];
  }

  /** The unescaped segments of `pointer` (not to be modified); `node()` then gives the node there. */
  segmentsOf(pointer: string): readonly string[] {
    const prev = this.pointer;
    const max = Math.min(prev.length, pointer.length);
    let i = 0;
    while (i < max && prev.charCodeAt(i) === pointer.charCodeAt(i)) i++;
    // The shared segments end at a "/" (or the end) of both pointers at or before the first difference.
    const end = isBoundary(pointer, i) && isBoundary(prev, i) ? i : pointer.lastIndexOf('/', i - 1);
    let shared = 0;
    for (let j = 0; j < end; j++) if (pointer.charCodeAt(j) === 47) shared++;
    const segments = this.segments.slice(0, shared);
    if (end < pointer.length) for (const s of fromPointer(pointer.slice(end))) segments.push(s);
    this.pointer = pointer;
    this.segments = segments;
    if (this.nodes.length > shared + 1) this.nodes.length = shared + 1;
    return segments;
  }

  /** The node at the path last given to `segmentsOf`, or undefined when the tree has none there. */
  node(): JsonNode | undefined {
    const nodes = this.nodes;
    let node = nodes[nodes.length - 1];
    while (nodes.length <= this.segments.length) {
      node = node === undefined ? undefined : nodeAtPath(node, [this.segments[nodes.length - 1]!], this.keyIndex);
      nodes.push(node);
    }
    return node;
  }
}

/** True when a pointer's segment ends at `at` (a "/" or the end of the pointer). */
function isBoundary(pointer: string, at: number): boolean {
  return at === pointer.length || pointer.charCodeAt(at) === 47;
}

/** True for a non-empty string of ASCII digits (an array index in a pointer). */
function isIndex(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** "signInAudience", "web.redirectUris[0]" or "the application object". */
export function describePath(
  segments: readonly (string | number)[],
  l10n: Localizer<l10n.L10nReplacement> = english,
): string {
  if (segments.length === 0) return l10n.t('the application object');
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number' || isIndex(s)) out += `[${s}]`;
    else out += (out ? '.' : '') + s;
  }
  return out;
}
