// Scope and role definitions as they appear in either format (graph `api.oauth2PermissionScopes`
// and `appRoles`, legacy `oauth2Permissions`), read once per lint run.
import type { Node as JsonNode } from 'jsonc-parser';
import { BackedNode } from '../backedNode';
import type { RuleContext } from '../types';
import { child, isGuid, rootObject, str, type Segment } from './util';

/**
 * Definitions of scopes or roles as they appear in either format. The plain fields (`id`,
 * `value`, ...) are read without making nodes; the node fields are made when a rule reads them
 * (usually to report), so a large manifest's definitions cost no tree.
 */
export interface Definition {
  readonly kind: 'scope' | 'role';
  readonly node: JsonNode;
  readonly path: readonly Segment[];
  /** The `id` and `value` nodes and their string values (undefined when absent or not strings). */
  readonly idNode: JsonNode | undefined;
  readonly id: string | undefined;
  readonly valueNode: JsonNode | undefined;
  readonly value: string | undefined;
  /** The id lower-cased, when it is a string without placeholders (computed once per run). */
  readonly idKey: string | undefined;
  /** Whether the id is a GUID (tested once per run). */
  readonly idIsGuid: boolean;
  /** Other value nodes rules read. */
  readonly isEnabledNode: JsonNode | undefined;
  readonly allowedMemberTypesNode: JsonNode | undefined;
  /** The plain value of `isEnabled` (a node's `value`: undefined for objects and arrays, as in the tree). */
  readonly isEnabled: unknown;
  /** The items of `allowedMemberTypes` when it is an array (strings as written; other items are not strings). */
  readonly allowedMemberTypes: readonly unknown[] | undefined;
  /** The value of member `key` when it is a string (str(child(node, key))), read without making nodes where it can be. */
  text(key: string): string | undefined;
}

/** A node's `value` as jsonc-parser gives it: leaves only. */
function leafValue(v: unknown): unknown {
  return v !== null && typeof v === 'object' ? undefined : v;
}

/** A definition read from the plain value; nodes are made on first read. */
class PlainDefinition implements Definition {
  readonly id: string | undefined;
  readonly value: string | undefined;
  readonly idKey: string | undefined;
  readonly idIsGuid: boolean;
  readonly isEnabled: unknown;
  readonly allowedMemberTypes: readonly unknown[] | undefined;
  private madeNode: JsonNode | undefined;
  private madePath: Segment[] | undefined;

  constructor(
    readonly kind: 'scope' | 'role',
    private readonly collection: BackedNode,
    private readonly collectionPath: readonly Segment[],
    private readonly index: number,
    private readonly plain: Record<string, unknown>,
  ) {
    const id = plain.id;
    const value = plain.value;
    this.id = typeof id === 'string' ? id : undefined;
    this.value = typeof value === 'string' ? value : undefined;
    this.idKey = typeof id === 'string' && !id.includes('{{') ? id.toLowerCase() : undefined;
    this.idIsGuid = typeof id === 'string' && isGuid(id);
    this.isEnabled = leafValue(plain.isEnabled);
    const types = plain.allowedMemberTypes;
    this.allowedMemberTypes = Array.isArray(types) ? types : undefined;
  }

  get node(): JsonNode {
    // Made on its own: the collection's other items stay unmade.
    return (this.madeNode ??= this.collection.element(this.index)!);
  }

  text(key: string): string | undefined {
    // The plain value mirrors the nodes of a tree made from it (a repeated key: the last, as child() finds).
    const v = Object.hasOwn(this.plain, key) ? this.plain[key] : undefined;
    return typeof v === 'string' ? v : undefined;
  }

  get path(): readonly Segment[] {
    return (this.madePath ??= [...this.collectionPath, this.index]);
  }

  get idNode(): JsonNode | undefined {
    return child(this.node, 'id');
  }

  get valueNode(): JsonNode | undefined {
    return child(this.node, 'value');
  }

  get isEnabledNode(): JsonNode | undefined {
    return child(this.node, 'isEnabled');
  }

