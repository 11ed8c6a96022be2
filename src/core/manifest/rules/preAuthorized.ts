// The pre-authorized client apps of a manifest (`api.preAuthorizedApplications`, legacy
// `preAuthorizedApplications`), read once per lint run for the rules in clients.ts.
import type { Node as JsonNode } from 'jsonc-parser';
import { BackedNode } from '../backedNode';
import type { RuleContext } from '../types';
import { child, elements, keyNode, rootObject, str, type Segment } from './util';

/** The ids of an entry without an array of them (one array for all). */
const NO_IDS: readonly unknown[] = [];

/**
 * An entry of a `preAuthorizedApplications` list (an object). On a tree made from a plain value its
 * appId and permission ids are read from that value, and its nodes and path are made when first
 * read (a list of thousands of entries makes a node for the entries a rule reports).
 */
export class PreAuth {
  private madeNode: JsonNode | undefined;
  private madePath: Segment[] | undefined;
  private madeIds: JsonNode | undefined | null = null;
  private madeAppId: JsonNode | undefined | null = null;
  /** The member holding the permission ids: delegatedPermissionIds (graph) when present, else permissionIds. */
  readonly idsKey: string;
  /** The appId when it is a string. */
  readonly appIdValue: string | undefined;
  /** The permission ids' elements when read from a plain value ([] when not an array); undefined on other trees. */
  readonly idValues: readonly unknown[] | undefined;

  constructor(
    private readonly list: JsonNode,
    private readonly listPath: readonly Segment[],
    private readonly index: number,
    node: JsonNode | undefined,
    plain: Record<string, unknown> | undefined,
  ) {
    this.madeNode = node;
    if (plain) {
      // The plain value mirrors the nodes (a member without a value is in neither).
      this.idsKey = Object.hasOwn(plain, 'delegatedPermissionIds') ? 'delegatedPermissionIds' : 'permissionIds';
      const ids = Object.hasOwn(plain, this.idsKey) ? plain[this.idsKey] : undefined;
      this.idValues = Array.isArray(ids) ? ids : NO_IDS;
      const appId = Object.hasOwn(plain, 'appId') ? plain.appId : undefined;
      this.appIdValue = typeof appId === 'string' ? appId : undefined;
    } else {
      const delegated = child(node, 'delegatedPermissionIds');
      this.idsKey = delegated ? 'delegatedPermissionIds' : 'permissionIds';
      this.madeIds = delegated ?? child(node, 'permissionIds');
      this.madeAppId = child(node, 'appId');
      this.appIdValue = str(this.madeAppId);
    }
  }

  get node(): JsonNode {
    return (this.madeNode ??= (this.list as BackedNode).element(this.index)!);
  }

  /** The permission ids' node (an array when well formed), undefined when absent. */
  get ids(): JsonNode | undefined {
    if (this.madeIds === null) this.madeIds = child(this.node, this.idsKey);
    return this.madeIds;
  }

  /** The appId's value node, undefined when absent. */
  get appId(): JsonNode | undefined {
    if (this.madeAppId === null) this.madeAppId = child(this.node, 'appId');
    return this.madeAppId;
  }

  /** Where the entry starts (without making its node). */
  get start(): number {
    return this.madeNode !== undefined ? this.madeNode.offset : (this.list as BackedNode).elementOffset(this.index);
  }

  get path(): Segment[] {
    return (this.madePath ??= [...this.listPath, this.index]);
  }
}

export interface PreAuthList {
  arr: JsonNode;
  path: Segment[];
  key: JsonNode | undefined;
  items: PreAuth[];
}

/** The pre-authorized clients in graph and legacy shape, read once per lint run (three rules read them). */
export function preAuthList(ctx: RuleContext): readonly PreAuthList[] {
  return ctx.memo('preAuthorizedApplications', () => {
    const root = rootObject(ctx);
    const out: PreAuthList[] = [];
    const api = child(root, 'api');
    const places: [JsonNode | undefined, Segment[]][] = [
      [api, ['api', 'preAuthorizedApplications']],
      [root, ['preAuthorizedApplications']],
    ];
    for (const [parent, path] of places) {
      const arr = child(parent, 'preAuthorizedApplications');
      if (arr?.type !== 'array') continue;
      const items: PreAuth[] = [];
      if (arr instanceof BackedNode) {
        // A tree made from a plain value: the plain entries, nodes made for what a rule reads.
        const plain = arr.plainValue() as unknown[];
        for (let i = 0; i < plain.length; i++) {
          const v = plain[i];
          if (v !== null && typeof v === 'object' && !Array.isArray(v))
            items.push(new PreAuth(arr, path, i, undefined, v as Record<string, unknown>));
        }
      } else {
        const nodes = elements(arr);
        for (let i = 0; i < nodes.length; i++)
          if (nodes[i]!.type === 'object') items.push(new PreAuth(arr, path, i, nodes[i]!, undefined));
      }
      out.push({ arr, path, key: keyNode(parent, 'preAuthorizedApplications'), items });
    }
    return out;
  });
}
