// The value of one application property in a file of its own: `az ad app create|update` reads
// `--required-resource-accesses @file` (a requiredResourceAccess array), `--app-roles @file` (an
// appRoles array) and `--optional-claims @file` (an optionalClaims object). Such a file is linted
// as a partial application ({"requiredResourceAccess": [...]}) by giving the value a parent object
// that exists only in the tree: every offset still points into the real text, and the findings'
// paths name the property the value stands for.
import { getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import type { ParsedDocument } from './json';
import { BackedNode, membersOf } from './backedNode';
import { withParts } from './parseErrors';

/** The properties whose values az ad app reads from a file of their own. */
export const FRAGMENT_PROPERTIES = ['requiredResourceAccess', 'appRoles', 'optionalClaims'] as const;
type FragmentProperty = (typeof FRAGMENT_PROPERTIES)[number];

const APP_ROLE_KEYS = new Set([
  'allowedMemberTypes',
  'description',
  'displayName',
  'id',
  'isEnabled',
  'origin',
  'value',
]);
const TOKEN_KINDS = new Set(['idToken', 'accessToken', 'saml2Token']);

/** The keys of an array's item `i` when it is an object, else undefined (see elementKeys). */
function itemKeys(root: JsonNode, i: number): readonly (string | undefined)[] | undefined {
  if (root instanceof BackedNode) return root.elementKeys(i);
  const item = root.children?.[i];
  return item?.type === 'object' ? membersOf(item).keys : undefined;
}

/** Whether every item of a non-empty array is an object with the `must` key and keys from `allowed` only. */
function arrayOf(root: JsonNode, must: string, allowed: (key: unknown) => boolean): boolean {
  // The items' keys only: no node is made for them or their members (a fragment may hold thousands).
  const n = root instanceof BackedNode ? (root.plainValue() as unknown[]).length : (root.children?.length ?? 0);
  for (let i = 0; i < n; i++) {
    const keys = itemKeys(root, i);
    if (!keys?.includes(must) || !keys.every(allowed)) return false;
  }
  return n > 0;
}

/** The application property a whole document is the value of, if it is one. */
function fragmentProperty(root: JsonNode | undefined): FragmentProperty | undefined {
  if (root?.type === 'array') {
    if (arrayOf(root, 'resourceAppId', (k) => k === 'resourceAppId' || k === 'resourceAccess'))
      return 'requiredResourceAccess';
    if (arrayOf(root, 'allowedMemberTypes', (k) => APP_ROLE_KEYS.has(String(k)))) return 'appRoles';
    return undefined;
  }
  if (root?.type === 'object') {
    // {"idToken": [...], "accessToken": [...]}: token kinds only, each an array.
    // The keys first (no node made for them): a large object of other keys fails at once.
    const { keys, at } = membersOf(root);
    if (keys.length === 0 || !keys.every((k) => TOKEN_KINDS.has(String(k)))) return undefined;
    const ok = keys.every((_, k) => at(k)?.children?.[1]?.type === 'array');
    return ok ? 'optionalClaims' : undefined;
  }
  return undefined;
}

/**
 * The document as the engine lints it: the value of one property (see FRAGMENT_PROPERTIES) becomes
 * the only property of a synthetic root object (zero-length key at the value's offset); anything
 * else is returned unchanged.
 */
export function asApplicationFragment(doc: ParsedDocument): ParsedDocument {
  const array = doc.root;
  const name = fragmentProperty(array);
  if (!array || !name) return doc;
  type Mutable = { -readonly [K in keyof JsonNode]: JsonNode[K] };
  const key: Mutable = { type: 'string', value: name, offset: array.offset, length: 0 };
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
  return withParts(doc, { root, value: { [name]: value } });
}

/**
 * A path of the synthetic tree as a path of the real text (its first segment names the property
 * the value stands for, which the text does not have). Used by fixes that edit the text by path.
 */
export function textPath<T extends string | number>(text: string, path: readonly T[]): readonly T[] {
  const first = path[0];
  if (first === 'requiredResourceAccess' || first === 'appRoles') {
    const open = /\S/.exec(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)?.[0];
    return open === '[' ? path.slice(1) : path;
  }
  // An optionalClaims file is an object too: it is the fragment when it never names the property.
  if (first === 'optionalClaims' && !text.includes('"optionalClaims"')) return path.slice(1);
  return path;
}

/** The property a synthetic root (made by asApplicationFragment) stands for; undefined for a real object. */
export function fragmentPropertyOf(root: JsonNode | undefined): string | undefined {
  // (A real object may have thousands of members: their nodes are not made to count them.)
  const members = root?.type === 'object' ? membersOf(root) : undefined;
  if (members?.keys.length !== 1) return undefined;
  const key = members.at(0)?.children?.[0];
  return key && key.length === 0 && typeof key.value === 'string' ? key.value : undefined;
}
