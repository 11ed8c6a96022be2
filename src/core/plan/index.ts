// The write path's pure plan engine: no I/O, no `vscode`, no `node:*`.
export { createPlan, blockedBy, ignoredProperties, PlanInputError, type PlanInput } from './plan';
export { diffValues, diffWritable } from './diff';
export { merge3, overlay } from './merge';
export { planRequests, planStates, patchBody, needsDisable } from './requests';
export { summarize, permissionLabel } from './summary';
export { locate } from './locate';
export { toManifest, MANIFEST_KEY_ORDER, READ_ONLY_NOTES, WRITABLE, COMPLEX, jsonEqual, sameValue } from './properties';
export { pathText } from './paths';
export type * from './types';

import type { PermissionCatalog } from '../manifest/types';
import { createPlan } from './plan';
import type { Change, JsonObject } from './types';

/**
 * The changes applying `desired` to the tenant's `live` value makes, given the edit's `base`
 * (undefined: the edit is taken against `live`). `createPlan(...).changes` without rules or requests.
 */
export function diffApplication(
  base: JsonObject | undefined,
  live: JsonObject,
  desired: JsonObject,
  catalog?: PermissionCatalog,
): readonly Change[] {
  return createPlan({ live, desired, ...(base ? { base } : {}), ...(catalog ? { catalog } : {}), skipRules: true })
    .changes;
}
