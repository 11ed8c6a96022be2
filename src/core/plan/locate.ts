// Offsets of changed properties in the manifest text (for diagnostics placed by an editor).
import { findNodeAtLocation, type Node as JsonNode } from 'jsonc-parser';
import { identityOf } from './paths';
import type { PathSegment } from './types';

/** The node a path names in the parsed manifest, or the nearest existing ancestor's property. */
export function locate(
  root: JsonNode | undefined,
  segments: readonly PathSegment[],
): { offset: number; length: number } | undefined {
  if (!root) return undefined;
  let node: JsonNode | undefined = root;
  let found: JsonNode | undefined;
  for (const s of segments) {
    if (!node) break;
    if (typeof s === 'string') {
      node = findNodeAtLocation(node, [s]);
    } else {
      node =
        node.type === 'array'
          ? node.children?.find((item) => identityOf(plain(item, s.key), s.key) === s.value.toLowerCase())
          : undefined;
    }
    if (node) found = node;
  }
  // A property's range covers its key and value.
  const target = found?.parent?.type === 'property' ? found.parent : found;
  return target && target !== root ? { offset: target.offset, length: target.length } : undefined;
}

function plain(item: JsonNode, key: string): { [k: string]: string } | undefined {
  const n = findNodeAtLocation(item, [key]);
  return n && typeof n.value === 'string' ? { [key]: n.value } : undefined;
}
