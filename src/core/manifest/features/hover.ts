// Hovers: permissions by GUID, resources by appId, schema descriptions of properties.
import { findNodeAtOffset } from 'jsonc-parser';
import { escapeMarkdown } from '../../text/escape';
import { builtInCatalog, findPermission } from '../catalog';
import { nodeAtPath, pathOfNode } from '../json';
import { describePath, schemaAtPath } from '../schema';
import type { PermissionInfo, ResourceInfo } from '../types';
import {
  analyse,
  flavorOf,
  isClientAppIdPath,
  isValueNode,
  localScope,
  resourceForEntry,
  type FeatureContext,
  type HoverResult,
} from './context';

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
  const { doc, verdict } = analyse(text, ctx);
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
