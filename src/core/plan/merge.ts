// Three-way merge of an edit into the tenant's current value: what the edit changed since its
// base is applied to the tenant's value; what the tenant changed since the base is kept; a value
// changed on both sides, differently, is a conflict (the tenant's value stays).
import { identityOf, isValueSet, itemKeyFor, itemSegment, keyable, pathText } from './paths';
import { isObject, sameValue } from './properties';
import type { Conflict, Json, PathSegment } from './types';

export interface MergeResult {
  readonly value: Json | undefined;
  readonly conflicts: Conflict[];
}

/** The edit laid over the tenant's value: keys the edit leaves out keep the tenant's value. */
export function overlay(live: Json | undefined, mine: Json | undefined): Json | undefined {
  if (mine === undefined) return live;
  if (isObject(live) && isObject(mine)) {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(live)) {
      const v = overlay(live[k], mine[k]);
      if (v !== undefined) out[k] = v;
    }
    for (const k of Object.keys(mine)) if (!(k in out) && mine[k] !== undefined) out[k] = mine[k] as Json;
    return out;
  }
  return mine;
}

/** Merges at `segments` (the value's location, for collection rules and conflict paths). */
export function merge3(
  base: Json | undefined,
  live: Json | undefined,
  mine: Json | undefined,
  segments: PathSegment[],
  conflicts: Conflict[] = [],
): MergeResult {
  if (mine === undefined || sameValue(mine, base)) return { value: live, conflicts };
  if (sameValue(live, base)) return { value: overlay(live, mine), conflicts };
  if (sameValue(live, mine)) return { value: live, conflicts };
  if (isObject(live) && isObject(mine)) {
    const b = isObject(base) ? base : {};
    const out: { [k: string]: Json } = {};
    for (const k of [...Object.keys(live), ...Object.keys(mine).filter((k) => !(k in live))]) {
      const v = merge3(b[k], live[k], mine[k], [...segments, k], conflicts).value;
      if (v !== undefined) out[k] = v;
    }
    return { value: out, conflicts };
  }
  if (Array.isArray(live) && Array.isArray(mine)) {
    const b = Array.isArray(base) ? base : [];
    if (isValueSet(segments) && [...live, ...mine, ...b].every((x) => typeof x === 'string'))
      return { value: mergeSet(b as string[], live as string[], mine as string[]), conflicts };
    const key = itemKeyFor(segments);
    if (key && keyable(live, key) && keyable(mine, key) && keyable(b, key))
      return { value: mergeItems(b, live, mine, key, segments, conflicts), conflicts };
  }
  conflicts.push({ path: pathText(segments), base, tenant: live, mine, segments });
  return { value: live, conflicts };
}

function mergeSet(base: string[], live: string[], mine: string[]): string[] {
  const removed = new Set(base.filter((v) => !mine.includes(v)));
  const added = mine.filter((v) => !base.includes(v));
  const out = live.filter((v) => !removed.has(v));
  for (const v of added) if (!out.includes(v)) out.push(v);
  return out;
}

function mergeItems(
  base: Json[],
  live: Json[],
  mine: Json[],
  key: string,
  segments: PathSegment[],
  conflicts: Conflict[],
): Json[] {
  const index = (list: Json[]) => new Map(list.map((item) => [identityOf(item, key) as string, item]));
  const b = index(base);
  const l = index(live);
  const m = index(mine);
  const out: Json[] = [];
  for (const [id, li] of l) {
    const bi = b.get(id);
    const mi = m.get(id);
    const seg = [...segments, itemSegment(key, id, li, mi, bi)];
    if (mi === undefined && bi !== undefined) {
      // Removed by the edit.
      if (sameValue(li, bi)) continue;
      conflicts.push({ path: pathText(seg), base: bi, tenant: li, mine: undefined, segments: seg });
      out.push(li);
      continue;
    }
    const v = merge3(bi, li, mi, seg, conflicts).value;
    if (v !== undefined) out.push(v);
  }
  for (const [id, mi] of m) {
    if (l.has(id)) continue;
    const bi = b.get(id);
    if (bi === undefined) {
      out.push(mi);
      continue;
    }
    // Removed in the tenant since the base; the edit kept it: fine when unchanged, else a conflict.
    if (!sameValue(mi, bi)) {
      const seg = [...segments, itemSegment(key, id, mi, bi)];
      conflicts.push({ path: pathText(seg), base: bi, tenant: undefined, mine: mi, segments: seg });
    }
  }
  return out;
}
