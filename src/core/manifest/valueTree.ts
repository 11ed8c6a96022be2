// A tree of the jsonc-parser shape over a value that is already parsed (e.g. an application object
// read from Microsoft Graph), so the rules can check it without serialising it and parsing the text
// again. Coordinate-free: there is no text, so a node's offset is only a number unique within the
// tree (given in the order nodes are made) and every length is 1; findings are located by their
// JSON pointer. Children are made on first access, like the strict-JSON tree of fastTree.ts.
import type { Node as JsonNode, NodeType } from 'jsonc-parser';

/** Hands out the offsets of one tree. */
class Counter {
  next = 0;
}

function typeOf(value: unknown): NodeType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    default:
      // undefined, functions, bigints: what JSON.stringify would drop or refuse; seen as null.
      return 'null';
  }
}

export class ValueNode implements JsonNode {
  readonly type: NodeType;
  readonly offset: number;
  readonly length = 1;
  readonly value: unknown;
  private kids: JsonNode[] | undefined;
  private byKey: Map<string, JsonNode> | undefined;

  constructor(
    private readonly counter: Counter,
    private readonly plain: unknown,
    readonly parent: JsonNode | undefined,
    type?: NodeType,
  ) {
    this.offset = counter.next++;
    this.type = type ?? typeOf(plain);
    this.value =
      this.type === 'object' || this.type === 'array' || this.type === 'property'
        ? undefined
        : this.type === 'null'
          ? null
          : plain;
  }

  get colonOffset(): number | undefined {
    return this.type === 'property' ? this.offset : undefined;
  }

  /** The property node of `key` in an object node (without making the other properties' keys and values). */
  member(key: string): JsonNode | undefined {
    if (this.type !== 'object') return undefined;
    if (!this.byKey) {
      this.byKey = new Map();
      for (const p of this.children as ValueNode[]) this.byKey.set((p.plain as [string, unknown])[0], p);
    }
    return this.byKey.get(key);
  }

  get children(): JsonNode[] | undefined {
    if (this.kids) return this.kids;
    if (this.type === 'array') {
      this.kids = (this.plain as unknown[]).map((v) => new ValueNode(this.counter, v, this));
    } else if (this.type === 'object') {
      const obj = this.plain as Record<string, unknown>;
      // Keys whose value JSON.stringify would drop are not in the tree either.
      this.kids = Object.keys(obj)
        .filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function')
        .map((k) => new ValueNode(this.counter, [k, obj[k]], this, 'property'));
    } else if (this.type === 'property') {
      const [key, v] = this.plain as [string, unknown];
      this.kids = [new ValueNode(this.counter, key, this, 'string'), new ValueNode(this.counter, v, this)];
    } else {
      return undefined;
    }
    return this.kids;
  }
}

/** The root node of a tree over `value` (see the file comment). */
export function valueTree(value: unknown): JsonNode {
  return new ValueNode(new Counter(), value, undefined);
}
