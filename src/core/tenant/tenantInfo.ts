/** The tenant and the signed-in user, as the explorer names them. */
import { str, values } from './narrow';

export interface OrganizationInfo {
  readonly id: string;
  readonly displayName: string;
  readonly defaultDomain: string | undefined;
}

/** The signed-in user (`GET /me`), for delegated sign-ins. */
export interface SignedInUser {
  readonly id: string;
  readonly displayName: string | undefined;
  readonly userPrincipalName: string | undefined;
}

/** Narrows `GET /organization`; the configured tenant id stands in for what is missing. */
export function toOrganization(body: unknown, tenantId: string): OrganizationInfo {
  const org = values(body)[0] as { id?: unknown; displayName?: unknown; verifiedDomains?: unknown } | undefined;
  const domains = Array.isArray(org?.verifiedDomains)
    ? (org.verifiedDomains as Array<{ name?: unknown; isDefault?: unknown }>)
    : [];
  return {
    id: str(org?.id) ?? tenantId,
    displayName: str(org?.displayName) ?? tenantId,
    defaultDomain: str(domains.find((d) => d.isDefault === true)?.name) ?? str(domains[0]?.name),
  };
}

/** Narrows `GET /me`; undefined without an id. */
export function toSignedInUser(body: unknown): SignedInUser | undefined {
  const me = body as { id?: unknown; displayName?: unknown; userPrincipalName?: unknown } | undefined;
  const id = str(me?.id);
  return id ? { id, displayName: str(me?.displayName), userPrincipalName: str(me?.userPrincipalName) } : undefined;
}
