// Hovers: permissions by GUID, resources by appId, schema descriptions of properties.
import type * as l10n from '@vscode/l10n';
import { findNodeAtOffset } from 'jsonc-parser';
import { english, type Localizer } from '../../text/localizer';
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
  schemaDescription,
  type FeatureContext,
  type HoverResult,
} from './context';

function permissionMarkdown(p: PermissionInfo, resource: ResourceInfo, l10n: Localizer<l10n.L10nReplacement>): string {
  const admin = p.type === 'Role' || p.adminConsentRequired;
  const lines = [
    l10n.t('**{0}** on {1}', escapeMarkdown(p.value), escapeMarkdown(resource.displayName)),
    '',
    p.type === 'Scope'
      ? admin
        ? l10n.t('Delegated permission (Scope). Admin consent required.')
        : l10n.t('Delegated permission (Scope). Users can consent.')
      : admin
        ? l10n.t('Application permission (Role). Admin consent required.')
        : l10n.t('Application permission (Role). Users can consent.'),
  ];
  if (p.displayName) lines.push('', escapeMarkdown(p.displayName));
  if (p.description && p.description !== p.displayName) lines.push('', escapeMarkdown(p.description));
  if (p.enabled === false) lines.push('', l10n.t('_Disabled on the resource._'));
  return lines.join('\n');
}

/** Hover for the position: permission and resource names for GUIDs, else the schema's description. */
export function hoverAt(text: string, offset: number, ctx: FeatureContext = {}): HoverResult | undefined {
  const { doc, verdict } = analyse(text, ctx);
  const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n ?? english;
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
        if (p) return { ...range, markdown: permissionMarkdown(p, entry.resource, l10n) };
        const other = type ? findPermission(entry.resource, value) : undefined;
        if (other)
          return {
            ...range,
            markdown: `${permissionMarkdown(other, entry.resource, l10n)}\n\n${
              other.type === 'Scope'
                ? l10n.t(
                    '**Note:** listed here as `{0}`, but this id is a delegated permission (Scope).',
                    escapeMarkdown(String(type)),
                  )
                : l10n.t(
                    '**Note:** listed here as `{0}`, but this id is an application permission (Role).',
                    escapeMarkdown(String(type)),
                  )
            }`,
          };
        return {
          ...range,
          markdown: entry.resource.complete
            ? l10n.t(
                'Unknown permission id on {0} (the resource does not define it).',
                escapeMarkdown(entry.resource.displayName),
              )
            : l10n.t(
                'Unknown permission id on {0} (not in the loaded catalogue).',
                escapeMarkdown(entry.resource.displayName),
              ),
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
        const appId = escapeMarkdown(resource.appId);
        return {
          ...range,
          markdown: `**${escapeMarkdown(resource.displayName)}**\n\n${
            resource.scopes.length + resource.roles.length > 0
              ? l10n.t(
                  'appId `{0}` ({1} delegated and {2} application permissions known)',
                  appId,
                  resource.scopes.length,
                  resource.roles.length,
                )
              : l10n.t('appId `{0}`', appId)
          }`,
        };
      }
    }
    // api.preAuthorizedApplications[i].delegatedPermissionIds[k] -> this app's scope
    if (path[0] === 'api' && path[1] === 'preAuthorizedApplications' && path[3] === 'delegatedPermissionIds') {
      const scope = localScope(root, value, verdict.flavor);
      if (scope) return { ...range, markdown: l10n.t('Scope **{0}** of this application.', escapeMarkdown(scope)) };
    }
    if (path[0] === 'preAuthorizedApplications' && path[2] === 'permissionIds') {
      const scope = localScope(root, value, verdict.flavor);
      if (scope) return { ...range, markdown: l10n.t('Scope **{0}** of this application.', escapeMarkdown(scope)) };
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
  const description = schemaDescription(schema, l10n);
  if (!schema || !description) return undefined;
  const anchor = keyNode ?? node;
  const allowed = schema.enum
    ? `\n\n${l10n.t(
        'Allowed: {0}',
        schema.enum
          .filter((v) => v !== null)
          .map((v) => `\`${escapeMarkdown(JSON.stringify(v))}\``)
          .join(', '),
      )}`
    : '';
  return {
    offset: anchor.offset,
    length: anchor.length,
    markdown: `**${escapeMarkdown(describePath(propertyPath, l10n))}**\n\n${escapeMarkdown(description)}${allowed}`,
  };
}
