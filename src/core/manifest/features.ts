// Editor features computed in core from offsets: hovers, completions and GUID lenses. The VS Code
// adapter only converts offsets to positions and shapes the results.
import { findNodeAtOffset, getLocation, type Node as JsonNode } from 'jsonc-parser';
import { AZURE_AD_GRAPH_APP_ID, builtInCatalog, findPermission } from './catalog';
import { detectFormat, type FormatVerdict, type SchemaFlavor } from './format';
import { asApplicationFragment } from './fragment';
import { nodeAtPath, parseDocument, pathOfNode, type ParsedDocument } from './json';
import { describePath, schemaAtPath, schemas, type SchemaNode } from './schema';
import type { PermissionCatalog, PermissionInfo, ResourceInfo } from './types';
import { escapeMarkdown } from '../text/escape';

export interface FeatureContext {
  /** Permission names; defaults to the built-in catalogue. */
  readonly catalog?: PermissionCatalog;
  /**
   * Whether to answer from the schema too (property descriptions, property names, enum values).
   * Editors that already validate the file with the same schema pass false to avoid duplicates.
   */
  readonly schemaItems?: boolean;
}

export interface HoverResult {
  readonly offset: number;
  readonly length: number;
  /** Markdown; every string taken from the document or a catalogue is escaped. */
  readonly markdown: string;
}

export type CompletionKind = 'permission' | 'resource' | 'value' | 'property';

export interface CompletionResult {
  readonly label: string;
  readonly kind: CompletionKind;
  /** Text to insert; a snippet (`$1`, `${1|a,b|}`) when `snippet` is true. */
  readonly insertText: string;
  readonly snippet: boolean;
  /** The range the insertion replaces. */
  readonly offset: number;
  readonly length: number;
  readonly detail?: string;
  readonly documentation?: string;
  /** What the editor matches the typed text against (e.g. the GUID's name and the GUID). */
  readonly filterText?: string;
  readonly sortText?: string;
  /** Shown struck through and listed last (a retired API). */
  readonly deprecated?: boolean;
}

export interface GuidLens {
  readonly offset: number;
  readonly length: number;
  readonly title: string;
}

interface Analysed {
  readonly doc: ParsedDocument;
  readonly verdict: FormatVerdict;
}

let cache: { text: string; analysed: Analysed } | undefined;

/** Parses once per text (hover, completion and lenses on the same version share the parse). */
function analyse(text: string): Analysed {
  if (cache?.text === text) return cache.analysed;
  const doc = asApplicationFragment(parseDocument(text));
  const analysed = { doc, verdict: detectFormat(doc.root, text) };
  cache = { text, analysed };
  return analysed;
}

function flavorOf(verdict: FormatVerdict): SchemaFlavor {
  return verdict.flavor;
}

/** The resourceAppId (and resource) that owns a `requiredResourceAccess[i]` entry. */
function resourceForEntry(
  root: JsonNode,
  index: number | string,
  catalog: PermissionCatalog,
): { appId: string; resource: ReturnType<PermissionCatalog['getResource']> } | undefined {
  const appIdNode = nodeAtPath(root, ['requiredResourceAccess', index, 'resourceAppId']);
  if (appIdNode?.type !== 'string') return undefined;
  const appId = String(appIdNode.value);
  return { appId, resource: catalog.getResource(appId) };
}

function permissionMarkdown(p: PermissionInfo, resource: ResourceInfo): string {
  const kind = p.type === 'Scope' ? 'Delegated permission (Scope)' : 'Application permission (Role)';
  const consent = p.type === 'Role' || p.adminConsentRequired ? 'Admin consent required' : 'Users can consent';
  const lines = [
    `**${escapeMarkdown(p.value)}** on ${escapeMarkdown(resource.displayName)}`,
    '',
    `${kind}. ${consent}.`,
  ];
  if (p.displayName) lines.push('', escapeMarkdown(p.displayName));
  if (p.description && p.description !== p.displayName) lines.push('', escapeMarkdown(p.description));
  if (p.enabled === false) lines.push('', '_Disabled on the resource._');
  return lines.join('\n');
}

