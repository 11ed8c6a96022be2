// Rules about the permissions an API defines: delegated scopes (`api.oauth2PermissionScopes`,
// legacy `oauth2Permissions`) and app roles (`appRoles`): ids, member types, personal-account
// limits and counts. Rules about their values are in permissionValues.ts.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../../text/localizer';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Rule } from '../types';
import { BackedNode } from '../backedNode';
import {
  ALL_FORMATS,
  audienceOf,
  child,
  elementCount,
  elements,
  hasPlaceholder,
  keyNode,
  report,
  rootObject,
  defineRule,
  newGuidFix,
  short,
  findings,
} from './util';
import { definitions, inBothSchemas, roleCollection, scopeCollections, type Definition } from './definitions';
import {
  permissionValueCharset,
  permissionValueDuplicate,
  permissionValueLeadingDot,
  permissionValueLength,
  permissionValueNaming,
} from './permissionValues';
import { PERMISSION_DEFINITION_LIMIT } from '../../entra/limits';
import { formatCount } from '../../text/count';

const SCOPE_DOCS = 'https://learn.microsoft.com/graph/api/resources/permissionscope';
const ROLE_DOCS = 'https://learn.microsoft.com/graph/api/resources/approle';
const ROLES_HOWTO = 'https://learn.microsoft.com/entra/identity-platform/howto-add-app-roles-in-apps';
const ACCOUNTS_DOCS = 'https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation';

function idOf(def: Definition): { node: JsonNode; id: string } | undefined {
  return def.id !== undefined ? { node: def.idNode!, id: def.id } : undefined;
}

export const permissionIdInvalid = defineRule({
  id: 'permission-id-invalid',
  severity: 'error',
  title: (l10n) => l10n.t('Scope and app role ids that are not GUIDs'),
  description: (l10n) => l10n.t('Every scope and app role id is a GUID.'),
  docs: SCOPE_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const defs = definitions(ctx);
    for (let i = 0; i < defs.length; i++) {
      const def = defs[i]!;
      const id = def.id;
      // idKey is undefined for ids with placeholders; a string id has a node.
      if (id === undefined || def.idKey === undefined || def.idIsGuid) continue;
      out.add(def.idNode!, (subject) =>
        report(
          self,
          subject,
          [...def.path, 'id'],
          def.kind === 'scope'
            ? l10n.t("The scope id '{0}' is not a GUID. Generate a new GUID for it.", short(id))
            : l10n.t("The app role id '{0}' is not a GUID. Generate a new GUID for it.", short(id)),
        ),
      );
    }
    return out.list;
  },
});

export const permissionIdDuplicate = defineRule({
  id: 'permission-id-duplicate',
  severity: 'error',
  title: (l10n) => l10n.t('Scope or app role ids used twice'),
  description: (l10n) => l10n.t('Scope ids are unique among scopes and app role ids among app roles.'),
  docs: ROLE_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    // Scope ids and role ids are separate namespaces.
    const scopes = new Map<string, Definition>();
    const roles = new Map<string, Definition>();
    const defs = definitions(ctx);
    for (let i = 0; i < defs.length; i++) {
      const def = defs[i]!;
      const key = def.idKey;
      // A defined idKey means a string id, so the node exists.
      if (key === undefined || key === '') continue;
      const seen = def.kind === 'scope' ? scopes : roles;
      const first = seen.get(key);
      if (!first) seen.set(key, def);
      else if (!inBothSchemas(first, def))
        out.add(def.idNode!, (subject) =>
          report(
            self,
            subject,
            [...def.path, 'id'],
            // Scope ids and role ids are separate namespaces: `first` is of the same kind.
            def.kind === 'scope'
              ? l10n.t(
                  'The id {0} is already used by the scope {1}. Give this scope a new GUID.',
                  short(def.id!),
                  whereDefined(first),
                )
              : l10n.t(
                  'The id {0} is already used by the app role {1}. Give this app role a new GUID.',
                  short(def.id!),
                  whereDefined(first),
                ),
            { fixes: [newGuidFix(def.idNode!, l10n)] },
          ),
        );
    }
    return out.list;
  },
});

