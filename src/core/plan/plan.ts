// The plan: what applying a manifest to an app registration changes, in plain words, with the
// Graph requests in order, the conflicts with the tenant since the edit's base, the properties it
// does not write, and the manifest rule errors that block it. Pure: plain JSON in, plain JSON out.
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';
import { parseTree, getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import { convertLegacyToGraph } from '../manifest/convert';
import { detectFormat } from '../manifest/format';
import { builtInCatalog } from '../manifest/catalog';
import { lintManifest } from '../manifest/lint';
import type { PermissionCatalog } from '../manifest/types';
import { diffWritable } from './diff';
import { locate } from './locate';
import { merge3, overlay } from './merge';
import { READ_ONLY_NESTED, READ_ONLY_NOTES, WRITABLE, isObject, sameValue } from './properties';
import { planRequests } from './requests';
import type { BlockedFinding, IgnoredProperty, Json, JsonObject, Plan } from './types';

export interface PlanInput {
  /** The application as Graph returns it now (`GET /applications/{id}`). */
  readonly live: JsonObject;
  /** The edited manifest: its text (offsets of changes become available) or its value. Legacy format is converted. */
  readonly desired: string | JsonObject;
  /** The application as it was when the edit started (e.g. when it was pulled). Undefined: the edit is against `live`. */
  readonly base?: JsonObject;
  /** Names of permissions for summaries and for the manifest rules (default: the built-in catalogue). */
  readonly catalog?: PermissionCatalog;
  /** Clock for date rules. */
  readonly now?: Date;
  /** Skip the manifest rules (tests of the diff alone). */
  readonly skipRules?: boolean;
  /** Translates the change descriptions, request purposes and notes (default: English). */
  readonly l10n?: Localizer;
}

/** Why a manifest text cannot be planned. */
export class PlanInputError extends Error {}

function parseDesired(desired: string | JsonObject): { value: JsonObject; root: JsonNode | undefined } {
  if (typeof desired !== 'string') return { value: desired, root: undefined };
  const root = parseTree(desired.replace(/^\uFEFF/, ''), [], { allowTrailingComma: true, disallowComments: false });
  const value: unknown = root ? getNodeValue(root) : undefined;
  if (!isObject(value)) throw new PlanInputError('The manifest is not a JSON object.');
  const verdict = detectFormat(root, desired);
  if (verdict.format === 'legacy') return { value: convertLegacyToGraph(value), root: undefined };
  return { value, root: desired.charCodeAt(0) === 0xfeff ? undefined : root };
}

/** Properties of the manifest the plan does not write, where they differ from the tenant's value. */
export function ignoredProperties(
  live: JsonObject,
  desired: JsonObject,
  l10n: Localizer<l10n.L10nReplacement> = english,
): IgnoredProperty[] {
  const out: IgnoredProperty[] = [];
  for (const [k, v] of Object.entries(desired)) {
    if (WRITABLE.has(k)) {
      const nested = READ_ONLY_NESTED.get(k);
      const lv = live[k];
      if (nested && isObject(v))
        for (const [sub, note] of nested)
          if (sub in v && !sameValue(v[sub], isObject(lv) ? lv[sub] : undefined))
            out.push({ path: `${k}.${sub}`, note: l10n.t('not written: {0}', note(l10n)) });
      continue;
    }
    if (sameValue(v, live[k])) continue;
    const note =
      READ_ONLY_NOTES.get(k)?.(l10n) ??
      (k.startsWith('@odata.')
        ? l10n.t('response metadata')
        : l10n.t('not a property of the application resource in Microsoft Graph v1.0'));
    out.push({ path: k, note: l10n.t('not written: {0}', note) });
  }
  return out;
}

/** keyCredentials read without `$select` have `key: null`: the tenant's key stands in for an unchanged certificate. */
function withLiveKeys(app: JsonObject | undefined, live: JsonObject): JsonObject | undefined {
  if (!app || !Array.isArray(app.keyCredentials) || !Array.isArray(live.keyCredentials)) return app;
  const keys = new Map(live.keyCredentials.filter(isObject).map((k) => [String(k.keyId ?? '').toLowerCase(), k.key]));
  const creds = app.keyCredentials.map((k) =>
    isObject(k) && (k.key === null || k.key === undefined) && keys.has(String(k.keyId ?? '').toLowerCase())
      ? { ...k, key: keys.get(String(k.keyId).toLowerCase()) as Json }
      : k,
  );
  return { ...app, keyCredentials: creds };
}

/** Read-only members of complex properties (info.logoUrl) keep the tenant's value. */
function withoutReadOnlyMembers(app: JsonObject, live: JsonObject): JsonObject {
  const out = { ...app };
  for (const [k, members] of READ_ONLY_NESTED) {
    const v = out[k];
    if (!isObject(v)) continue;
    const lv = live[k];
    const copy: JsonObject = { ...v };
    for (const sub of members.keys()) {
      if (isObject(lv) && sub in lv) copy[sub] = lv[sub] as Json;
      else delete copy[sub];
    }
    out[k] = copy;
  }
  return out;
}

/** Rule errors of the result that the tenant's value does not already have. */
export function blockedBy(
  live: JsonObject,
  result: JsonObject,
  catalog: PermissionCatalog | undefined,
  now: Date | undefined,
  l10n: Localizer<l10n.L10nReplacement> = english,
): BlockedFinding[] {
  const errors = (app: JsonObject) =>
    lintManifest(JSON.stringify(app, null, 2), {
      ...(catalog ? { catalog } : {}),
      ...(now ? { now } : {}),
      l10n,
    }).problems.filter((p) => p.severity === 'error');
  const existing = new Map<string, number>();
  for (const p of errors(live))
    existing.set(`${p.ruleId}|${p.message}`, (existing.get(`${p.ruleId}|${p.message}`) ?? 0) + 1);
  const out: BlockedFinding[] = [];
  for (const p of errors(result)) {
    const key = `${p.ruleId}|${p.message}`;
    const left = existing.get(key) ?? 0;
    if (left > 0) existing.set(key, left - 1);
    else out.push({ ruleId: p.ruleId, message: p.message, path: p.path });
  }
  return out;
}

/** Builds the plan. Throws {@link PlanInputError} only when the manifest is not a JSON object. */
export function createPlan(input: PlanInput): Plan {
  const live = input.live;
  const { value: rawDesired, root } = parseDesired(input.desired);
  const desired = withoutReadOnlyMembers(withLiveKeys(rawDesired, live) as JsonObject, live);
  const catalog = input.catalog ?? builtInCatalog();
  const base = withLiveKeys(input.base, live);
  const conflicts: Plan['conflicts'][number][] = [];
  const result: JsonObject = {};
  for (const k of Object.keys(live)) if (!k.startsWith('@odata.')) result[k] = live[k] as Json;
  for (const k of Object.keys(desired)) {
    if (!WRITABLE.has(k)) continue;
    const merged = base ? merge3(base[k], live[k], desired[k], [k], conflicts).value : overlay(live[k], desired[k]);
    if (merged !== undefined) result[k] = merged;
  }
  const l10n = input.l10n ?? english;
  const changes = diffWritable(live, result, catalog, l10n).map((c) => {
    const range = locate(root, c.segments);
    return range ? { ...c, range } : c;
  });
  const located = conflicts.map((c) => {
    const range = locate(root, c.segments);
    return range ? { ...c, range } : c;
  });
  const id = String(live.id ?? '');
  const requests = located.length > 0 ? [] : planRequests(id, live, result, l10n);
  const blocked = changes.length > 0 && !input.skipRules ? blockedBy(live, result, catalog, input.now, l10n) : [];
  return {
    app: { id, appId: String(live.appId ?? ''), displayName: String(live.displayName ?? '') },
    changes,
    conflicts: located,
    ignored: ignoredProperties(live, withLiveKeys(rawDesired, live) as JsonObject, l10n),
    requests,
    blocked,
    result,
    ...(base ? { base } : {}),
  };
}
