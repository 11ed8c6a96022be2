// "Disable first": an enabled scope or app role (as last read from the tenant) cannot be removed or
// changed in the same update; it must be saved with isEnabled=false first.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import { getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import type { Rule, RuleContext } from '../types';
import { child, defineRule, keyNode, lazyFix, report, rootObject, type Segment, findings } from './util';
import { definitions, scopeCollections, roleCollection, type Definition } from './definitions';
import { canSet, chainedEdits } from './edits';

const SCOPE_DOCS = 'https://learn.microsoft.com/graph/api/resources/permissionscope';

const SCOPE_FIELDS = [
  'value',
  'type',
  'adminConsentDescription',
  'adminConsentDisplayName',
  'userConsentDescription',
  'userConsentDisplayName',
];
const ROLE_FIELDS = ['value', 'displayName', 'description', 'allowedMemberTypes'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function originalItems(original: unknown, kind: 'scope' | 'role'): Obj[] {
  if (!isObj(original)) return [];
  let list: unknown;
  if (kind === 'role') list = original.appRoles;
  else list = (isObj(original.api) ? original.api.oauth2PermissionScopes : undefined) ?? original.oauth2Permissions;
  return Array.isArray(list) ? list.filter(isObj) : [];
}

function norm(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return JSON.stringify(v.map((x) => JSON.stringify(x) ?? '').sort());
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function collectionFor(
  ctx: RuleContext,
  kind: 'scope' | 'role',
): { path: Segment[]; node: JsonNode | undefined; keyNode: JsonNode | undefined } {
  const root = rootObject(ctx);
  if (kind === 'role')
    return { path: ['appRoles'], node: roleCollection(ctx)?.node, keyNode: keyNode(root, 'appRoles') };
  const c = scopeCollections(ctx)[0];
  if (c) {
    const parent = c.path.length === 2 ? child(root, 'api') : root;
    return { path: c.path, node: c.node, keyNode: keyNode(parent, String(c.path[c.path.length - 1])) };
  }
  const legacy = ctx.format === 'legacy' || child(root, 'oauth2Permissions') !== undefined;
  return {
    path: legacy ? ['oauth2Permissions'] : ['api', 'oauth2PermissionScopes'],
    node: undefined,
    keyNode: legacy ? undefined : keyNode(root, 'api'),
  };
}

export const disableFirst = defineRule({
  id: 'disable-first',
  severity: 'error',
  title: (l10n) => l10n.t('Enabled scopes or app roles removed or changed'),
  description: (l10n) =>
    l10n.t('An enabled scope or app role must be saved with isEnabled=false before it is removed or changed.'),
  docs: SCOPE_DOCS,
  formats: ['graph', 'legacy', 'partial'],
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    if (ctx.original === undefined || ctx.original === null) return [];
    const root = rootObject(ctx);
    if (!root) return [];
    const out = findings(ctx, self);
    const current = new Map<string, Definition>();
    for (const d of definitions(ctx)) {
      const id = d.id;
      if (typeof id === 'string') current.set(`${d.kind}:${id.toLowerCase()}`, d);
    }
    for (const kind of ['scope', 'role'] as const) {
      const fields = kind === 'scope' ? SCOPE_FIELDS : ROLE_FIELDS;
      for (const o of originalItems(ctx.original, kind)) {
        if (typeof o.id !== 'string' || o.isEnabled === false) continue;
        const restored = { ...o, isEnabled: false };
        const name = typeof o.value === 'string' ? `'${o.value}'` : o.id;
        const d = current.get(`${kind}:${o.id.toLowerCase()}`);
        if (!d) {
          const coll = collectionFor(ctx, kind);
          const anchor = coll.keyNode ?? { ...root, length: 1 };
          const insertAt: Segment[] = coll.node ? [...coll.path, coll.node.children?.length ?? 0] : coll.path;
          const fix = canSet(ctx.root, insertAt)
            ? lazyFix(
                restoreTitle(l10n, kind, name),
                () =>
                  chainedEdits(ctx.text, [
                    coll.node
                      ? { path: insertAt, value: restored, insert: true }
                      : { path: insertAt, value: [restored] },
                  ]),
                true,
              )
            : undefined;
          out.add(anchor, (subject) =>
            report(
              self,
              subject,
              coll.keyNode ? coll.path : [],
              kind === 'scope'
                ? l10n.t(
                    'The scope {0} ({1}) is enabled in the tenant and was removed here. Disable first: set isEnabled to false, save, then remove or change it.',
                    name,
                    String(o.id),
                  )
                : l10n.t(
                    'The app role {0} ({1}) is enabled in the tenant and was removed here. Disable first: set isEnabled to false, save, then remove or change it.',
                    name,
                    String(o.id),
                  ),
              {
                fixes: fix ? [fix] : undefined,
              },
            ),
          );
          continue;
        }
        const now: unknown = getNodeValue(d.node);
        if (!isObj(now)) continue;
        const changed = fields.filter((f) => norm(now[f]) !== norm(o[f]));
        if (changed.length === 0) continue;
        const first = changed[0] ?? '';
        const fieldNode = child(d.node, first);
        out.list.push(
          report(
            self,
            fieldNode ?? d.node,
            fieldNode ? [...d.path, first] : d.path,
            kind === 'scope'
              ? l10n.t(
                  'The scope {0} is enabled in the tenant and its {1} changed. Disable first: set isEnabled to false, save, then remove or change it.',
                  name,
                  changed.join(', '),
                )
              : l10n.t(
                  'The app role {0} is enabled in the tenant and its {1} changed. Disable first: set isEnabled to false, save, then remove or change it.',
                  name,
                  changed.join(', '),
                ),
            {
              fixes: [
                lazyFix(
                  restoreTitle(l10n, kind, name),
                  () => chainedEdits(ctx.text, [{ path: [...d.path], value: restored }]),
                  true,
                ),
              ],
            },
          ),
        );
      }
    }
    return out.list;
  },
});

export const disableFirstRules: readonly Rule[] = [disableFirst];

/** The title of the fix that puts a removed scope or role back, disabled. */
function restoreTitle(l10n: Localizer<l10n.L10nReplacement>, kind: 'scope' | 'role', name: string): string {
  return kind === 'scope'
    ? l10n.t('Restore scope {0} with isEnabled: false', name)
    : l10n.t('Restore app role {0} with isEnabled: false', name);
}
