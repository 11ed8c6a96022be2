/**
 * What the tenant model asks of Microsoft Graph, as named reads (types only). The model holds
 * state; the query layer in `src/io/graph/` turns each read into a request through the Graph
 * SDK's request builder and implements {@link TenantGraph}.
 */
import type { GraphError, PermissionType } from '../graph/errors';

export type AppView = 'all' | 'owned' | 'deleted';

/** Which app registrations a paged list holds. */
export type AppListQuery =
  | { readonly kind: 'view'; readonly view: AppView }
  /** `$search` on the display name (needs `ConsistencyLevel: eventual`, on every page). */
  | { readonly kind: 'search'; readonly text: string }
  /** The app registration with this client id (lower-case). */
  | { readonly kind: 'appId'; readonly appId: string };

/** One read that can travel in a `$batch`. */
export type TenantRead =
  /** An app registration with the fields the explorer shows. */
  | { readonly kind: 'application'; readonly id: string }
  | { readonly kind: 'owners'; readonly id: string }
  /** The service principal of an appId in this tenant. */
  | { readonly kind: 'servicePrincipalOf'; readonly appId: string }
  /** Delegated grants where the service principal is the client. */
  | { readonly kind: 'grantsOfClient'; readonly spId: string }
  /** Application permissions granted to the service principal. */
  | { readonly kind: 'assignmentsOf'; readonly spId: string }
  /** Users, groups and apps assigned to the service principal's roles. */
  | { readonly kind: 'assignedTo'; readonly spId: string }
  /** Service principals (with their scopes and roles) of at most 15 appIds. */
  | { readonly kind: 'resources'; readonly appIds: readonly string[] }
  /** App registrations' names of at most 15 appIds. */
  | { readonly kind: 'applicationNames'; readonly appIds: readonly string[] }
  /** The app registration a token names, by appId or App ID URI (link fields). */
  | { readonly kind: 'linkApplication'; readonly by: 'appId' | 'identifierUri'; readonly value: string }
  /** The service principal a token names, by appId or service principal name (link fields). */
  | { readonly kind: 'linkServicePrincipal'; readonly by: 'appId' | 'servicePrincipalName'; readonly value: string };

export interface ReadRequest {
  readonly id: string;
  readonly read: TenantRead;
}

/** One answer of a `$batch`: status, body and lower-case headers as Graph sent them. */
export interface ReadAnswer {
  readonly id: string;
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

/** A read the model retries itself (404 right after a write: replication lag). */
export type RetriedRead = TenantRead | { readonly kind: 'manifest'; readonly id: string };

/** Microsoft Graph as the tenant model uses it. Every failure is a {@link GraphError}. */
export interface TenantGraph {
  /** Delegated (a user signed in) or application (app-only). */
  readonly permissionType: PermissionType;
  /** One page of a list: the first one, or the page `nextLink` (from the previous page) points to. */
  listApplicationsPage(query: AppListQuery, pageSize: number, nextLink: string | undefined): Promise<unknown>;
  /** `GET /organization` with its id, name and verified domains. */
  getOrganization(): Promise<unknown>;
  /** `GET /me` with id, name and user principal name. */
  getSignedInUser(): Promise<unknown>;
  /** App registrations with this client id, only `id` and `appId`. */
  applicationIdsByAppId(appId: string): Promise<unknown>;
  /** App registrations with this client id, every default property. */
  applicationsByAppId(appId: string): Promise<unknown>;
  /** One app registration with every default property (the manifest). */
  getApplication(id: string): Promise<Record<string, unknown>>;
  /**
   * Sends reads as one `$batch` (at most 20) and re-sends only those answered 429/503/504;
   * answers come back as they are (the caller decides per read).
   */
  readMany(requests: readonly ReadRequest[]): Promise<Map<string, ReadAnswer>>;
  /** The error a failed answer stands for. */
  errorOf(answer: ReadAnswer, read: TenantRead): GraphError;
  /** Tells retry observers that a read answered 404 is tried again after `delayMs`. */
  reportNotFoundRetry(read: RetriedRead, attempt: number, delayMs: number): void;
}
