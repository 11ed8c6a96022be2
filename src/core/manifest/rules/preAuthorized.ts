// The pre-authorized client apps of a manifest (`api.preAuthorizedApplications`, legacy
// `preAuthorizedApplications`), read once per lint run for the rules in clients.ts.
import type { Node as JsonNode } from 'jsonc-parser';
import type { RuleContext } from '../types';
import { child, elements, keyNode, rootObject, type Segment } from './util';

/** An entry of a `preAuthorizedApplications` list (an object), its path made when first read. */
export class PreAuth {
  private madePath: Segment[] | undefined;
  readonly appId: JsonNode | undefined;
  readonly ids: JsonNode | undefined;
  readonly idsKey: string;

  constructor(
    readonly node: JsonNode,
    private readonly listPath: readonly Segment[],
    private readonly index: number,
  ) {
    const delegated = child(node, 'delegatedPermissionIds');
    this.idsKey = delegated ? 'delegatedPermissionIds' : 'permissionIds';
    this.ids = delegated ?? child(node, 'permissionIds');
    this.appId = child(node, 'appId');
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
      const nodes = elements(arr);
      for (let i = 0; i < nodes.length; i++)
        if (nodes[i]!.type === 'object') items.push(new PreAuth(nodes[i]!, path, i));
      out.push({ arr, path, key: keyNode(parent, 'preAuthorizedApplications'), items });
    }
    return out;
  });
}