  get allowedMemberTypesNode(): JsonNode | undefined {
    return child(this.node, 'allowedMemberTypes');
  }
}

/** A definition read from a jsonc-parser tree (documents off the strict fast path). */
function treeDefinition(kind: 'scope' | 'role', node: JsonNode, path: Segment[]): Definition {
  let idNode: JsonNode | undefined;
  let valueNode: JsonNode | undefined;
  let isEnabledNode: JsonNode | undefined;
  let allowedMemberTypesNode: JsonNode | undefined;
  const props = node.children;
  if (props) {
    // Last duplicate wins, as with JSON.parse and child().
    for (let i = 0; i < props.length; i++) {
      const pc = props[i]!.children;
      if (!pc) continue;
      const k = pc[0]?.value;
      if (k === 'id') idNode = pc[1];
      else if (k === 'value') valueNode = pc[1];
      else if (k === 'isEnabled') isEnabledNode = pc[1];
      else if (k === 'allowedMemberTypes') allowedMemberTypesNode = pc[1];
    }
  }
  const id = str(idNode);
  return {
    kind,
    node,
    text: (key) => str(child(node, key)),
    path,
    idNode,
    id,
    valueNode,
    value: str(valueNode),
    idKey: id !== undefined && !id.includes('{{') ? id.toLowerCase() : undefined,
    idIsGuid: id !== undefined && isGuid(id),
    isEnabledNode,
    allowedMemberTypesNode,
    isEnabled: isEnabledNode?.value,
    allowedMemberTypes:
      allowedMemberTypesNode?.type === 'array'
        ? (allowedMemberTypesNode.children ?? []).map((n) => n.value)
        : undefined,
  };
}

/** Where the delegated scopes live: `api.oauth2PermissionScopes` (graph) and legacy `oauth2Permissions`. */
export function scopeCollections(ctx: RuleContext): { node: JsonNode; path: Segment[] }[] {
  const root = rootObject(ctx);
  const out: { node: JsonNode; path: Segment[] }[] = [];
  const g = child(child(root, 'api'), 'oauth2PermissionScopes');
  if (g?.type === 'array') out.push({ node: g, path: ['api', 'oauth2PermissionScopes'] });
  const l = child(root, 'oauth2Permissions');
  if (l?.type === 'array') out.push({ node: l, path: ['oauth2Permissions'] });
  return out;
}

export function roleCollection(ctx: RuleContext): { node: JsonNode; path: Segment[] } | undefined {
  const r = child(rootObject(ctx), 'appRoles');
  return r?.type === 'array' ? { node: r, path: ['appRoles'] } : undefined;
}

function addDefinitions(out: Definition[], kind: 'scope' | 'role', arr: JsonNode, path: readonly Segment[]): void {
  if (arr instanceof BackedNode) {
    // The strict-JSON tree: read the plain items; nodes only for what a rule reports.
    const items = arr.plainValue() as unknown[];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item !== null && typeof item === 'object' && !Array.isArray(item))
        out.push(new PlainDefinition(kind, arr, path, i, item as Record<string, unknown>));
    }
    return;
  }
  const items = arr.children;
  if (!items) return;
  for (let i = 0; i < items.length; i++) {
    const n = items[i]!;
    if (n.type === 'object')
      out.push(treeDefinition(kind, n, path.length === 1 ? [path[0]!, i] : [path[0]!, path[1]!, i]));
  }
}

/** Every scope and role object (computed once per lint run). */
export function definitions(ctx: RuleContext): Definition[] {
  return ctx.memo<Definition[]>('definitions', () => {
    const out: Definition[] = [];
    for (const c of scopeCollections(ctx)) addDefinitions(out, 'scope', c.node, c.path);
    const roles = roleCollection(ctx);
    if (roles) addDefinitions(out, 'role', roles.node, roles.path);
    return out;
  });
}

/** Two scopes, one in legacy oauth2Permissions and one in api.oauth2PermissionScopes: the same scope in two schemas. */
export function inBothSchemas(a: Definition, b: Definition): boolean {
  return a.kind === 'scope' && b.kind === 'scope' && a.path[0] !== b.path[0];
}
