// Rules about the permissions an API defines: delegated scopes (`api.oauth2PermissionScopes`,
// legacy `oauth2Permissions`) and app roles (`appRoles`).
import type { Node as JsonNode } from 'jsonc-parser';
import type { Fix, Problem, Rule, RuleContext } from '../types';
import {
  ALL_FORMATS,
  audienceOf,
  child,
  definitions,
  elements,
  hasPlaceholder,
  keyNode,
  lazyFix,
  report,
  roleCollection,
  rootObject,
  scopeCollections,
  defineRule,
  newGuidFix,
  perRun,
  type Definition,
  short,
} from './util';

const SCOPE_DOCS = 'https://learn.microsoft.com/graph/api/resources/permissionscope';
const ROLE_DOCS = 'https://learn.microsoft.com/graph/api/resources/approle';
const ROLES_HOWTO = 'https://learn.microsoft.com/entra/identity-platform/howto-add-app-roles-in-apps';
const ACCOUNTS_DOCS = 'https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation';

const VALUE_CHAR = /[0-9A-Za-z:!#$%&'()*+,\-./;<=>?@[\]^_`{|}~]/;
const BAD_CHAR = /[^0-9A-Za-z:!#$%&'()*+,\-./;<=>?@[\]^_`{|}~]/;
const NAMING = /^[A-Za-z0-9]+(\.[A-Za-z0-9]+){1,2}$/;
/** Conventional names Microsoft's own templates use (Azure APIs, Teams SSO): no naming hint. */
const CONVENTIONAL = new Set(['user_impersonation', 'access_as_user']);

function what(d: Definition): string {
  return d.kind === 'scope' ? 'scope' : 'app role';
}

/** A definition named for a message: its value when it has one, and where it is. */
function named(d: Definition): string {
  return `${what(d)}${d.value ? ` "${d.value}"` : ''} (/${d.path.join('/')})`;
}

interface ValueItem {
  def: Definition;
  value: string;
}

const valueCache = new WeakMap<object, ValueItem[]>();

/** Known (non-placeholder) string values of definitions. */
function values(ctx: RuleContext): ValueItem[] {
  return perRun(ctx, 'permissionValues', valueCache, () => {
    const out: ValueItem[] = [];
    for (const def of definitions(ctx)) {
      // A string value has a node (made only when a rule reports on it).
      const value = def.value;
      if (value !== undefined && value !== '' && !hasPlaceholder(value)) out.push({ def, value });
    }
    return out;
  });
}

function idOf(def: Definition): { node: JsonNode; id: string } | undefined {
  return def.id !== undefined ? { node: def.idNode!, id: def.id } : undefined;
}

export const permissionValueCharset = defineRule({
  id: 'permission-value-charset',
  severity: 'error',
  description: 'Scope and app role values use only letters, digits and the allowed symbols, with no spaces.',
  docs: SCOPE_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    for (const v of values(ctx)) {
      if (!BAD_CHAR.test(v.value)) continue;
      const bad = badChars(v.value);
      if (bad.size > 0) {
        // Spaces alone: "Reports Read" is meant as "Reports.Read" (the Resource.Operation form).
        const node = v.def.valueNode!;
        const fixes =
          bad.size === 1 && bad.has('a space') && v.value.trim() !== '' ? [dottedFix(node, v.value)] : undefined;
        out.push(
          report(
            self,
            node,
            [...v.def.path, 'value'],
            `The ${what(v.def)} value contains ${[...bad].join(', ')}, which the service rejects. Use only letters, digits and :!#$%&'()*+,-./;<=>?@[]^_\`{|}~ (no spaces).`,
            fixes ? { fixes } : undefined,
          ),
        );
      }
    }
    return out;
  },
});

/** VALUE_CHAR per ASCII code (every other character is outside it). */
const VALUE_ASCII: readonly boolean[] = Array.from({ length: 128 }, (_, c) => VALUE_CHAR.test(String.fromCharCode(c)));

/** The characters of a value outside VALUE_CHAR in first-seen order (code points, a space as "a space"): one pass, no regex per character. */
function badChars(value: string): Set<string> {
  const bad = new Set<string>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128 && VALUE_ASCII[c]) continue;
    if (c === 32) {
      bad.add('a space');
      continue;
    }
    // A surrogate pair is one character, as for...of reads it.
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    bad.add(JSON.stringify(pair ? value.slice(i, i + 2) : value[i]));
    if (pair) i++;
  }
  return bad;
}

/** Values longer than this get a fix titled without the value (a menu entry, not a copy of the text). */
const LONG_VALUE = 1000;

