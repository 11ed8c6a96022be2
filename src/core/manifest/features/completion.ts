// Completions: permission GUIDs and resource appIds by name, enum values and property names from
// the schema, with snippets for the value's type.
import type * as l10n from '@vscode/l10n';
import { getLocation, type Node as JsonNode } from 'jsonc-parser';
import { english, type Localizer } from '../../text/localizer';
import { AZURE_AD_GRAPH_APP_ID, builtInCatalog } from '../catalog';
import { type SchemaFlavor } from '../format';
import { nodeAtPath } from '../json';
import { schemaAtPath, schemas, type SchemaNode } from '../schema';
import { analyse, resourceForEntry, schemaDescription, type CompletionResult, type FeatureContext } from './context';

function isScalar(node: JsonNode): boolean {
  return node.type === 'string' || node.type === 'number' || node.type === 'boolean' || node.type === 'null';
}

/**
 * The scalar value a completion must replace when the caret stands between a property's colon and
 * its value (`"id": | ""`): inserting there would leave two values side by side.
 */
function valueAfterColon(
  root: JsonNode,
  path: readonly (string | number)[],
  offset: number,
): { offset: number; length: number } | undefined {
  if (path.length === 0 || typeof path[path.length - 1] !== 'string') return undefined;
  const value = nodeAtPath(root, path);
  const property = value?.parent;
  if (!value || !isScalar(value) || property?.type !== 'property' || property.colonOffset === undefined)
    return undefined;
  return property.colonOffset < offset && offset <= value.offset + value.length
    ? { offset: value.offset, length: value.length }
    : undefined;
}

/** Completion items at an offset: permission names, resources, enum values or property names. */
export function completionsAt(text: string, offset: number, ctx: FeatureContext = {}): CompletionResult[] {
  const { doc, verdict } = analyse(text, ctx);
  const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n ?? english;
  const root = doc.root;
  if (!root || verdict.format === 'not-manifest') return [];
  const source = doc.bom ? ' ' + text.slice(1) : text;
  const location = getLocation(source, offset);
  const catalog = ctx.catalog ?? builtInCatalog();
  const previous = location.previousNode;
  const path = location.path;
  const replace =
    previous && previous.offset <= offset && offset <= previous.offset + previous.length && isScalar(previous)
      ? { offset: previous.offset, length: previous.length }
      : (valueAfterColon(root, path, offset) ?? { offset, length: 0 });

  if (location.isAtPropertyKey) {
    if (ctx.schemaItems === false) return [];
    const parentPath = path.slice(0, -1);
    const schema = schemaAtPath(verdict.flavor, parentPath);
    const existing = new Set((nodeAtPath(root, parentPath)?.children ?? []).map((p) => String(p.children?.[0]?.value)));
    const items: CompletionResult[] = [];
    for (const [name, prop] of Object.entries(schema?.properties ?? {})) {
      if (existing.has(name) && name !== previous?.value) continue;
      items.push({
        label: name,
        kind: 'property',
        insertText: `"${name}": ${valueSnippet(resolve(verdict.flavor, prop))}`,
        snippet: true,
        ...replace,
        detail: typeLabel(resolve(verdict.flavor, prop)),
        documentation: schemaDescription(prop, l10n),
        filterText: `"${name}"`,
      });
    }
    return items;
  }

  // requiredResourceAccess[i].resourceAccess[j].id -> permission names inserting ids
  if (path.length === 5 && path[0] === 'requiredResourceAccess' && path[2] === 'resourceAccess' && path[4] === 'id') {
    const entry = resourceForEntry(root, path[1]!, catalog);
    if (!entry?.resource) return [];
    const typeNode = nodeAtPath(root, ['requiredResourceAccess', path[1]!, 'resourceAccess', path[3]!, 'type']);
    const type = typeNode?.value === 'Scope' || typeNode?.value === 'Role' ? typeNode.value : undefined;
    const pool =
      type === 'Scope'
        ? entry.resource.scopes
        : type === 'Role'
          ? entry.resource.roles
          : [...entry.resource.scopes, ...entry.resource.roles];
    return pool.map((p) => ({
      label: p.value,
      kind: 'permission' as const,
      insertText: JSON.stringify(p.id),
      snippet: false,
      ...replace,
      detail:
        p.type === 'Scope'
          ? p.adminConsentRequired
            ? l10n.t('Delegated · {0} · admin consent', p.id)
            : l10n.t('Delegated · {0}', p.id)
          : l10n.t('Application · {0} · admin consent', p.id),
      documentation: p.displayName,
      filterText: `"${p.value} ${p.id}"`,
      sortText: p.value.toLowerCase(),
    }));
  }
  if (path.length === 3 && path[0] === 'requiredResourceAccess' && path[2] === 'resourceAppId') {
    return [...catalog.resources()].map((r) => {
      // Azure AD Graph is retired (rra-azure-ad-graph warns): offered last, struck through.
      const retired = r.appId.toLowerCase() === AZURE_AD_GRAPH_APP_ID;
      return {
        label: r.displayName,
        kind: 'resource' as const,
        insertText: JSON.stringify(r.appId),
        snippet: false,
        ...replace,
        detail: retired ? l10n.t('{0} · retired: use Microsoft Graph', r.appId) : r.appId,
        filterText: `"${r.displayName} ${r.appId}"`,
        sortText: `${retired ? '~' : ''}${r.displayName.toLowerCase()}`,
        ...(retired ? { deprecated: true } : {}),
      };
    });
  }
  if (ctx.schemaItems === false) return [];
  const schema = resolve(verdict.flavor, schemaAtPath(verdict.flavor, path));
  if (!schema) return [];
  const values = schema.enum ?? (types(schema).includes('boolean') ? [true, false] : []);
  return values
    .filter((v) => v !== null)
    .map((v) => ({
      label: JSON.stringify(v),
      kind: 'value' as const,
      insertText: JSON.stringify(v),
      snippet: false,
      ...replace,
      documentation: schemaDescription(schema, l10n),
    }));
}

function resolve(flavor: SchemaFlavor, node: SchemaNode | undefined): SchemaNode | undefined {
  if (node?.$ref?.startsWith('#/definitions/')) {
    const target = schemas[flavor].definitions?.[node.$ref.slice('#/definitions/'.length)];
    return target ? { ...target, description: node.description ?? target.description } : undefined;
  }
  return node;
}

function types(schema: SchemaNode): readonly string[] {
  return typeof schema.type === 'string' ? [schema.type] : (schema.type ?? []);
}

function typeLabel(schema: SchemaNode | undefined): string {
  return schema
    ? types(schema)
        .filter((t) => t !== 'null')
        .join(' | ')
    : '';
}

function valueSnippet(schema: SchemaNode | undefined): string {
  if (!schema) return '$1';
  if (schema.enum) {
    const values = schema.enum
      .filter((v) => v !== null)
      .map((v) => JSON.stringify(v).replace(/[,|$}\\]/g, (c) => '\\' + c));
    return values.length > 0 ? `\${1|${values.join(',')}|}` : '$1';
  }
  const t = types(schema).filter((x) => x !== 'null')[0];
  switch (t) {
    case 'string':
      return '"$1"';
    case 'array':
      return '[$1]';
    case 'object':
      return '{$1}';
    case 'boolean':
      return '${1|false,true|}';
    case 'integer':
      return '${1:2}';
    default:
      return '$1';
  }
}