/** Hover for the position: permission and resource names for GUIDs, else the schema's description. */
export function hoverAt(text: string, offset: number, ctx: FeatureContext = {}): HoverResult | undefined {
  const { doc, verdict } = analyse(text);
  const root = doc.root;
  if (!root || verdict.format === 'not-manifest') return undefined;
  const node = findNodeAtOffset(root, offset, false);
  if (!node) return undefined;
  const catalog = ctx.catalog ?? builtInCatalog();
  const path = pathOfNode(node);
  const range = { offset: node.offset, length: node.length };

  if (node.type === 'string' && isValueNode(node)) {
    const value = String(node.value);
    // requiredResourceAccess[i].resourceAccess[j].id
    if (path.length === 5 && path[0] === 'requiredResourceAccess' && path[2] === 'resourceAccess' && path[4] === 'id') {
      const entry = resourceForEntry(root, path[1]!, catalog);
      const typeNode = nodeAtPath(root, ['requiredResourceAccess', path[1]!, 'resourceAccess', path[3]!, 'type']);
      const type = typeNode?.value === 'Scope' || typeNode?.value === 'Role' ? typeNode.value : undefined;
      if (entry?.resource) {
        const p =
          findPermission(entry.resource, value, type) ??
          entry.resource.scopes.concat(entry.resource.roles).find((x) => x.value === value);
        if (p) return { ...range, markdown: permissionMarkdown(p, entry.resource) };
        const other = type ? findPermission(entry.resource, value) : undefined;
        if (other)
          return {
            ...range,
            markdown: `${permissionMarkdown(other, entry.resource)}\n\n**Note:** listed here as \`${escapeMarkdown(String(type))}\`, but this id is a ${other.type === 'Scope' ? 'delegated permission (Scope)' : 'application permission (Role)'}.`,
          };
        return {
          ...range,
          markdown: `Unknown permission id on ${escapeMarkdown(entry.resource.displayName)}${entry.resource.complete ? ' (the resource does not define it).' : ' (not in the loaded catalogue).'}`,
        };
      }
    }
    // requiredResourceAccess[i].resourceAppId, preauthorized / known clients
    if (
      (path.length === 3 && path[0] === 'requiredResourceAccess' && path[2] === 'resourceAppId') ||
      isClientAppIdPath(path)
    ) {
      const resource = catalog.getResource(value);
      if (resource) {
        const counts =
          resource.scopes.length + resource.roles.length > 0
            ? ` (${resource.scopes.length} delegated and ${resource.roles.length} application permissions known)`
            : '';
        return {
          ...range,
          markdown: `**${escapeMarkdown(resource.displayName)}**\n\nappId \`${escapeMarkdown(resource.appId)}\`${counts}`,
        };
      }
    }
    // api.preAuthorizedApplications[i].delegatedPermissionIds[k] -> this app's scope
    if (path[0] === 'api' && path[1] === 'preAuthorizedApplications' && path[3] === 'delegatedPermissionIds') {
      const scope = localScope(root, value, verdict.flavor);
      if (scope) return { ...range, markdown: `Scope **${escapeMarkdown(scope)}** of this application.` };
    }
    if (path[0] === 'preAuthorizedApplications' && path[2] === 'permissionIds') {
      const scope = localScope(root, value, verdict.flavor);
      if (scope) return { ...range, markdown: `Scope **${escapeMarkdown(scope)}** of this application.` };
    }
  }
  if (ctx.schemaItems === false) return undefined;
  // The property under the cursor: on a key, or on a value.
  const propertyPath =
    node.parent?.type === 'property' && node.parent.children?.[0] === node
      ? pathOfNode(node.parent.children[1] ?? node)
      : path;
  const keyNode = node.parent?.type === 'property' && node.parent.children?.[0] === node ? node : undefined;
  const schema = schemaAtPath(flavorOf(verdict), propertyPath);
  if (!schema?.description) return undefined;
  const anchor = keyNode ?? node;
  const allowed = schema.enum
    ? `\n\nAllowed: ${schema.enum
        .filter((v) => v !== null)
        .map((v) => `\`${escapeMarkdown(JSON.stringify(v))}\``)
        .join(', ')}`
    : '';
  return {
    offset: anchor.offset,
    length: anchor.length,
    markdown: `**${escapeMarkdown(describePath(propertyPath))}**\n\n${escapeMarkdown(schema.description)}${allowed}`,
  };
}

function isValueNode(node: JsonNode): boolean {
  return !(node.parent?.type === 'property' && node.parent.children?.[0] === node);
}

function isClientAppIdPath(path: readonly (string | number)[]): boolean {
  return (
    (path[0] === 'api' && path[1] === 'preAuthorizedApplications' && path[3] === 'appId') ||
    (path[0] === 'preAuthorizedApplications' && path[2] === 'appId') ||
    (path[0] === 'api' && path[1] === 'knownClientApplications' && path.length === 3) ||
    (path[0] === 'knownClientApplications' && path.length === 2)
  );
}

function localScope(root: JsonNode, id: string, flavor: SchemaFlavor): string | undefined {
  const scopes = nodeAtPath(root, flavor === 'graph' ? ['api', 'oauth2PermissionScopes'] : ['oauth2Permissions']);
  for (const s of scopes?.children ?? []) {
    const idNode = nodeAtPath(s, ['id']);
    if (typeof idNode?.value === 'string' && idNode.value.toLowerCase() === id.toLowerCase()) {
      const v = nodeAtPath(s, ['value'])?.value;
      return typeof v === 'string' ? v : undefined;
    }
  }
  return undefined;
}

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
  const { doc, verdict } = analyse(text);
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
        documentation: prop.description,
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
      detail: `${p.type === 'Scope' ? 'Delegated' : 'Application'} · ${p.id}${p.type === 'Role' || p.adminConsentRequired ? ' · admin consent' : ''}`,
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
        detail: retired ? `${r.appId} · retired: use Microsoft Graph` : r.appId,
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
      documentation: schema.description,
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

/** GUIDs with known names (permissions, resources, clients, own scopes), for CodeLens / inlay hints. */
export function guidLenses(text: string, ctx: FeatureContext = {}): GuidLens[] {
  const { doc, verdict } = analyse(text);
  const root = doc.root;
  if (!root || verdict.format === 'not-manifest') return [];
  const catalog = ctx.catalog ?? builtInCatalog();
  const lenses: GuidLens[] = [];
  const rra = nodeAtPath(root, ['requiredResourceAccess']);
  (rra?.children ?? []).forEach((entry, i) => {
    const appIdNode = nodeAtPath(entry, ['resourceAppId']);
    const resource = appIdNode?.type === 'string' ? catalog.getResource(String(appIdNode.value)) : undefined;
    if (!resource || !appIdNode) return;
    if (resource.appId.toLowerCase() === String(appIdNode.value).toLowerCase()) {
      lenses.push({ offset: appIdNode.offset, length: appIdNode.length, title: resource.displayName });
    }
    for (const access of nodeAtPath(root, ['requiredResourceAccess', i, 'resourceAccess'])?.children ?? []) {
      const idNode = nodeAtPath(access, ['id']);
      if (idNode?.type !== 'string') continue;
      const typeValue = nodeAtPath(access, ['type'])?.value;
      const p = findPermission(
        resource,
        String(idNode.value),
        typeValue === 'Scope' || typeValue === 'Role' ? typeValue : undefined,
      );
      if (p)
        lenses.push({
          offset: idNode.offset,
          length: idNode.length,
          title: `${p.value} (${p.type === 'Scope' ? 'delegated' : 'application'})`,
        });
    }
  });
  const clientPaths: (string | number)[][] =
    verdict.flavor === 'graph' ? [['api', 'knownClientApplications']] : [['knownClientApplications']];
  for (const p of clientPaths) {
    for (const c of nodeAtPath(root, p)?.children ?? []) {
      const r = c.type === 'string' ? catalog.getResource(String(c.value)) : undefined;
      if (r) lenses.push({ offset: c.offset, length: c.length, title: r.displayName });
    }
  }
  const pre = nodeAtPath(
    root,
    verdict.flavor === 'graph' ? ['api', 'preAuthorizedApplications'] : ['preAuthorizedApplications'],
  );
  for (const entry of pre?.children ?? []) {
    const appIdNode = nodeAtPath(entry, ['appId']);
    const r = appIdNode?.type === 'string' ? catalog.getResource(String(appIdNode.value)) : undefined;
    if (r && appIdNode) lenses.push({ offset: appIdNode.offset, length: appIdNode.length, title: r.displayName });
    for (const id of nodeAtPath(entry, [verdict.flavor === 'graph' ? 'delegatedPermissionIds' : 'permissionIds'])
      ?.children ?? []) {
      const scope = id.type === 'string' ? localScope(root, String(id.value), verdict.flavor) : undefined;
      if (scope) lenses.push({ offset: id.offset, length: id.length, title: scope });
    }
  }
  lenses.sort((a, b) => a.offset - b.offset);
  return lenses;
}
