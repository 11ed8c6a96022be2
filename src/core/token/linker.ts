// Links a token to the tenant: which app registrations aud and azp/appid are, which of the token's
// scopes and roles those apps expose, and the effective permissions from a workspace mapping of
// scopes to app roles (.entra/permissions.json, see docs in README "Effective permissions").
// A mapping file's problems are in the language of the Localizer the caller passes.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import Ajv, { type ErrorObject } from 'ajv';
// The ESM build: the package's UMD main loads its parts with a dynamic require that bundlers cannot follow.
import { parse, type ParseError, printParseErrorCode } from 'jsonc-parser/lib/esm/main.js';
import type { TokenAnalysis } from './analyze';
import { english, type Localizer } from '../text/localizer';
import { describeParseError } from '../text/jsonSyntax';
import { withoutTrailingSlashes } from '../text/trailing';

export interface LinkedPermission {
  readonly value: string;
  readonly id?: string;
  readonly displayName?: string;
  readonly description?: string;
  /** App roles only: who can hold it ("User", "Application"). */
  readonly allowedMemberTypes?: readonly string[];
}

/** One permission an app registration requests (requiredResourceAccess entry). */
export interface RequestedPermission {
  readonly resourceAppId: string;
  readonly id: string;
  /** "Scope" (delegated) or "Role" (application). */
  readonly type: string;
}

/** Consent state of a requested permission, as the explorer computed it. */
export interface RequestedConsent {
  readonly resourceAppId: string;
  readonly permissionId: string;
  readonly kind: string;
  readonly value?: string;
  /** True when granted for the tenant (or, for scopes, for some users); undefined when unknown. */
  readonly granted: boolean | undefined;
}

/** What the tenant knows about an app registration. */
export interface LinkedApp {
  readonly appId: string;
  readonly displayName: string;
  readonly identifierUris?: readonly string[];
  /** Delegated permissions the app exposes (api.oauth2PermissionScopes). */
  readonly scopes: readonly LinkedPermission[];
  /** App roles the app defines. */
  readonly roles: readonly LinkedPermission[];
  /**
   * `api.requestedAccessTokenVersion` of an app registration: null (or 1) means v1 access tokens,
   * 2 means v2. Absent when unknown (e.g. resolved from a service principal).
   */
  readonly accessTokenVersion?: number | null;
  /** The permissions the app registration requests (API permissions); absent when unknown. */
  readonly requested?: readonly RequestedPermission[];
  /** Consent states of the requested permissions, when the explorer has loaded the app. */
  readonly consent?: readonly RequestedConsent[];
}

/** Implemented by the tenant explorer; the decoder uses it when present. */
export interface TokenTenantLinker {
  /** Finds an app registration by application id or App ID URI. */
  resolveApp(appIdOrUri: string): Promise<LinkedApp | undefined>;
}

export interface PermissionMatch {
  readonly value: string;
  /** True when the linked app defines it; false when it does not (renamed, removed, other app). */
  readonly defined: boolean;
  readonly description?: string;
}

export interface TokenLinks {
  readonly audienceApp?: LinkedApp;
  readonly clientApp?: LinkedApp;
  readonly scopes: readonly PermissionMatch[];
  readonly roles: readonly PermissionMatch[];
}

function match(values: readonly string[], defined: readonly LinkedPermission[] | undefined): PermissionMatch[] {
  return values.map((value) => {
    const d = defined?.find((p) => p.value === value);
    if (d === undefined) return { value, defined: false };
    const text = d.description ?? d.displayName;
    return text === undefined ? { value, defined: true } : { value, defined: true, description: text };
  });
}

/** Resolves the token's audience and client through the linker; failures leave the field empty. */
export async function linkToken(analysis: TokenAnalysis, linker: TokenTenantLinker): Promise<TokenLinks> {
  const { audience, client, scopes, roles } = analysis.summary;
  const safe = async (key: string | null): Promise<LinkedApp | undefined> => {
    if (key === null) return undefined;
    try {
      return await linker.resolveApp(key);
    } catch {
      return undefined;
    }
  };
  const [audienceApp, clientApp] = await Promise.all([safe(audience), safe(client.appId)]);
  return {
    ...(audienceApp ? { audienceApp } : {}),
    ...(clientApp ? { clientApp } : {}),
    scopes: audienceApp ? match(scopes, audienceApp.scopes) : [],
    roles: audienceApp ? match(roles, audienceApp.roles) : [],
  };
}

// ---- Effective permissions from a scope → app-role mapping -------------------------------------

/** One API's mapping. Keys and values may end in ".*": the matched suffix carries over. */
export interface PermissionMappingApi {
  /** App id and/or App ID URIs the token's aud is compared with. */
  readonly audience: string | readonly string[];
  readonly displayName?: string;
  /** Scope value (or pattern ending in ".*") → app roles it lets the client use for the user. */
  readonly scopeRoles: Readonly<Record<string, readonly string[]>>;
}

export interface PermissionMapping {
  readonly apis: readonly PermissionMappingApi[];
}

