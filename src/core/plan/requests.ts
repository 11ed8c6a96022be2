// The Graph requests of a plan, in order (facts §3.3, §7.1): PATCH sends only the top-level
// properties that changed, complex properties whole (the tenant's value plus the edit); an enabled
// scope or app role that is removed or changed is first PATCHed with isEnabled: false; scopes are
// written before the pre-authorizations that use them, and references to removed scopes are
// dropped before the scopes go.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';
import { COMPLEX, READ_ONLY_NESTED, ROLE_GUARDED, SCOPE_GUARDED, WRITABLE, isObject, sameValue } from './properties';
import type { Json, JsonObject, PlanRequest } from './types';

type Item = JsonObject;

const list = (v: Json | undefined): Item[] => (Array.isArray(v) ? v.filter(isObject) : []);
const idOf = (i: Item) => (typeof i.id === 'string' ? i.id.toLowerCase() : '');

function norm(v: Json | undefined): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return JSON.stringify(v.map((x) => JSON.stringify(x) ?? '').sort());
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Enabled items of `before` that `after` removes or changes in a guarded field. */
export function needsDisable(
  before: Json | undefined,
  after: Json | undefined,
  guarded: readonly string[],
): Set<string> {
  const next = new Map(list(after).map((i) => [idOf(i), i]));
  const out = new Set<string>();
  for (const old of list(before)) {
    if (old.isEnabled === false || !idOf(old)) continue;
    const now = next.get(idOf(old));
    if (!now || guarded.some((f) => norm(now[f]) !== norm(old[f]))) out.add(idOf(old));
  }
  return out;
}

const scopesOf = (app: JsonObject) => (isObject(app.api) ? app.api.oauth2PermissionScopes : undefined);
const preAuthOf = (app: JsonObject) => (isObject(app.api) ? app.api.preAuthorizedApplications : undefined);

/** Pre-authorizations restricted to scope ids in `allowed`; entries left without scopes are dropped unless `keepEmpty` has them. */
function restrictPreAuth(preAuth: Json | undefined, allowed: Set<string>, keepEmpty: Set<string>): Json[] {
  const out: Json[] = [];
  for (const entry of list(preAuth)) {
    const field = Array.isArray(entry.delegatedPermissionIds)
      ? 'delegatedPermissionIds'
      : Array.isArray(entry.permissionIds)
        ? 'permissionIds'
        : undefined;
    if (!field) {
      out.push(entry);
      continue;
    }
    const ids = (entry[field] as Json[]).filter((id) => typeof id === 'string' && allowed.has(id.toLowerCase()));
    if (ids.length === 0 && !keepEmpty.has(String(entry.appId ?? '').toLowerCase())) continue;
    out.push({ ...entry, [field]: ids });
  }
  return out;
}

function withApi(app: JsonObject, patch: JsonObject): JsonObject {
  return { ...app, api: { ...(isObject(app.api) ? app.api : {}), ...patch } };
}

/** The PATCH body taking `from` to `to`: changed writable top-level properties, complex ones whole. */
export function patchBody(from: JsonObject, to: JsonObject): JsonObject | undefined {
  const body: JsonObject = {};
  for (const k of Object.keys(to)) {
    if (!WRITABLE.has(k) || sameValue(from[k], to[k])) continue;
    let v = to[k] as Json;
    const nestedReadOnly = READ_ONLY_NESTED.get(k);
    if (COMPLEX.has(k) && isObject(v) && nestedReadOnly)
      v = Object.fromEntries(Object.entries(v).filter(([sub]) => !nestedReadOnly.has(sub)));
    body[k] = v;
  }
  return Object.keys(body).length > 0 ? body : undefined;
}

/** The intermediate states between `live` and `result`: disable first, main change, late pre-authorizations. */
export function planStates(
  live: JsonObject,
  result: JsonObject,
  l10n: Localizer<l10n.L10nReplacement> = english,
): { state: JsonObject; purpose: string }[] {
  const states: { state: JsonObject; purpose: string }[] = [];
  const disableScopes = needsDisable(scopesOf(live), scopesOf(result), SCOPE_GUARDED);
  const disableRoles = needsDisable(live.appRoles, result.appRoles, ROLE_GUARDED);
  let prior = live;
  if (disableScopes.size + disableRoles.size > 0) {
    let s1: JsonObject = { ...live };
    const names: string[] = [];
    const disable = (items: Json | undefined, ids: Set<string>, scope: boolean) =>
      list(items).map((i) => {
        if (!ids.has(idOf(i))) return i;
        const name = typeof i.value === 'string' ? i.value : String(i.id);
        names.push(scope ? l10n.t('scope {0}', name) : l10n.t('app role {0}', name));
        return { ...i, isEnabled: false };
      });
    if (disableScopes.size > 0) {
      const resultScopeIds = new Set(list(scopesOf(result)).map(idOf));
      const livePreAuth = new Set(list(preAuthOf(live)).map((e) => String(e.appId ?? '').toLowerCase()));
      s1 = withApi(s1, { oauth2PermissionScopes: disable(scopesOf(live), disableScopes, true) });
      // References to scopes the result removes go before the scopes (entries the result keeps stay).
      const keep = new Set(
        list(preAuthOf(result))
          .map((e) => String(e.appId ?? '').toLowerCase())
          .filter((a) => livePreAuth.has(a)),
      );
      const liveScopeIds = new Set(
        list(scopesOf(live))
          .map(idOf)
          .filter((id) => resultScopeIds.has(id)),
      );
      if (preAuthOf(live) !== undefined)
        s1 = withApi(s1, { preAuthorizedApplications: restrictPreAuth(preAuthOf(live), liveScopeIds, keep) });
    }
    if (disableRoles.size > 0) s1 = { ...s1, appRoles: disable(live.appRoles, disableRoles, false) };
    states.push({ state: s1, purpose: l10n.t('disable first: {0}', names.join(', ')) });
    prior = s1;
  }
  // Pre-authorizations may only name scopes that exist before the request.
  const priorScopeIds = new Set(list(scopesOf(prior)).map(idOf));
  const priorPreAuth = new Set(list(preAuthOf(prior)).map((e) => String(e.appId ?? '').toLowerCase()));
  const main =
    preAuthOf(result) === undefined
      ? result
      : withApi(result, { preAuthorizedApplications: restrictPreAuth(preAuthOf(result), priorScopeIds, priorPreAuth) });
  states.push({ state: main, purpose: l10n.t('update the changed properties') });
  if (!sameValue(main.api, result.api))
    states.push({ state: result, purpose: l10n.t('pre-authorize clients for the new scopes') });
  return states;
}

/** Ordered PATCH requests taking the app from `live` to `result` (none when nothing changed). */
export function planRequests(
  objectId: string,
  live: JsonObject,
  result: JsonObject,
  l10n: Localizer<l10n.L10nReplacement> = english,
): PlanRequest[] {
  const url = `/applications/${encodeURIComponent(objectId)}`;
  const out: PlanRequest[] = [];
  let from = live;
  for (const { state, purpose } of planStates(live, result, l10n)) {
    const body = patchBody(from, state);
    if (body) out.push({ method: 'PATCH', url, body, purpose });
    from = state;
  }
  return out;
}
