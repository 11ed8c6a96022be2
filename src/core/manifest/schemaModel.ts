// The two application schemas as data: their node shape, and lookups of the schema node that
// describes a path or declares a set of properties.
import graphSchema from '../../../schemas/application.graph.schema.json';
import legacySchema from '../../../schemas/application.legacy.schema.json';
import { fromPointer } from './json';
import type { SchemaFlavor } from './format';

/** A JSON schema node as far as this module reads it. */
export interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly $ref?: string;
  readonly required?: readonly string[];
  readonly definitions?: Readonly<Record<string, SchemaNode>>;
  /** `beta`: a property only Microsoft Graph beta has (v1.0 ignores it). */
  readonly 'x-graphVersion'?: string;
}

export const schemas: Readonly<Record<SchemaFlavor, SchemaNode>> = {
  graph: graphSchema as SchemaNode,
  legacy: legacySchema as SchemaNode,
};

/** The property names a schema object declares. */
export function propertyNames(node: SchemaNode | undefined): readonly string[] {
  return node ? Object.keys(node.properties ?? {}) : [];
}

/** Resolves the schema object an ajv schemaPath (ending in /additionalProperties) points into. */
export function schemaObjectAt(flavor: SchemaFlavor, schemaPath: string): SchemaNode | undefined {
  const tokens = fromPointer(schemaPath.replace(/^#/, ''));
  tokens.pop();
  let node: unknown = schemas[flavor];
  for (const t of tokens) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[t];
  }
  return node as SchemaNode | undefined;
}

/** The schema node that describes the value at a JSON path (follows properties, items and $ref). */
export function schemaAtPath(flavor: SchemaFlavor, path: readonly (string | number)[]): SchemaNode | undefined {
  const root = schemas[flavor];
  let node: SchemaNode | undefined = root;
  const deref = (n: SchemaNode | undefined): SchemaNode | undefined => {
    if (n?.$ref?.startsWith('#/definitions/')) {
      const target = root.definitions?.[n.$ref.slice('#/definitions/'.length)];
      return target ? { ...target, description: n.description ?? target.description } : undefined;
    }
    return n;
  };
  node = deref(node);
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number' || /^\d+$/.test(segment)) {
      node = deref(node.items);
    } else {
      node = node.properties && Object.hasOwn(node.properties, segment) ? deref(node.properties[segment]) : undefined;
    }
  }
  return node;
}

/** Friendly names (e.g. "Microsoft Graph", "User.Read") are legal in templates' requiredResourceAccess. */
