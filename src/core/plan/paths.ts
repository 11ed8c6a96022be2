// Paths of changes: structured segments (property names and item identities) and their readable
// form, `api.oauth2PermissionScopes[value=Crm.Read]`.
import { ITEM_KEYS, VALUE_SETS, isObject } from './properties';
import type { Json, PathSegment } from './types';

/** The collection path without item identities (`requiredResourceAccess.resourceAccess`). */
export function collectionPath(segments: readonly PathSegment[]): string {
  return segments.filter((s): s is string => typeof s === 'string').join('.');
}

export function itemKeyFor(segments: readonly PathSegment[]): string | undefined {
  return ITEM_KEYS.get(collectionPath(segments));
}

export function isValueSet(segments: readonly PathSegment[]): boolean {
  return VALUE_SETS.has(collectionPath(segments));
}

/** The identity of an item of a keyed collection (case-insensitive for GUIDs), or undefined. */
export function identityOf(item: Json | undefined, key: string): string | undefined {
  if (!isObject(item)) return undefined;
  const v = item[key];
  return typeof v === 'string' && v !== '' ? v.toLowerCase() : undefined;
}

/** Whether every item of the list has a distinct identity (else the list is compared whole). */
export function keyable(list: readonly Json[], key: string): boolean {
  const seen = new Set<string>();
  for (const item of list) {
    const id = identityOf(item, key);
    if (id === undefined || seen.has(id)) return false;
    seen.add(id);
  }
  return true;
}

/**
 * A segment naming an item: identity kept for lookups, display by `value` for scopes and roles
 * (`[value=Crm.Read]`) when the item has one.
 */
export function itemSegment(
  key: string,
  identity: string,
  ...items: (Json | undefined)[]
): PathSegment & { display: string } {
  let display = `${key}=${identity}`;
  if (key === 'id') {
    const named = items.find((i) => isObject(i) && typeof i.value === 'string' && i.value !== '');
    if (isObject(named)) display = `value=${String(named.value)}`;
  } else {
    const original = items.find((i) => isObject(i) && typeof i[key] === 'string');
    if (isObject(original)) display = `${key}=${String(original[key])}`;
  }
  return { key, value: identity, display };
}

/** Readable path of segments. */
export function pathText(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'string') out += out ? `.${s}` : s;
    else out += `[${(s as { display?: string }).display ?? `${s.key}=${s.value}`}]`;
  }
  return out;
}
