// Who asks the emulator's token endpoint for a token: the client application (by id, with its
// secret from the body or HTTP Basic) and the user a grant names.
import { TokenError } from './identityErrors.js';
import type { EmuRequest } from './http.js';
import type { Application, TenantStore, User } from './types.js';

/** client_id and client_secret from the body or HTTP Basic. */
export function clientAuth(req: EmuRequest, form: URLSearchParams): { clientId: string | null; secret: string | null } {
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0)
      return { clientId: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
  }
  return { clientId: form.get('client_id'), secret: form.get('client_secret') };
}

export function findClient(tenant: TenantStore, clientId: string | null): Application {
  if (!clientId)
    throw new TokenError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  const app = tenant.applications.find((a) => a.appId === clientId);
  if (!app) {
    throw new TokenError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  return app;
}

export function checkSecret(tenant: TenantStore, app: Application, secret: string): void {
  const matches = tenant.secrets.filter((s) => s.appId === app.appId && s.secretText === secret);
  if (matches.length === 0) {
    throw new TokenError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
    );
  }
  if (matches.every((s) => Date.parse(s.endDateTime) < Date.now())) {
    throw new TokenError(
      401,
      'invalid_client',
      7000222,
      `The provided client secret keys for app '${app.appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
    );
  }
}

export function userById(tenant: TenantStore, id: string): User {
  const user = tenant.users.find((u) => u.id === id);
  if (!user)
    throw new TokenError(
      400,
      'invalid_grant',
      50034,
      `The user account ${id} does not exist in the ${tenant.domain} directory.`,
    );
  return user;
}