const SHARED_PAIRS: readonly [string, string][] = [
  ['adminConsentDescription', 'description'],
  ['adminConsentDisplayName', 'displayName'],
  ['isEnabled', 'isEnabled'],
  ['origin', 'origin'],
  ['value', 'value'],
];

export const permissionIdSharedMismatch = defineRule({
  id: 'permission-id-shared-mismatch',
  severity: 'error',
  title: (l10n) => l10n.t('A scope and an app role sharing an id but differing'),
  description: (l10n) => l10n.t('A scope and an app role may share an id only when their shared fields are identical.'),
  docs: ROLES_HOWTO,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const scopes = new Map<string, Definition>();
    const defs = definitions(ctx);
    let roles = 0;
    for (let i = 0; i < defs.length; i++) {
      const def = defs[i]!;
      if (def.kind !== 'scope') roles++;
      else if (def.idKey !== undefined) scopes.set(def.idKey, def);
    }
    if (scopes.size === 0 || roles === 0) return out.list;
    for (let i = 0; i < defs.length; i++) {
      const def = defs[i]!;
      if (def.kind !== 'role' || def.idKey === undefined) continue;
      // Nodes are made only for roles that do share an id with a scope.
      const scope = scopes.get(def.idKey);
      if (!scope) continue;
      const idn = idOf(def);
      if (!idn) continue;
      const differ: string[] = [];
      for (const [s, r] of SHARED_PAIRS) {
        const sv: unknown = child(scope.node, s)?.value;
        const rv: unknown = child(def.node, r)?.value;
        if ((s === 'isEnabled' ? sv !== false : (sv ?? null)) !== (r === 'isEnabled' ? rv !== false : (rv ?? null)))
          differ.push(s === r ? s : `${s}/${r}`);
      }
      if (differ.length > 0) {
        out.add(idn.node, (subject) =>
          report(
            self,
            subject,
            [...def.path, 'id'],
            l10n.t(
              'This app role shares its id with the scope at /{0} but {1} differ. Make those fields identical or give the role a new GUID.',
              scope.path.join('/'),
              differ.join(', '),
            ),
          ),
        );
      }
    }
    return out.list;
  },
});

export const appRoleMemberTypes = defineRule({
  id: 'app-role-member-types',
  severity: 'error',
  title: (l10n) => l10n.t('App roles without allowed member types'),
  description: (l10n) => l10n.t('allowedMemberTypes lists at least one of User and Application.'),
  docs: ROLE_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    const defs = definitions(ctx);
    for (let d = 0; d < defs.length; d++) {
      const def = defs[d]!;
      if (def.kind !== 'role') continue;
      // Plain items first: nodes are made only for what is reported.
      const items = def.allowedMemberTypes;
      if (items === undefined) continue;
      if (items.length === 0) {
        out.add(def.allowedMemberTypesNode!, (subject) =>
          report(
            self,
            subject,
            [...def.path, 'allowedMemberTypes'],
            l10n.t(
              'allowedMemberTypes is empty, so nobody can be assigned this role. Add "User", "Application" or both.',
            ),
          ),
        );
        continue;
      }
      // A long list's findings past the limit are only counted: the entry's node is made, and its
      // finding built, for those listed.
      const list = def.allowedMemberTypesNode!;
      for (let i = 0; i < items.length; i++) {
        const v = items[i];
        if (typeof v === 'string' && v !== 'User' && v !== 'Application' && !hasPlaceholder(v)) {
          if (list instanceof BackedNode && out.tallyAfter(list.elementOffset(i))) continue;
          const node = list instanceof BackedNode ? list.element(i)! : elements(list)[i]!;
          if (out.tally(node)) continue;
          out.add(node, (subject) =>
            report(
              self,
              subject,
              [...def.path, 'allowedMemberTypes', i],
              l10n.t('\'{0}\' is not a member type. Use "User" (users and groups) or "Application" (apps).', v),
            ),
          );
        }
      }
    }
    return out.list;
  },
});