export const permissionMappingSchema = {
  type: 'object',
  required: ['apis'],
  properties: {
    $schema: { type: 'string' },
    apis: {
      type: 'array',
      items: {
        type: 'object',
        required: ['audience', 'scopeRoles'],
        additionalProperties: false,
        properties: {
          audience: {
            oneOf: [
              { type: 'string', minLength: 1 },
              { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
            ],
          },
          displayName: { type: 'string' },
          scopeRoles: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
      },
    },
  },
  additionalProperties: false,
} as const;

export type PermissionMappingParse = (
  text: string,
) => { ok: true; mapping: PermissionMapping } | { ok: false; message: string };

/**
 * A parser of `.entra/permissions.json` (comments allowed) with its schema compiled once: the
 * caller keeps it for as long as it reads mapping files.
 */
export function permissionMappingParser(l10n: Localizer<l10n.L10nReplacement> = english): PermissionMappingParse {
  const validator = new Ajv({ allErrors: true }).compile(permissionMappingSchema);
  return (text) => {
    const errors: ParseError[] = [];
    const value: unknown = parse(text, errors, { allowTrailingComma: true });
    if (errors.length)
      return {
        ok: false,
        message: l10n.t(
          'Not valid JSON: {0} ({1}) at offset {2}.',
          describeParseError(printParseErrorCode(errors[0]!.error), l10n),
          printParseErrorCode(errors[0]!.error),
          errors[0]!.offset,
        ),
      };
    if (!validator(value)) {
      const e = validator.errors?.[0];
      return {
        ok: false,
        message: mappingError(e, l10n),
      };
    }
    return { ok: true, mapping: value as PermissionMapping };
  };
}

/** The first schema error of a mapping file in words: where, what the format wants, and ajv's keyword. */
function mappingError(e: ErrorObject | undefined, l10n: Localizer<l10n.L10nReplacement>): string {
  const at = e?.instancePath || '/';
  const params = (e?.params ?? {}) as Record<string, unknown>;
  const keyword = e?.keyword;
  switch (keyword) {
    case 'required':
      return l10n.t(
        'Invalid mapping: {0} lacks "{1}", which the format requires (required).',
        at,
        String(params.missingProperty),
      );
    case 'additionalProperties':
      return l10n.t(
        'Invalid mapping: {0} has "{1}", which the format does not know (additionalProperties).',
        at,
        String(params.additionalProperty),
      );
    case 'type':
      return l10n.t('Invalid mapping: {0} must be of type {1} (type).', at, String(params.type));
    case 'minLength':
    case 'minItems':
      return l10n.t('Invalid mapping: {0} must not be empty ({1}).', at, keyword);
    case undefined:
      return l10n.t('Invalid mapping: {0} does not match the format.', at);
    default:
      return l10n.t('Invalid mapping: {0} does not match the format ({1}).', at, keyword);
  }
}

/** Parses one `.entra/permissions.json` text (comments allowed); see permissionMappingParser to read several. */
export function parsePermissionMapping(text: string): ReturnType<PermissionMappingParse> {
  return permissionMappingParser()(text);
}

export interface EffectivePermissions {
  readonly api: string;
  /** Roles the call may use: for delegated tokens, roles both mapped from scp and held by the user. */
  readonly effective: string[];
  /** Roles the scopes would allow but the user does not hold. */
  readonly notHeld: string[];
  /** Token scopes with no entry in the mapping. */
  readonly unmappedScopes: string[];
}

function rolesForScope(scope: string, scopeRoles: Readonly<Record<string, readonly string[]>>): string[] | undefined {
  const exact = scopeRoles[scope];
  if (exact !== undefined) return [...exact];
  for (const key of Object.keys(scopeRoles)) {
    if (!key.endsWith('.*')) continue;
    const prefix = key.slice(0, -1);
    if (!scope.startsWith(prefix)) continue;
    const suffix = scope.slice(prefix.length);
    return scopeRoles[key]!.map((r) => (r.endsWith('.*') ? r.slice(0, -1) + suffix : r));
  }
  return undefined;
}

/** Intersects what the scopes allow with the roles the token holds, for the API the token is for. */
export function effectivePermissions(
  analysis: TokenAnalysis,
  mapping: PermissionMapping,
): EffectivePermissions | undefined {
  const { audience, scopes, roles, flow } = analysis.summary;
  if (audience === null) return undefined;
  const norm = (s: string): string => withoutTrailingSlashes(s.toLowerCase());
  const api = mapping.apis.find((a) =>
    (typeof a.audience === 'string' ? [a.audience] : a.audience).some((x) => norm(x) === norm(audience)),
  );
  if (api === undefined) return undefined;
  const name = api.displayName ?? audience;
  if (flow === 'app-only') return { api: name, effective: [...roles], notHeld: [], unmappedScopes: [] };
  const allowed = new Set<string>();
  const unmappedScopes: string[] = [];
  for (const s of scopes) {
    const r = rolesForScope(s, api.scopeRoles);
    if (r === undefined) unmappedScopes.push(s);
    else for (const x of r) allowed.add(x);
  }
  const held = new Set(roles);
  const effective = [...allowed].filter((r) => held.has(r));
  const notHeld = [...allowed].filter((r) => !held.has(r));
  return { api: name, effective, notHeld, unmappedScopes };
}
