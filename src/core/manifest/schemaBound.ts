// Lists far longer than Entra accepts are checked against the schema up to a bound: ajv validates
// a copy of the value whose long lists are cut to their first SCHEMA_ENTRY_BOUND entries, and one
// info finding on each such list says how many entries were not checked and why. The engine runs
// only the security and list-limit rules on such a manifest (see LONG_LIST_RULES in lint.ts).
import type * as l10n from '@vscode/l10n';
import type { Node as JsonNode } from 'jsonc-parser';
import {
  MANIFEST_ENTRY_LIMIT,
  PERMISSION_DEFINITION_LIMIT,
  REDIRECT_URI_LIMIT,
  REQUIRED_PERMISSION_LIMIT,
  REQUIRED_RESOURCE_LIMIT,
} from '../entra/limits';
import type { Localizer } from '../text/localizer';
import { formatCount } from '../text/count';
import type { SchemaFlavor } from './format';
import { keyOf, nodeAtPath, toPointer, type KeyIndex } from './json';
import { describePath } from './schemaPaths';
import { schemas, type SchemaNode } from './schemaModel';
import type { Problem } from './types';

/**
 * Entries of one list that are checked against the schema: as many as Entra accepts in a whole
 * manifest, 1,200 (entries across all collections; a single list has less room: 256 redirect URIs,
 * 400 permissions, 700 roles and scopes). So a list Entra could accept is always checked in full,
 * and a longer one is already reported by a limits rule. The entries up to the bound show every
 * kind of mistake a repeated entry makes; the entries after them cost time and memory (allErrors
 * builds an error for every bad entry, and each error is placed in the tree) and tell nothing new.
 */
export const SCHEMA_ENTRY_BOUND = MANIFEST_ENTRY_LIMIT;

/** Schema nesting followed when looking for long lists (the schemas nest about six levels). */
const MAX_SCHEMA_DEPTH = 32;

/** The value to validate and the lists cut in it (see boundedValue). */
export interface BoundedValue {
  readonly value: unknown;
  readonly cut: readonly CutList[];
}

/** A list cut to SCHEMA_ENTRY_BOUND entries for validation. */
export interface CutList {
  readonly path: readonly (string | number)[];
  readonly length: number;
}

/**
 * The value to validate: `value` itself when no list the schema checks entry by entry (one with
 * `items`) is longer than SCHEMA_ENTRY_BOUND, else a copy in which every such list holds only its
 * first SCHEMA_ENTRY_BOUND entries (only the objects and arrays on the way to a cut list are
 * copied; the rest is shared). Follows the schema's `properties`, `items` and local `$ref`s, the
 * only keywords of the application schemas under which lists sit. Linear in the entries visited.
 */
export function boundedValue(value: unknown, flavor: SchemaFlavor): BoundedValue {
  const root = schemas[flavor];
  const cut: CutList[] = [];
  const path: (string | number)[] = [];
  const deref = (node: SchemaNode | undefined): SchemaNode | undefined => {
    const ref = node?.$ref;
    if (ref === undefined) return node;
    if (!ref.startsWith('#/definitions/')) return undefined;
    const name = ref.slice('#/definitions/'.length);
    return root.definitions && Object.hasOwn(root.definitions, name) ? root.definitions[name] : undefined;
  };
  // The members of a schema object under which a list can sit, found once per schema node. A $ref
  // cycle (none in these schemas) or nesting past MAX_SCHEMA_DEPTH counts as no list: such values
  // are validated as they are, in full.
  const listMembers = new Map<SchemaNode, readonly string[]>();
  const membersWithLists = (s: SchemaNode, depth: number): readonly string[] => {
    const known = listMembers.get(s);
    if (known) return known;
    listMembers.set(s, []);
    const found: string[] = [];
    const props = s.properties;
    if (props && depth < MAX_SCHEMA_DEPTH)
      for (const name of Object.keys(props)) {
        const sub = deref(props[name]);
        if (sub && (sub.items !== undefined || membersWithLists(sub, depth + 1).length > 0)) found.push(name);
      }
    listMembers.set(s, found);
    return found;
  };
  // Entries are visited only when a list can sit in them; depth-bounded as membersWithLists is.
  const visit = (v: unknown, schemaNode: SchemaNode | undefined, depth: number): unknown => {
    const s = deref(schemaNode);
    if (!s || depth > MAX_SCHEMA_DEPTH || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      if (!s.items) return v;
      const items = deref(s.items);
      const n = Math.min(v.length, SCHEMA_ENTRY_BOUND);
      let copy: unknown[] | undefined;
      if (v.length > n) {
        copy = v.slice(0, n);
        cut.push({ path: [...path], length: v.length });
      }
      if (!items || (items.items === undefined && membersWithLists(items, depth + 1).length === 0)) return copy ?? v;
      for (let i = 0; i < n; i++) {
        const entry: unknown = v[i];
        if (entry === null || typeof entry !== 'object') continue;
        path.push(i);
        const bounded = visit(entry, items, depth + 1);
        path.pop();
        if (bounded !== entry) (copy ??= v.slice())[i] = bounded;
      }
      return copy ?? v;
    }
    const props = s.properties;
    if (!props) return v;
    let copy: Record<string, unknown> | undefined;
    for (const name of membersWithLists(s, depth)) {
      if (!Object.hasOwn(v, name)) continue;
      const member: unknown = (v as Record<string, unknown>)[name];
      if (member === null || typeof member !== 'object') continue;
      path.push(name);
      const bounded = visit(member, props[name], depth + 1);
      path.pop();
      // Schema property names only (never "__proto__"), so a plain assignment defines the member.
      if (bounded !== member) (copy ??= { ...(v as Record<string, unknown>) })[name] = bounded;
    }
    return copy ?? v;
  };
  const bounded = visit(value, root, 0);
  return { value: bounded, cut };
}

