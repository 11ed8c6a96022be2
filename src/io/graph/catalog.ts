// Reads the permissions every service principal of the signed-in tenant defines (Microsoft's APIs
// and the tenant's own), for `entra-workbench catalog pull`. Only the fields the catalogue file
// keeps are selected.
import type { ServicePrincipalLike } from '../../core/manifest/catalog';
import { items, pages } from './audit';
import type { GraphAccess } from './client';
import { allServicePrincipals } from './queries';

const select = ['appId', 'displayName', 'oauth2PermissionScopes', 'appRoles'];
const pageSize = 999;

/** Every service principal's appId, name, scopes and app roles, following every page. */
export async function readServicePrincipalPermissions(
  graph: GraphAccess,
  onPage?: (count: number) => void,
): Promise<ServicePrincipalLike[]> {
  const out: ServicePrincipalLike[] = [];
  await pages(graph, allServicePrincipals(graph, select, pageSize), {}, undefined, (page) => {
    for (const raw of items(page)) out.push(raw as ServicePrincipalLike);
    onPage?.(out.length);
  });
  return out;
}
