// Rules about the permissions the app requests (`requiredResourceAccess`): ids and types, whether the
// resource has them, repeats. Limits and risky permissions are in requiredResourcePolicy.ts.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import type { Rule } from '../types';
import {
  ALL_FORMATS,
  GRAPH_GUID,
  defineRule,
  hasPlaceholder,
  isGuid,
  report,
  short,
  type Findings,
  type Segment,
  findings,
} from './util';
import { removeFix } from './edits';
import type { AccessList } from './accessList';
import { PermissionKeys, resourcesWhere, type Resource } from './requiredResources';
import { rraAzureAdGraph, rraCount, rraHighPrivilege } from './requiredResourcePolicy';

const RRA_DOCS = 'https://learn.microsoft.com/graph/api/resources/requiredresourceaccess';
const PERMS_DOCS = 'https://learn.microsoft.com/graph/permissions-overview';

/**
 * A finding of the rule on a resource's `resourceAppId` (message made only when the finding is
 * kept). Past the listing limit it is counted from the entry's offset, without making the node.
 */
function appIdFinding(out: Findings, self: Rule, res: Resource, message: () => string): void {
  if (out.tallyAfter(res.start)) return;
  const node = res.appIdNode!;
  if (!out.tally(node)) out.add(node, (subject) => report(self, subject, [...res.path, 'resourceAppId'], message()));
}

export const rraIdInvalid = defineRule({
  id: 'rra-id-invalid',
  severity: 'error',
  title: (l10n) => l10n.t('Requested permissions with an invalid id or type'),
  description: (l10n) => l10n.t('resourceAppId and resourceAccess ids are GUIDs and type is Scope or Role.'),
  docs: RRA_DOCS,
  formats: ['graph', 'legacy', 'partial'],
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    // Per kind of entry: 1 when its id is not a GUID, 2 when its type is not a permission type.
    const invalid = (id: string | undefined, t: string | undefined): number =>
      (id !== undefined && !isGuid(id) && !hasPlaceholder(id) ? 1 : 0) |
      (t !== undefined && t !== 'Scope' && t !== 'Role' && !hasPlaceholder(t) ? 2 : 0);
    const named = (r: Resource): boolean => r.appId !== undefined && !isGuid(r.appId) && !hasPlaceholder(r.appId);
    // (This file's rules loop over resources by index: a for-of step that is not optimized away
    // allocates, and a list may hold thousands.)
    const listed = resourcesWhere(ctx, named, 'or');
    for (let at = 0; at < listed.length; at++) {
      const res = listed[at]!;
      if (named(res) && res.hasAppIdNode)
        appIdFinding(out, self, res, () =>
          l10n.t(
            "'{0}' is not an appId. Use the resource application's appId GUID (Microsoft Graph is {1}).",
            short(res.appId!),
            GRAPH_GUID,
          ),
        );
      // tally first: past the finding limit, an entry's finding is only counted (no node or builder made).
      const access = res.access;
      const bad = access.classify(invalid);
      for (let j = 0; bad !== undefined && j < access.length; j++) {
        const flags = bad.flags[access.kindOf[j]!]!;
        if (flags === 0) continue;
        if (bad.tallyFrom(out, j)) break;
        // (A string id or type has its node: made here only for the entries reported.)
        if (flags & 1) {
          const id = access.id(j)!;
          const node = access.idNode(j)!;
          if (!out.tally(node))
            out.add(node, (subject) =>
              report(
                self,
                subject,
                [...access.path(j), 'id'],
                l10n.t("'{0}' is not a permission id. Use the GUID of the scope or app role.", short(id)),
              ),
            );
        }
        if (flags & 2) {
          const t = access.type(j)!;
          const node = access.typeNode(j)!;
          if (!out.tally(node))
            out.add(node, (subject) =>
              report(
                self,
                subject,
                [...access.path(j), 'type'],
                l10n.t('\'{0}\' is not a permission type. Use "Scope" (delegated) or "Role" (application).', t),
              ),
            );
        }
      }
    }
    return out.list;
  },
});