/** The Entra limit a list is past (see limitOf), and whether it counts entries across collections. */
interface ListLimit {
  readonly max: number;
  readonly acrossCollections: boolean;
}

/** Lists with their own documented limit (the largest one, where it depends on the audience). */
const OWN_LIMITS: ReadonlyMap<string, number> = new Map([
  ['web/redirectUris', REDIRECT_URI_LIMIT],
  ['spa/redirectUris', REDIRECT_URI_LIMIT],
  ['publicClient/redirectUris', REDIRECT_URI_LIMIT],
  ['web/redirectUriSettings', REDIRECT_URI_LIMIT],
  ['replyUrlsWithType', REDIRECT_URI_LIMIT],
  ['replyUrls', REDIRECT_URI_LIMIT],
  ['requiredResourceAccess', REQUIRED_RESOURCE_LIMIT],
  ['requiredResourceAccess/#/resourceAccess', REQUIRED_PERMISSION_LIMIT],
  ['appRoles', PERMISSION_DEFINITION_LIMIT],
  ['api/oauth2PermissionScopes', PERMISSION_DEFINITION_LIMIT],
  ['oauth2Permissions', PERMISSION_DEFINITION_LIMIT],
]);

/** The other lists that count toward the manifest's 1,200 entries across collections. */
const COUNTED_LISTS: ReadonlySet<string> = new Set([
  'keyCredentials',
  'passwordCredentials',
  'identifierUris',
  'knownClientApplications',
  'preAuthorizedApplications',
  'addIns',
  'tags',
  'api/knownClientApplications',
  'api/preAuthorizedApplications',
]);

function limitOf(path: readonly (string | number)[]): ListLimit | undefined {
  const shape = path.map((s) => (typeof s === 'number' ? '#' : s)).join('/');
  const own = OWN_LIMITS.get(shape);
  if (own !== undefined) return { max: own, acrossCollections: false };
  return COUNTED_LISTS.has(shape) ? { max: MANIFEST_ENTRY_LIMIT, acrossCollections: true } : undefined;
}

/** One info finding per cut list, on its property name (or its opening bracket). */
export function cutListProblems(
  cut: readonly CutList[],
  root: JsonNode,
  keyIndex: KeyIndex | undefined,
  l10n: Localizer<l10n.L10nReplacement>,
): Problem[] {
  const out: Problem[] = [];
  for (const list of cut) {
    const node = nodeAtPath(root, list.path, keyIndex);
    if (!node) continue;
    const anchor = keyOf(node) ?? { offset: node.offset, length: 1 };
    const where = describePath(list.path, l10n);
    const rest = list.length - SCHEMA_ENTRY_BOUND;
    const limit = limitOf(list.path);
    out.push({
      ruleId: 'schema-not-fully-checked',
      severity: 'info',
      message: !limit
        ? l10n.t(
            '{0} has {1} entries, far more than an app registration uses: only the first {2} were checked against the schema, the other {3} were not. Shorten the list first.',
            where,
            formatCount(list.length),
            formatCount(SCHEMA_ENTRY_BOUND),
            formatCount(rest),
          )
        : limit.acrossCollections
          ? l10n.t(
              "{0} has {1} entries, far past Entra's limit of {2} entries across all collections of a manifest: only the first {3} were checked against the schema, the other {4} were not. Shorten the list first.",
              where,
              formatCount(list.length),
              formatCount(limit.max),
              formatCount(SCHEMA_ENTRY_BOUND),
              formatCount(rest),
            )
          : l10n.t(
              "{0} has {1} entries, far past Entra's limit of {2}: only the first {3} were checked against the schema, the other {4} were not. Shorten the list first.",
              where,
              formatCount(list.length),
              formatCount(limit.max),
              formatCount(SCHEMA_ENTRY_BOUND),
              formatCount(rest),
            ),
      offset: anchor.offset,
      length: anchor.length,
      path: toPointer(list.path),
    });
  }
  return out;
}
