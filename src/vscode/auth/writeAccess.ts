/**
 * Write access to Microsoft Graph for a signed-in tenant. Reading asks only for
 * Application.Read.All; the permission to change app registrations is asked for the first time
 * the user writes (incremental consent): with VS Code's account, a new session with
 * Application.ReadWrite.All (VS Code shows its consent prompt then); with the other methods the
 * token carries what is granted (`.default`), so a read-only sign-in is recognised from its token.
 */
import { GraphAccess } from '../../io/graph/client';
import { graphScope } from '../../core/entra/clouds';
import { decodeToken } from '../../core/token/decode';
import { VsCodeSessionCredential } from './credentials';
import type { TenantConnection } from './session';
import { readSettings } from './settings';
import { readOnlyMessage, writePermissionIn, writePermissionName, type WriteCapability } from './writePolicy';

export type { WriteCapability } from './writePolicy';

/**
 * The Graph clients for writes, one per connection. With VS Code's account it asks for
 * Application.ReadWrite.All (a prompt the first time: the user started the write); with the
 * other methods it is the connection's own client.
 */
export class WriteGraphs {
  private readonly graphs = new WeakMap<TenantConnection, GraphAccess>();

  /** The Graph client for writes to a connection's tenant. */
  for(connection: TenantConnection): GraphAccess {
    const settings = readSettings();
    if (settings.method !== 'vscode') return connection.graph;
    let graph = this.graphs.get(connection);
    if (!graph) {
      const cloud = connection.graph.cloud;
      const credential = new VsCodeSessionCredential(cloud, connection.tenant, () => true);
      graph = new GraphAccess({
        credential,
        cloud,
        scopes: [graphScope(cloud, writePermissionName)],
        permissionType: 'delegated',
      });
      this.graphs.set(connection, graph);
    }
    return graph;
  }
}

/** Whether the current sign-in can write, read from its token (no request to Graph). */
export async function writeCapability(connection: TenantConnection): Promise<WriteCapability> {
  if (readSettings().method === 'vscode') return { kind: 'consentOnWrite' };
  let token: string | undefined;
  try {
    token = (await connection.credential.credential.getToken([...connection.credential.scopes]))?.token;
  } catch {
    return { kind: 'unknown' };
  }
  const decoded = token ? decodeToken(token) : undefined;
  if (!decoded?.ok) return { kind: 'unknown' };
  const permission = writePermissionIn(decoded.token.payload);
  return permission
    ? { kind: 'granted', permission }
    : { kind: 'readOnly', message: readOnlyMessage(connection.graph.permissionType === 'application') };
}