export const appRolesPersonal = defineRule({
  id: 'app-roles-personal',
  severity: 'error',
  title: (l10n) => l10n.t('App roles on apps for personal accounts'),
  description: (l10n) => l10n.t('Apps that allow personal Microsoft accounts cannot define app roles.'),
  docs: ACCOUNTS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    if (audienceOf(ctx) !== 'personal') return [];
    const roles = roleCollection(ctx);
    if (!roles || elementCount(roles.node) === 0) return [];
    const key = keyNode(rootObject(ctx), 'appRoles') ?? roles.node;
    return [
      report(
        self,
        key,
        roles.path,
        l10n.t(
          'App roles are not supported for {0}. Remove them or limit signInAudience to Entra accounts.',
          String(ctx.signInAudience),
        ),
      ),
    ];
  },
});

export const scopeCountPersonal = defineRule({
  id: 'scope-count-personal',
  severity: 'error',
  title: (l10n) => l10n.t('Too many scopes for personal accounts'),
  description: (l10n) => l10n.t('Apps that allow personal Microsoft accounts define at most 100 scopes.'),
  docs: ACCOUNTS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    if (audienceOf(ctx) !== 'personal') return [];
    const out = findings(ctx, self);
    for (const c of scopeCollections(ctx)) {
      const n = elementCount(c.node);
      if (n <= 100) continue;
      const parent = c.path.length === 2 ? child(rootObject(ctx), 'api') : rootObject(ctx);
      const key = keyNode(parent, String(c.path[c.path.length - 1])) ?? c.node;
      out.add(key, (subject) =>
        report(
          self,
          subject,
          c.path,
          l10n.t(
            '{0} scopes defined; apps that allow personal accounts may define at most 100. Remove {1}.',
            formatCount(n),
            formatCount(n - 100),
          ),
        ),
      );
    }
    return out.list;
  },
});

export const permissionCount = defineRule({
  id: 'permission-count',
  severity: 'error',
  title: (l10n) => l10n.t('Too many app roles and scopes'),
  description: (l10n) => l10n.t('App roles plus scopes (enabled or not) are at most 700 per app.'),
  docs: ROLES_HOWTO,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const defs = definitions(ctx);
    if (defs.length <= PERMISSION_DEFINITION_LIMIT) return [];
    const roles = roleCollection(ctx);
    const scopes = scopeCollections(ctx)[0];
    const anchor =
      roles && elementCount(roles.node) > 0
        ? { node: keyNode(rootObject(ctx), 'appRoles'), path: roles.path }
        : undefined;
    const target =
      anchor?.node !== undefined
        ? { node: anchor.node, path: anchor.path }
        : scopes
          ? {
              node:
                keyNode(
                  scopes.path.length === 2 ? child(rootObject(ctx), 'api') : rootObject(ctx),
                  String(scopes.path[scopes.path.length - 1]),
                ) ?? scopes.node,
              path: scopes.path,
            }
          : undefined;
    if (!target) return [];
    return [
      report(
        self,
        target.node,
        target.path,
        l10n.t(
          '{0} app roles and scopes defined; the limit is 700 per app (disabled ones count). Remove {1}.',
          defs.length,
          defs.length - PERMISSION_DEFINITION_LIMIT,
        ),
      ),
    ];
  },
});

export const permissionRules: readonly Rule[] = [
  permissionValueCharset,
  permissionValueLeadingDot,
  permissionValueLength,
  permissionValueNaming,
  permissionValueDuplicate,
  permissionIdInvalid,
  permissionIdDuplicate,
  permissionIdSharedMismatch,
  appRoleMemberTypes,
  appRolesPersonal,
  scopeCountPersonal,
  permissionCount,
];

/** A definition named for a message after its kind: its value when it has one, and where it is. */
function whereDefined(d: Definition): string {
  return `${d.value ? `"${d.value}" ` : ''}(/${d.path.join('/')})`;
}