/** "Replace spaces with dots": runs of spaces become one dot, leading and trailing spaces go. */
function dottedFix(node: JsonNode, value: string): Fix {
  // What split(/ +/).join('.') gave on the trimmed value, without an array of parts.
  const dot = (): string => value.trim().replace(/ +/g, '.');
  const { offset, length } = node;
  if (value.length > LONG_VALUE)
    return lazyFix('Replace spaces with dots', () => [{ offset, length, content: JSON.stringify(dot()) }]);
  const dotted = dot();
  return lazyFix(`Change to ${JSON.stringify(dotted)}`, () => [{ offset, length, content: JSON.stringify(dotted) }]);
}

export const permissionValueLeadingDot = defineRule({
  id: 'permission-value-leading-dot',
  severity: 'error',
  description: 'Scope and app role values must not start with a dot.',
  docs: SCOPE_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    return values(ctx)
      .filter((v) => v.value.startsWith('.'))
      .map((v) =>
        report(
          self,
          v.def.valueNode!,
          [...v.def.path, 'value'],
          `The ${what(v.def)} value must not start with '.'. Remove the leading dot.`,
        ),
      );
  },
});

export const permissionValueLength = defineRule({
  id: 'permission-value-length',
  severity: 'error',
  description:
    'Scope and app role values are at most 120 characters (40 for scopes of apps that allow personal accounts).',
  docs: ACCOUNTS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const personal = audienceOf(ctx) === 'personal';
    const out: Problem[] = [];
    for (const v of values(ctx)) {
      const max = v.def.kind === 'scope' && personal ? 40 : 120;
      if (v.value.length > max) {
        const why = max === 40 ? ' for apps that allow personal Microsoft accounts' : '';
        out.push(
          report(
            self,
            v.def.valueNode!,
            [...v.def.path, 'value'],
            `The ${what(v.def)} value is ${v.value.length} characters; the limit is ${max}${why}. Shorten it.`,
          ),
        );
      }
    }
    return out;
  },
});

export const permissionValueNaming = defineRule({
  id: 'permission-value-naming',
  severity: 'hint',
  description: 'Advice: name permissions Resource.Operation[.Constraint], e.g. Employees.Read.All.',
  docs: 'https://learn.microsoft.com/entra/identity-platform/quickstart-configure-app-expose-web-apis',
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    for (const v of values(ctx)) {
      if (NAMING.test(v.value) || CONVENTIONAL.has(v.value) || v.value.startsWith('.')) continue;
      if (BAD_CHAR.test(v.value)) continue; // reported by permission-value-charset
      out.push(
        report(
          self,
          v.def.valueNode!,
          [...v.def.path, 'value'],
          `Consider naming the ${what(v.def)} Resource.Operation[.Constraint] (e.g. Employees.Read.All) so consent prompts read clearly.`,
        ),
      );
    }
    return out;
  },
});

export const permissionValueDuplicate = defineRule({
  id: 'permission-value-duplicate',
  severity: 'error',
  description: 'A value is used once across scopes and app roles (Graph rejects duplicates with DuplicateValue).',
  docs: ROLES_HOWTO,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    const seen = new Map<string, ValueItem>();
    for (const v of values(ctx)) {
      const first = seen.get(v.value);
      if (!first) {
        seen.set(v.value, v);
        continue;
      }
      // A role and a scope that share their id are one definition (their values must match).
      // Placeholder ids may turn out equal, so only known, different ids count.
      const a = first.def.id?.toLowerCase();
      const b = v.def.id?.toLowerCase();
      if (
        first.def.kind !== v.def.kind &&
        (a === b || a === undefined || b === undefined || hasPlaceholder(a) || hasPlaceholder(b))
      )
        continue;
      // One scope written in both schemas of a file (legacy oauth2Permissions and api.oauth2PermissionScopes): the mixed schema is the finding.
      if (inBothSchemas(first.def, v.def)) continue;
      out.push(
        report(
          self,
          v.def.valueNode!,
          [...v.def.path, 'value'],
          `The value '${short(v.value)}' is already used by the ${what(first.def)} at /${first.def.path.join('/')}; the service rejects duplicate values (DuplicateValue). Rename one of them.`,
        ),
      );
    }
    return out;
  },
});

export const permissionIdInvalid = defineRule({
  id: 'permission-id-invalid',
  severity: 'error',
  description: 'Every scope and app role id is a GUID.',
  docs: SCOPE_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    const defs = definitions(ctx);
    for (let i = 0; i < defs.length; i++) {
      const def = defs[i]!;
      const id = def.id;
      // idKey is undefined for ids with placeholders; a string id has a node.
      if (id === undefined || def.idKey === undefined || def.idIsGuid) continue;
      out.push(
        report(
          self,
          def.idNode!,
          [...def.path, 'id'],
          `The ${what(def)} id '${short(id)}' is not a GUID. Generate a new GUID for it.`,
        ),
      );
    }
    return out;
  },
});

/** Two scopes, one in legacy oauth2Permissions and one in api.oauth2PermissionScopes: the same scope in two schemas. */
function inBothSchemas(a: Definition, b: Definition): boolean {
  return a.kind === 'scope' && b.kind === 'scope' && a.path[0] !== b.path[0];
}

