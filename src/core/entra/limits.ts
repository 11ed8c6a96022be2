// Entra's count limits of an application's lists (reference: Entra service limits, the manifest
// reference and the redirect URI restrictions). Where a limit depends on the audience, both.

/** Entries across all collections of one manifest (redirect URIs, roles, scopes, permissions, credentials...). */
export const MANIFEST_ENTRY_LIMIT = 1200;

/** Redirect URIs across platforms: Entra-only audiences / audiences with personal accounts. */
export const REDIRECT_URI_LIMIT = 256;
export const REDIRECT_URI_LIMIT_PERSONAL = 100;

/** Resources (APIs) in requiredResourceAccess. */
export const REQUIRED_RESOURCE_LIMIT = 50;

/** Permissions across requiredResourceAccess: Entra-only audiences / audiences with personal accounts. */
export const REQUIRED_PERMISSION_LIMIT = 400;
export const REQUIRED_PERMISSION_LIMIT_PERSONAL = 30;

/** App roles plus delegated permission scopes one application defines (disabled ones count). */
export const PERMISSION_DEFINITION_LIMIT = 700;
