// GUID lenses: the name of each permission and resource GUID above it.
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../../text/localizer';
import { builtInCatalog, findPermission } from '../catalog';
import { nodeAtPath } from '../json';
import { analyse, localScope, type FeatureContext, type GuidLens } from './context';

/** GUIDs with known names (permissions, resources, clients, own scopes), for CodeLens / inlay hints. */
export function guidLenses(text: string, ctx: FeatureContext = {}): GuidLens[] {
  const { doc, verdict } = analyse(text, ctx);
  const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n ?? english;
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
          title: p.type === 'Scope' ? l10n.t('{0} (delegated)', p.value) : l10n.t('{0} (application)', p.value),
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