export const permissionIdDuplicate = defineRule({
  id: 'permission-id-duplicate',
  severity: 'error',
  description: 'Scope ids are unique among scopes and app role ids among app roles.',
  docs: ROLE_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
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
        out.push(
          report(
            self,
            def.idNode!,
            [...def.path, 'id'],
            `The id ${short(def.id!)} is already used by the ${named(first)}. Give this ${what(def)} a new GUID.`,
            { fixes: [newGuidFix(def.idNode!)] },
          ),
        );
    }
    return out;
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
  description: 'A scope and an app role may share an id only when their shared fields are identical.',
  docs: ROLES_HOWTO,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    const scopes = new Map<string, Definition>();
    const defs = definitions(ctx);
    let roles = 0;
    for (let i = 0; i < defs.length; i++) {
      const def = defs[i]!;
      if (def.kind !== 'scope') roles++;
      else if (def.idKey !== undefined) scopes.set(def.idKey, def);
    }
    if (scopes.size === 0 || roles === 0) return out;
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
        out.push(
          report(
            self,
            idn.node,
            [...def.path, 'id'],
            `This app role shares its id with the scope at /${scope.path.join('/')} but ${differ.join(', ')} differ. Make those fields identical or give the role a new GUID.`,
          ),
        );
      }
    }
    return out;
  },
});

export const appRoleMemberTypes = defineRule({
  id: 'app-role-member-types',
  severity: 'error',
  description: 'allowedMemberTypes lists at least one of User and Application.',
  docs: ROLE_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const out: Problem[] = [];
    const defs = definitions(ctx);
    for (let d = 0; d < defs.length; d++) {
      const def = defs[d]!;
      if (def.kind !== 'role') continue;
      // Plain items first: nodes are made only for what is reported.
      const items = def.allowedMemberTypes;
      if (items === undefined) continue;
      if (items.length === 0) {
        out.push(
          report(
            self,
            def.allowedMemberTypesNode!,
            [...def.path, 'allowedMemberTypes'],
            'allowedMemberTypes is empty, so nobody can be assigned this role. Add "User", "Application" or both.',
          ),
        );
        continue;
      }
      for (let i = 0; i < items.length; i++) {
        const v = items[i];
        if (typeof v === 'string' && v !== 'User' && v !== 'Application' && !hasPlaceholder(v)) {
          out.push(
            report(
              self,
              elements(def.allowedMemberTypesNode)[i]!,
              [...def.path, 'allowedMemberTypes', i],
              `'${v}' is not a member type. Use "User" (users and groups) or "Application" (apps).`,
            ),
          );
        }
      }
    }
    return out;
  },
});

export const appRolesPersonal = defineRule({
  id: 'app-roles-personal',
  severity: 'error',
  description: 'Apps that allow personal Microsoft accounts cannot define app roles.',
  docs: ACCOUNTS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    if (audienceOf(ctx) !== 'personal') return [];
    const roles = roleCollection(ctx);
    if (!roles || elements(roles.node).length === 0) return [];
    const key = keyNode(rootObject(ctx), 'appRoles') ?? roles.node;
    return [
      report(
        self,
        key,
        roles.path,
        `App roles are not supported for ${ctx.signInAudience}. Remove them or limit signInAudience to Entra accounts.`,
      ),
    ];
  },
});

export const scopeCountPersonal = defineRule({
  id: 'scope-count-personal',
  severity: 'error',
  description: 'Apps that allow personal Microsoft accounts define at most 100 scopes.',
  docs: ACCOUNTS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    if (audienceOf(ctx) !== 'personal') return [];
    const out: Problem[] = [];
    for (const c of scopeCollections(ctx)) {
      const n = elements(c.node).length;
      if (n <= 100) continue;
      const parent = c.path.length === 2 ? child(rootObject(ctx), 'api') : rootObject(ctx);
      const key = keyNode(parent, String(c.path[c.path.length - 1])) ?? c.node;
      out.push(
        report(
          self,
          key,
          c.path,
          `${n} scopes defined; apps that allow personal accounts may define at most 100. Remove ${n - 100}.`,
        ),
      );
    }
    return out;
  },
});

export const permissionCount = defineRule({
  id: 'permission-count',
  severity: 'error',
  description: 'App roles plus scopes (enabled or not) are at most 700 per app.',
  docs: ROLES_HOWTO,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const defs = definitions(ctx);
    if (defs.length <= 700) return [];
    const roles = roleCollection(ctx);
    const scopes = scopeCollections(ctx)[0];
    const anchor =
      roles && elements(roles.node).length > 0
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
        `${defs.length} app roles and scopes defined; the limit is 700 per app (disabled ones count). Remove ${defs.length - 700}.`,
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