export const rraUnknownPermission = defineRule({
  id: 'rra-unknown-permission',
  severity: 'error',
  title: (l10n) => l10n.t('Requested permissions the resource does not have'),
  description: (l10n) =>
    l10n.t('Requested permissions exist on the resource (checked when the catalogue knows the resource completely).'),
  docs: RRA_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const isUnknown = (id: string | undefined, _: unknown, k: number, list: AccessList): number => {
      if (id === undefined || id === '' || hasPlaceholder(id)) return 0;
      const r = list.resolve(k);
      return r.asScope || r.asRole ? 0 : 1;
    };
    const listed = resourcesWhere(ctx, (r) => r.info?.complete === true, 'and');
    for (let at = 0; at < listed.length; at++) {
      const res = listed[at]!;
      const access = res.access;
      const unknown = access.classify(isUnknown);
      for (let j = 0; unknown !== undefined && j < access.length; j++) {
        if (unknown.flags[access.kindOf[j]!] === 0) continue;
        if (unknown.tallyFrom(out, j)) break;
        const id = access.id(j)!;
        const node = access.idNode(j)!;
        if (!out.tally(node)) {
          out.add(node, (subject) =>
            report(
              self,
              subject,
              [...access.path(j), 'id'],
              l10n.t(
                "{0} has no permission '{1}'. Check the id (or name) against the resource's published permissions.",
                res.info!.displayName,
                short(id),
              ),
            ),
          );
        }
      }
    }
    return out.list;
  },
});

export const rraTypeMismatch = defineRule({
  id: 'rra-type-mismatch',
  severity: 'error',
  title: (l10n) => l10n.t('Requested permissions with the wrong type'),
  description: (l10n) =>
    l10n.t('type matches the permission: Scope for delegated permissions, Role for application permissions.'),
  docs: PERMS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const isMismatched = (_: unknown, t: string | undefined, k: number, list: AccessList): number => {
      if (t !== 'Scope' && t !== 'Role') return 0;
      const r = list.resolve(k);
      return (t === 'Scope' ? !r.asScope && r.asRole : !r.asRole && r.asScope) ? 1 : 0;
    };
    const listed = resourcesWhere(ctx, (r) => r.info !== undefined, 'and');
    for (let at = 0; at < listed.length; at++) {
      const res = listed[at]!;
      const access = res.access;
      const mismatched = access.classify(isMismatched);
      for (let j = 0; mismatched !== undefined && j < access.length; j++) {
        const k = access.kindOf[j]!;
        if (mismatched.flags[k] === 0) continue;
        if (mismatched.tallyFrom(out, j)) break;
        const node = access.typeNode(j)!;
        if (out.tally(node)) continue;
        const t = access.type(j);
        const r = access.resolve(k);
        const label = (r.asScope ?? r.asRole)?.value ?? access.id(j) ?? '';
        if (t === 'Scope') {
          out.add(node, (subject) =>
            report(
              self,
              subject,
              [...access.path(j), 'type'],
              l10n.t(
                '{0} is an application permission (app role) of {1}, not a delegated scope. Set type to "Role" or request the delegated permission\'s id.',
                label,
                res.info!.displayName,
              ),
            ),
          );
        } else {
          out.add(node, (subject) =>
            report(
              self,
              subject,
              [...access.path(j), 'type'],
              l10n.t(
                '{0} is a delegated permission (scope) of {1}, not an app role. Set type to "Scope" or request the application permission\'s id.',
                label,
                res.info!.displayName,
              ),
            ),
          );
        }
      }
    }
    return out.list;
  },
});

