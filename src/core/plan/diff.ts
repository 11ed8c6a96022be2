// Changes between the tenant's value and the result: per property, per item of the collections
// with an identity (scopes and roles by id, URIs by value, permissions by resourceAppId + id).
import type { PermissionCatalog } from '../manifest/types';
import { english, type Localizer } from '../text/localizer';
import { collectionPath, identityOf, isValueSet, itemKeyFor, itemSegment, keyable, pathText } from './paths';
import { WRITABLE, isObject, sameValue } from './properties';
import { summarize } from './summary';
import type { Change, Json, JsonObject, PathSegment } from './types';

function change(
  segments: PathSegment[],
  op: Change['op'],
  before: Json | undefined,
  after: Json | undefined,
  catalog: PermissionCatalog | undefined,
  l10n: Localizer,
): Change {
  return {
    path: pathText(segments),
    op,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
    summary: summarize(segments, op, before, after, catalog, l10n),
    segments: segments.map((s) =>
      typeof s === 'string'
        ? s
        : { key: s.key, value: s.value, ...('display' in s ? { display: (s as { display: string }).display } : {}) },
    ),
  };
}

/** Collections whose items are compared field by field (their own collections have identities). */
const RECURSE_ITEMS = new Set(['requiredResourceAccess']);

export function diffValues(
  before: Json | undefined,
  after: Json | undefined,
  segments: PathSegment[],
  out: Change[],
  catalog?: PermissionCatalog,
  l10n: Localizer = english,
): Change[] {
  if (sameValue(before, after)) return out;
  if (isObject(before) && isObject(after)) {
    for (const k of [...Object.keys(before), ...Object.keys(after).filter((k) => !(k in before))])
      diffValues(before[k], after[k], [...segments, k], out, catalog, l10n);
    return out;
  }
  const b = Array.isArray(before) ? before : before == null ? [] : undefined;
  const a = Array.isArray(after) ? after : after == null ? [] : undefined;
  if (b && a) {
    if (isValueSet(segments) && [...b, ...a].every((x) => typeof x === 'string')) {
      for (const v of a) if (!b.includes(v)) out.push(change(segments, 'add', undefined, v, catalog, l10n));
      for (const v of b) if (!a.includes(v)) out.push(change(segments, 'remove', v, undefined, catalog, l10n));
      return out;
    }
    const key = itemKeyFor(segments);
    if (key && keyable(b, key) && keyable(a, key)) {
      const bm = new Map(b.map((i) => [identityOf(i, key) as string, i]));
      const am = new Map(a.map((i) => [identityOf(i, key) as string, i]));
      const recurse = RECURSE_ITEMS.has(collectionPath(segments));
      for (const [id, ai] of am) {
        const bi = bm.get(id);
        const seg = [...segments, itemSegment(key, id, bi, ai)];
        if (recurse) diffValues(bi ?? (isObject(ai) ? { ...ai, resourceAccess: [] } : {}), ai, seg, out, catalog, l10n);
        else if (bi === undefined) out.push(change(seg, 'add', undefined, ai, catalog, l10n));
        else if (!sameValue(bi, ai)) out.push(change(seg, 'replace', bi, ai, catalog, l10n));
      }
      for (const [id, bi] of bm) {
        if (am.has(id)) continue;
        const seg = [...segments, itemSegment(key, id, bi)];
        if (recurse) diffValues(bi, isObject(bi) ? { ...bi, resourceAccess: [] } : {}, seg, out, catalog, l10n);
        else out.push(change(seg, 'remove', bi, undefined, catalog, l10n));
      }
      return out;
    }
  }
  out.push(
    change(
      segments,
      before === undefined ? 'add' : after === undefined ? 'remove' : 'replace',
      before,
      after,
      catalog,
      l10n,
    ),
  );
  return out;
}

/** The changes from `live` to `result`, writable properties only, in the manifest's key order of `result`. */
export function diffWritable(
  live: JsonObject,
  result: JsonObject,
  catalog?: PermissionCatalog,
  l10n: Localizer = english,
): Change[] {
  const out: Change[] = [];
  for (const k of [...Object.keys(result), ...Object.keys(live).filter((k) => !(k in result))]) {
    if (WRITABLE.has(k)) diffValues(live[k], result[k], [k], out, catalog, l10n);
  }
  return out;
}
