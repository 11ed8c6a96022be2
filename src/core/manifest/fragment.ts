// A bare `requiredResourceAccess` array: the JSON file that `az ad app create|update
// --required-resource-accesses @file` reads is the value of that one property, not an object. It is
// linted as a partial application ({"requiredResourceAccess": [...]}) by giving the array a parent
// object that exists only in the tree: every offset still points into the real text, and the
// findings' paths name the property the array stands for.
import { getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import type { ParsedDocument } from './json';

/** The property a bare array stands for. */
export const FRAGMENT_PROPERTY = 'requiredResourceAccess';

/** Whether a parsed value is a non-empty array whose items all look like requiredResourceAccess entries. */
function isRequiredResourceAccessArray(root: JsonNode | undefined): root is JsonNode {
  if (root?.type !== 'array' || !root.children || root.children.length === 0) return false;
  return root.children.every(
    (item) =>
      item.type === 'object' &&
      (item.children ?? []).some((p) => {
        const key = p.children?.[0]?.value;
        return key === 'resourceAppId';
      }) &&
      (item.children ?? []).every((p) => {
        const key = p.children?.[0]?.value;
        return key === 'resourceAppId' || key === 'resourceAccess';
      }),
  );
}

/**
 * The document as the engine lints it: a bare requiredResourceAccess array becomes the only
 * property of a synthetic root object (zero-length key at the array's offset); anything else is
 * returned unchanged.
 */
export function asApplicationFragment(doc: ParsedDocument): ParsedDocument {
  const array = doc.root;
  if (!isRequiredResourceAccessArray(array)) return doc;
  type Mutable = { -readonly [K in keyof JsonNode]: JsonNode[K] };
  const key: Mutable = { type: 'string', value: FRAGMENT_PROPERTY, offset: array.offset, length: 0 };
  const property: Mutable = {
    type: 'property',
    offset: array.offset,
    length: array.length,
    colonOffset: array.offset,
    children: [key, array],
  };
  const root: JsonNode = { type: 'object', offset: array.offset, length: array.length, children: [property] };
  key.parent = property;
  property.parent = root;
  // The array's parent link (walked upwards to name a node's path) now goes through the property.
  (array as Mutable).parent = property;
  const value = doc.value !== undefined ? doc.value : getNodeValue(array);
  return { ...doc, root, value: { [FRAGMENT_PROPERTY]: value } };
}

/**
 * A path of the synthetic tree as a path of the real text (its first segment names the property
 * the array stands for, which the text does not have). Used by fixes that edit the text by path.
 */
export function textPath<T extends string | number>(text: string, path: readonly T[]): readonly T[] {
  if (path[0] !== FRAGMENT_PROPERTY) return path;
  const first = /\S/.exec(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)?.[0];
  return first === '[' ? path.slice(1) : path;
}