export const rraDuplicate = defineRule({
  id: 'rra-duplicate',
  severity: 'warning',
  title: (l10n) => l10n.t('Resources or permissions requested twice'),
  description: (l10n) =>
    l10n.t('Each resource appears once in requiredResourceAccess, each permission once per resource.'),
  docs: RRA_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const seenRes = new Map<string, readonly Segment[]>();
    // Scratch space for one resource at a time (a list may have thousands of resources).
    const seen = new PermissionKeys();
    let state = new Uint8Array(16);
    let read = new Int32Array(16);
    const keys = new Map<string, string>();
    const keyed = (r: Resource): r is Resource & { readonly appId: string } => !!r.appId && !hasPlaceholder(r.appId);
    const listed = resourcesWhere(ctx, keyed, 'or');
    for (let at = 0; at < listed.length; at++) {
      const res = listed[at]!;
      if (keyed(res) && res.hasAppIdNode) {
        // (The key of each distinct appId made once: a long list repeats a few.)
        let key = keys.get(res.appId);
        if (key === undefined) keys.set(res.appId, (key = (res.info?.appId ?? res.appId).toLowerCase()));
        const first = seenRes.get(key);
        if (first)
          appIdFinding(out, self, res, () =>
            l10n.t(
              "{0} is already listed at /{1}. Merge the two entries' resourceAccess lists.",
              short(res.appId!),
              first.join('/'),
            ),
          );
        else seenRes.set(key, res.path);
      }
      const access = res.access;
      if (access.length === 0) continue;
      seen.clear();
      // Per kind of entry: 1 once its key was added (every later entry of the kind repeats it), 2
      // when its id is not checked; and how many of its entries were read.
      const kinds = access.kinds.length;
      if (state.length < kinds) {
        state = new Uint8Array(kinds * 2);
        read = new Int32Array(kinds * 2);
      } else {
        state.fill(0, 0, kinds);
        read.fill(0, 0, kinds);
      }
      const kindOf = access.kindOf;
      for (let j = 0; j < access.length; j++) {
        const k = kindOf[j]!;
        read[k]!++;
        const known = state[k];
        if (known === 2) continue;
        const { id, type } = access.kinds[k]!;
        if (known === 0) {
          if (id === undefined || hasPlaceholder(id)) {
            state[k] = 2;
            continue;
          }
          state[k] = 1;
          if (seen.add(type ?? '', id.toLowerCase())) continue;
        }
        if (out.tallyAfter(access.offset(j))) {
          // Only counted, and so are the repeats after it: counted by kind.
          const rest = repeatsAfter(access, state, read, seen);
          if (rest > 0) out.tallyAfter(access.offset(j), rest);
          break;
        }
        const node = access.idNode(j)!;
        if (out.tally(node)) continue;
        const path = access.path(j);
        out.add(node, (subject) =>
          report(
            self,
            subject,
            [...path, 'id'],
            type === undefined
              ? l10n.t(
                  'The permission {0} (no type) is requested twice for this resource. Remove the duplicate.',
                  short(id!),
                )
              : l10n.t(
                  'The permission {0} ({1}) is requested twice for this resource. Remove the duplicate.',
                  short(id!),
                  type,
                ),
            { fixes: [removeFix(ctx, path, l10n.t('Remove the duplicate permission'))] },
          ),
        );
      }
    }
    return out.list;
  },
});

/**
 * The repeats among the entries not read yet (`read`: the entries of each kind read so far): every
 * entry of a kind met before, and every entry but the first of a kind not met yet, whose first one
 * repeats an earlier key when `seen` already has it (kinds are numbered in the order of their
 * first entry, so those keys are added in the list's order).
 */
function repeatsAfter(access: AccessList, state: Uint8Array, read: Int32Array, seen: PermissionKeys): number {
  let rest = 0;
  for (let k = 0; k < access.kinds.length; k++) {
    const left = access.counts[k]! - read[k]!;
    if (state[k] === 1) rest += left;
    else if (state[k] === 0 && left > 0) {
      const { id, type } = access.kinds[k]!;
      if (id === undefined || hasPlaceholder(id)) continue;
      rest += left - (seen.add(type ?? '', id.toLowerCase()) ? 1 : 0);
    }
  }
  return rest;
}

export const requiredResourceAccessRules: readonly Rule[] = [
  rraIdInvalid,
  rraUnknownPermission,
  rraTypeMismatch,
  rraDuplicate,
  rraCount,
  rraHighPrivilege,
  rraAzureAdGraph,
];
