// Rules about App ID URIs (`identifierUris`) and the access token version they interact with
// (`api.requestedAccessTokenVersion`, legacy `accessTokenAcceptedVersion`).
import type { Node as JsonNode } from 'jsonc-parser';
import type { Fix, Rule, RuleContext } from '../types';
import {
  ALL_FORMATS,
  audienceOf,
  bool,
  child,
  defineRule,
  hasPlaceholder,
  isGuid,
  keyNode,
  ownAppId,
  lazyFix,
  report,
  rootObject,
  stringItems,
  type Segment,
  type StringItem,
  short,
  findings,
} from './util';
import { replaceNode, setEdits, canSet } from './edits';
import { splitUri, type Parsed } from './redirectUris';
import { findGuid } from '../../entra/ids';

const ACCOUNTS_DOCS = 'https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation';
const RESTRICTIONS_DOCS = 'https://learn.microsoft.com/entra/identity-platform/identifier-uri-restrictions';
const BEST_DOCS = 'https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration';
const API_DOCS = 'https://learn.microsoft.com/graph/api/resources/apiapplication';
const LEGACY_DOCS = 'https://learn.microsoft.com/entra/identity-platform/reference-app-manifest';

/** An App ID URI with its splitUri (undefined when not an absolute URI), read once per run. */
type IdentifierUri = StringItem & { readonly parsed: Parsed | undefined };

export function identifierUris(ctx: RuleContext): IdentifierUri[] {
  return ctx.memo<IdentifierUri[]>('identifierUris', () => {
    const items = stringItems(child(rootObject(ctx), 'identifierUris'), ['identifierUris']) as (StringItem & {
      parsed?: Parsed;
    })[];
    for (const u of items) u.parsed = splitUri(u.value);
    return items as IdentifierUri[];
  });
}

/** The token version setting, graph first, then legacy. */
export function tokenVersion(ctx: RuleContext): {
  node: JsonNode | undefined;
  path: Segment[];
  value: unknown;
  legacy: boolean;
} {
  const root = rootObject(ctx);
  const g = child(child(root, 'api'), 'requestedAccessTokenVersion');
  if (g) return { node: g, path: ['api', 'requestedAccessTokenVersion'], value: g.value, legacy: false };
  const l = child(root, 'accessTokenAcceptedVersion');
  if (l) return { node: l, path: ['accessTokenAcceptedVersion'], value: l.value, legacy: true };
  const legacy =
    ctx.format === 'legacy' ||
    (ctx.format === 'teams-template' &&
      child(root, 'replyUrlsWithType') !== undefined &&
      child(root, 'api') === undefined);
  return {
    node: undefined,
    path: legacy ? ['accessTokenAcceptedVersion'] : ['api', 'requestedAccessTokenVersion'],
    value: undefined,
    legacy,
  };
}

/** Whether the token version is not known: a partial object (an update body) that does not set it. */
function versionUnknown(ctx: RuleContext, node: JsonNode | undefined): boolean {
  return ctx.format === 'partial' && node === undefined;
}

/** `api://{appId}` and `api://{tenantId}/{appId}` are the default URIs. */
function isDefaultUri(uri: string, appId: string | undefined): boolean {
  const m = /^api:\/\/([^/]+)(?:\/([^/]+))?$/i.exec(uri);
  if (!m || appId === undefined) return false;
  const last = (m[2] ?? m[1] ?? '').toLowerCase();
  return last === appId && (m[2] === undefined || isGuid(m[1] ?? ''));
}

function versionFix(ctx: RuleContext, tv: ReturnType<typeof tokenVersion>, name: string, preferred: boolean): Fix[] {
  const title = `Set ${name} to 2`;
  const node = tv.node;
  if (node) return [lazyFix(title, () => [replaceNode(node, 2)], preferred)];
  return canSet(ctx.root, tv.path) ? [lazyFix(title, () => setEdits(ctx.text, tv.path, 2), preferred)] : [];
}

export const identifierUriTrailingSlash = defineRule({
  id: 'identifier-uri-trailing-slash',
  severity: 'error',
  description: 'App ID URIs must not end with a slash.',
  docs: 'https://learn.microsoft.com/entra/identity-platform/reference-microsoft-graph-app-manifest',
  formats: ALL_FORMATS,
  check(ctx, self) {
    return identifierUris(ctx)
      .filter((u) => u.value.endsWith('/') && !/^[a-z][a-z0-9+.-]*:\/*$/i.test(u.value))
      .map((u) => {
        const fixed = u.value.replace(/\/+$/, '');
        return report(self, u.node, u.path, `App ID URIs must not end with '/'. Use ${fixed}.`, {
          fixes: [lazyFix(`Remove the trailing slash`, () => [replaceNode(u.node, fixed)], true)],
        });
      });
  },
});

export const identifierUriFormat = defineRule({
  id: 'identifier-uri-format',
  severity: 'error',
  description:
    'App ID URIs have no wildcards; with personal accounts also no urn: scheme, query or fragment, at most 120 characters and 50 URIs (255 characters otherwise).',
  docs: ACCOUNTS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const personal = audienceOf(ctx) === 'personal';
    const out = findings(ctx, self);
    const items = identifierUris(ctx);
    for (const u of items) {
      if (hasPlaceholder(u.value)) continue;
      const p = u.parsed;
      if (!p) {
        out.add(u.node, (subject) =>
          report(
            self,
            subject,
            u.path,
            `'${short(u.value)}' is not an absolute URI. Use api://{appId} or https://{verified domain}/{path}.`,
          ),
        );
        continue;
      }
      if (u.value.includes('*'))
        out.add(u.node, (subject) =>
          report(
            self,
            subject,
            u.path,
            'Wildcards are not allowed in App ID URIs. Use a concrete URI such as api://{appId}.',
          ),
        );
      else if (personal && p.scheme === 'urn')
        out.add(u.node, (subject) =>
          report(
            self,
            subject,
            u.path,
            `urn: App ID URIs are not allowed for ${ctx.signInAudience}. Use api://{appId}.`,
          ),
        );
      else if (personal && /[?#]/.test(u.value))
        out.add(u.node, (subject) =>
          report(
            self,
            subject,
            u.path,
            `Query strings and fragments are not allowed in App ID URIs for ${ctx.signInAudience}. Remove them.`,
          ),
        );
      const max = personal ? 120 : 255;
      if (u.value.length > max)
        out.add(u.node, (subject) =>
          report(
            self,
            subject,
            u.path,
            `The App ID URI is ${u.value.length} characters; the limit is ${max}. Shorten it.`,
          ),
        );
    }
    if (personal && items.length > 50) {
      const over = items[50];
      if (over)
        out.add(over.node, (subject) =>
          report(
            self,
            subject,
            over.path,
            `${items.length} App ID URIs; apps that allow personal accounts may have at most 50. Remove ${items.length - 50}.`,
          ),
        );
    }
    return out.list;
  },
});

export const identifierUriGuid = defineRule({
  id: 'identifier-uri-guid',
  severity: 'warning',
  description: 'A GUID right after api:// must be the appId (or the tenant id followed by a path).',
  docs: 'https://learn.microsoft.com/entra/identity-platform/identifier-uri-restrictions',
  formats: ALL_FORMATS,
  check(ctx, self) {
    const own = ownAppId(ctx);
    if (own === undefined) return [];
    const out = findings(ctx, self);
    for (const u of identifierUris(ctx)) {
      const m = /^api:\/\/([0-9a-f-]{36})\/?$/i.exec(u.value);
      if (!m || !isGuid(m[1] ?? '') || (m[1] ?? '').toLowerCase() === own) continue;
      out.add(u.node, (subject) =>
        report(
          self,
          subject,
          u.path,
          `The GUID in api://${m[1]} is not this app's appId (${own}). Use api://${own}, or api://{tenantId}/${own}.`,
          {
            fixes: [lazyFix(`Use api://${own}`, () => [replaceNode(u.node, `api://${own}`)])],
          },
        ),
      );
    }
    return out.list;
  },
});

export const identifierUriPolicy = defineRule({
  id: 'identifier-uri-policy',
  severity: 'info',
  description:
    'On v1-token apps and on apps for personal accounts, App ID URIs must contain a verified domain, the tenant id or the appId (api://{appId}, api://{tenantId}/{appId}).',
  docs: RESTRICTIONS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const tv = tokenVersion(ctx);
    const v = tv.value;
    // Apps for personal accounts get the secure formats whatever their token version.
    const personal = audienceOf(ctx) === 'personal';
    if (!personal && (v === 2 || typeof v === 'string')) return [];
    // A partial object (an update body) that does not set the version leaves it as it is: unknown.
    if (!personal && versionUnknown(ctx, tv.node)) return [];
    const own = ownAppId(ctx);
    const out = findings(ctx, self);
    for (const u of identifierUris(ctx)) {
      if (hasPlaceholder(u.value) || isDefaultUri(u.value, own)) continue;
      const p = u.parsed;
      if (!p) continue;
      if (p.scheme === 'api') {
        const lower = u.value.toLowerCase();
        if ((own !== undefined && lower.includes(own)) || /^api:\/\/[0-9a-f-]{36}\//i.test(u.value)) continue;
        if (own === undefined && findGuid(u.value) !== undefined) continue;
      }
      if (p.scheme === 'https' && p.host.endsWith('.onmicrosoft.com')) continue;
      const which = personal
        ? `Apps for personal accounts (${ctx.signInAudience})`
        : 'On v1-token apps the default tenant policy';
      const msg =
        p.scheme === 'https'
          ? `Make sure ${p.host} is a verified domain of the tenant: ${personal ? `apps for personal accounts (${ctx.signInAudience}) accept` : 'on v1-token apps the default tenant policy accepts'} only new URIs that contain a verified domain, tenant ID or app ID.`
          : personal
            ? `${which} accept only App ID URIs with the app ID, the tenant ID or a verified domain. Use api://{appId} or api://{tenantId}/{appId}.`
            : `${which} rejects new URIs that don't contain a verified domain, tenant ID or app ID. Prefer api://{appId}, or switch to v2 tokens.`;
      out.add(u.node, (subject) => report(self, subject, u.path, msg));
    }
    return out.list;
  },
});

const TUNNELS = ['ngrok.io', 'ngrok-free.app', 'ngrok.app', 'devtunnels.ms', 'loca.lt', 'trycloudflare.com'];

export const identifierUriTunnel = defineRule({
  id: 'identifier-uri-tunnel',
  severity: 'warning',
  description: 'App ID URIs on dev-tunnel hosts (ngrok, devtunnels, localtunnel, trycloudflare) leak into production.',
  docs: BEST_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out = findings(ctx, self);
    for (const u of identifierUris(ctx)) {
      if (hasPlaceholder(u.value)) continue;
      const host = u.parsed?.host ?? '';
      const t = TUNNELS.find((d) => host === d || host.endsWith('.' + d));
      if (t)
        out.add(u.node, (subject) =>
          report(
            self,
            subject,
            u.path,
            `${host} is a temporary tunnel host (${t}); anyone who later gets that name can claim this URI. Use api://{appId} or a domain you own.`,
          ),
        );
    }
    return out.list;
  },
});

export const identifierUriPublicClient = defineRule({
  id: 'identifier-uri-public-client',
  severity: 'warning',
  description: 'Public clients (allowPublicClient) cannot have App ID URIs in the legacy manifest.',
  docs: LEGACY_DOCS,
  formats: ['legacy'],
  check(ctx, self) {
    const root = rootObject(ctx);
    if (bool(child(root, 'allowPublicClient')) !== true) return [];
    const items = identifierUris(ctx).filter((u) => !hasPlaceholder(u.value));
    const key = keyNode(root, 'identifierUris');
    if (items.length === 0 || !key) return [];
    return [
      report(
        self,
        key,
        ['identifierUris'],
        'A public client cannot expose App ID URIs. Set allowPublicClient to false or move the API to its own app registration.',
      ),
    ];
  },
});

export const tokenVersionPersonal = defineRule({
  id: 'token-version-personal',
  severity: 'error',
  description: 'Apps that allow personal Microsoft accounts must request v2 access tokens.',
  docs: API_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    if (audienceOf(ctx) !== 'personal') return [];
    const tv = tokenVersion(ctx);
    if (tv.value === 2 || (typeof tv.value === 'string' && hasPlaceholder(tv.value))) return [];
    if (versionUnknown(ctx, tv.node)) return [];
    const root = rootObject(ctx);
    if (!root) return [];
    const api = tv.legacy ? undefined : keyNode(root, 'api');
    const aud = child(root, 'signInAudience');
    const [anchor, path]: [JsonNode, Segment[]] = tv.node
      ? [tv.node, tv.path]
      : api
        ? [api, ['api']]
        : aud
          ? [aud, ['signInAudience']]
          : [root, []];
    const name = tv.legacy ? 'accessTokenAcceptedVersion' : 'api.requestedAccessTokenVersion';
    return [
      report(
        self,
        anchor,
        path,
        `${ctx.signInAudience} requires ${name} = 2 (null or 1 means v1 tokens). Set it to 2.`,
        {
          fixes: versionFix(ctx, tv, name, true),
        },
      ),
    ];
  },
});

export const tokenVersionV1CustomUri = defineRule({
  id: 'token-version-v1-custom-uri',
  severity: 'info',
  description: 'Apps with App ID URIs other than api://{appId} should use v2 access tokens.',
  docs: BEST_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    if (audienceOf(ctx) === 'personal') return []; // token-version-personal reports it
    const tv = tokenVersion(ctx);
    if (tv.value === 2 || typeof tv.value === 'string' || versionUnknown(ctx, tv.node)) return [];
    const own = ownAppId(ctx);
    const custom = identifierUris(ctx).filter((u) => !hasPlaceholder(u.value) && !isDefaultUri(u.value, own));
    if (custom.length === 0) return [];
    const root = rootObject(ctx);
    const anchor = tv.node ?? keyNode(root, 'identifierUris');
    if (!anchor) return [];
    const name = tv.legacy ? 'accessTokenAcceptedVersion' : 'api.requestedAccessTokenVersion';
    return [
      report(
        self,
        anchor,
        tv.node ? tv.path : ['identifierUris'],
        `This app issues v1 tokens and has non-default App ID URIs (${short(custom[0]?.value ?? '')}). Set ${name} to 2 and validate aud against the appId.`,
        {
          fixes: versionFix(ctx, tv, name, false),
        },
      ),
    ];
  },
});

export const identifierUriRules: readonly Rule[] = [
  identifierUriTrailingSlash,
  identifierUriFormat,
  identifierUriGuid,
  identifierUriPolicy,
  identifierUriTunnel,
  identifierUriPublicClient,
  tokenVersionPersonal,
  tokenVersionV1CustomUri,
];
