// Rules about the values of the permissions an API defines (scopes and app roles): characters,
// first character, length, naming and uniqueness.
import type * as l10n from '@vscode/l10n';
import type { Node as JsonNode } from 'jsonc-parser';
import type { Localizer } from '../../text/localizer';
import type { Fix, RuleContext } from '../types';
import { ALL_FORMATS, audienceOf, defineRule, hasPlaceholder, lazyFix, report, short, findings } from './util';
import { definitions, inBothSchemas, type Definition } from './definitions';

const SCOPE_DOCS = 'https://learn.microsoft.com/graph/api/resources/permissionscope';
const ROLES_HOWTO = 'https://learn.microsoft.com/entra/identity-platform/howto-add-app-roles-in-apps';
const ACCOUNTS_DOCS = 'https://learn.microsoft.com/entra/identity-platform/supported-accounts-validation';

const VALUE_CHAR = /[0-9A-Za-z:!#$%&'()*+,\-./;<=>?@[\]^_`{|}~]/;
const BAD_CHAR = /[^0-9A-Za-z:!#$%&'()*+,\-./;<=>?@[\]^_`{|}~]/;
const NAMING = /^[A-Za-z0-9]+(\.[A-Za-z0-9]+){1,2}$/;
/** Conventional names Microsoft's own templates use (Azure APIs, Teams SSO): no naming hint. */
const CONVENTIONAL = new Set(['user_impersonation', 'access_as_user']);

interface ValueItem {
  def: Definition;
  value: string;
}

/** Known (non-placeholder) string values of definitions. */
function values(ctx: RuleContext): ValueItem[] {
  return ctx.memo<ValueItem[]>('permissionValues', () => {
    const out: ValueItem[] = [];
    for (const def of definitions(ctx)) {
      // A string value has a node (made only when a rule reports on it).
      const value = def.value;
      if (value !== undefined && value !== '' && !hasPlaceholder(value)) out.push({ def, value });
    }
    return out;
  });
}

export const permissionValueCharset = defineRule({
  id: 'permission-value-charset',
  severity: 'error',
  title: (l10n) => l10n.t('Scope and app role values with characters that are not allowed'),
  description: (l10n) =>
    l10n.t('Scope and app role values use only letters, digits and the allowed symbols, with no spaces.'),
  docs: SCOPE_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    for (const v of values(ctx)) {
      if (!BAD_CHAR.test(v.value)) continue;
      const bad = badChars(v.value);
      if (bad.size > 0) {
        // Spaces alone: "Reports Read" is meant as "Reports.Read" (the Resource.Operation form).
        const node = v.def.valueNode!;
        const fixes =
          bad.size === 1 && bad.has(SPACE) && v.value.trim() !== '' ? [dottedFix(node, v.value, l10n)] : undefined;
        out.add(node, (subject) =>
          report(
            self,
            subject,
            [...v.def.path, 'value'],
            v.def.kind === 'scope'
              ? l10n.t(
                  'The scope value contains {0}, which the service rejects. Use only letters, digits and {1} (no spaces).',
                  badList(l10n, bad),
                  ALLOWED_SYMBOLS,
                )
              : l10n.t(
                  'The app role value contains {0}, which the service rejects. Use only letters, digits and {1} (no spaces).',
                  badList(l10n, bad),
                  ALLOWED_SYMBOLS,
                ),
            fixes ? { fixes } : undefined,
          ),
        );
      }
    }
    return out.list;
  },
});

/** The symbols a value may use besides letters and digits, as the messages list them. */
const ALLOWED_SYMBOLS = ":!#$%&'()*+,-./;<=>?@[]^_`{|}~";

/** Stands for a space among the characters badChars finds (named in words in messages). */
const SPACE = 'a space';

/** The characters badChars found, for a message. */
function badList(l10n: Localizer<l10n.L10nReplacement>, bad: ReadonlySet<string>): string {
  return [...bad].map((c) => (c === SPACE ? l10n.t('a space') : c)).join(', ');
}

/** VALUE_CHAR per ASCII code (every other character is outside it). */
const VALUE_ASCII: readonly boolean[] = Array.from({ length: 128 }, (_, c) => VALUE_CHAR.test(String.fromCharCode(c)));

/** The characters of a value outside VALUE_CHAR in first-seen order (code points, a space as "a space"): one pass, no regex per character. */
function badChars(value: string): Set<string> {
  const bad = new Set<string>();
  // Code points already named: a character repeated 200,000 times is quoted once.
  const seen = new Set<number>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128 && VALUE_ASCII[c]) continue;
    if (c === 32) {
      bad.add(SPACE);
      continue;
    }
    // A surrogate pair is one character, as for...of reads it.
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < value.length && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const code = pair ? value.codePointAt(i)! : c;
    if (!seen.has(code)) {
      seen.add(code);
      bad.add(JSON.stringify(pair ? value.slice(i, i + 2) : value[i]));
    }
    if (pair) i++;
  }
  return bad;
}

/** Values longer than this get a fix titled without the value (a menu entry, not a copy of the text). */
const LONG_VALUE = 1000;

/** "Replace spaces with dots": runs of spaces become one dot, leading and trailing spaces go. */
function dottedFix(node: JsonNode, value: string, l10n: Localizer<l10n.L10nReplacement>): Fix {
  // What split(/ +/).join('.') gave on the trimmed value, without an array of parts.
  const dot = (): string => value.trim().replace(/ +/g, '.');
  const { offset, length } = node;
  if (value.length > LONG_VALUE)
    return lazyFix(l10n.t('Replace spaces with dots'), () => [{ offset, length, content: JSON.stringify(dot()) }]);
  const dotted = dot();
  return lazyFix(l10n.t('Change to {0}', JSON.stringify(dotted)), () => [
    { offset, length, content: JSON.stringify(dotted) },
  ]);
}

export const permissionValueLeadingDot = defineRule({
  id: 'permission-value-leading-dot',
  severity: 'error',
  title: (l10n) => l10n.t('Scope and app role values that start with a dot'),
  description: (l10n) => l10n.t('Scope and app role values must not start with a dot.'),
  docs: SCOPE_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    return values(ctx)
      .filter((v) => v.value.startsWith('.'))
      .map((v) =>
        report(
          self,
          v.def.valueNode!,
          [...v.def.path, 'value'],
          v.def.kind === 'scope'
            ? l10n.t("The scope value must not start with '.'. Remove the leading dot.")
            : l10n.t("The app role value must not start with '.'. Remove the leading dot."),
        ),
      );
  },
});

export const permissionValueLength = defineRule({
  id: 'permission-value-length',
  severity: 'error',
  title: (l10n) => l10n.t('Scope and app role values that are too long'),
  description: (l10n) =>
    l10n.t(
      'Scope and app role values are at most 120 characters (40 for scopes of apps that allow personal accounts).',
    ),
  docs: ACCOUNTS_DOCS,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const personal = audienceOf(ctx) === 'personal';
    const out = findings(ctx, self);
    for (const v of values(ctx)) {
      const max = v.def.kind === 'scope' && personal ? 40 : 120;
      if (v.value.length > max) {
        out.add(v.def.valueNode!, (subject) =>
          report(
            self,
            subject,
            [...v.def.path, 'value'],
            max === 40
              ? l10n.t(
                  'The scope value is {0} characters; the limit is {1} for apps that allow personal Microsoft accounts. Shorten it.',
                  v.value.length,
                  max,
                )
              : v.def.kind === 'scope'
                ? l10n.t('The scope value is {0} characters; the limit is {1}. Shorten it.', v.value.length, max)
                : l10n.t('The app role value is {0} characters; the limit is {1}. Shorten it.', v.value.length, max),
          ),
        );
      }
    }
    return out.list;
  },
});

export const permissionValueNaming = defineRule({
  id: 'permission-value-naming',
  severity: 'hint',
  title: (l10n) => l10n.t('Permission values not named Resource.Operation'),
  description: (l10n) => l10n.t('Advice: name permissions Resource.Operation[.Constraint], e.g. Employees.Read.All.'),
  docs: 'https://learn.microsoft.com/entra/identity-platform/quickstart-configure-app-expose-web-apis',
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
    for (const v of values(ctx)) {
      if (NAMING.test(v.value) || CONVENTIONAL.has(v.value) || v.value.startsWith('.')) continue;
      if (BAD_CHAR.test(v.value)) continue; // reported by permission-value-charset
      out.add(v.def.valueNode!, (subject) =>
        report(
          self,
          subject,
          [...v.def.path, 'value'],
          v.def.kind === 'scope'
            ? l10n.t(
                'Consider naming the scope {0} (e.g. {1}) so consent prompts read clearly.',
                'Resource.Operation[.Constraint]',
                'Employees.Read.All',
              )
            : l10n.t(
                'Consider naming the app role {0} (e.g. {1}) so consent prompts read clearly.',
                'Resource.Operation[.Constraint]',
                'Employees.Read.All',
              ),
        ),
      );
    }
    return out.list;
  },
});

export const permissionValueDuplicate = defineRule({
  id: 'permission-value-duplicate',
  severity: 'error',
  title: (l10n) => l10n.t('Values used by more than one scope or app role'),
  description: (l10n) =>
    l10n.t('A value is used once across scopes and app roles (Graph rejects duplicates with DuplicateValue).'),
  docs: ROLES_HOWTO,
  formats: ALL_FORMATS,
  check(ctx, self) {
    const l10n: Localizer<l10n.L10nReplacement> = ctx.l10n;
    const out = findings(ctx, self);
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
      out.add(v.def.valueNode!, (subject) =>
        report(
          self,
          subject,
          [...v.def.path, 'value'],
          first.def.kind === 'scope'
            ? l10n.t(
                "The value '{0}' is already used by the scope at /{1}; the service rejects duplicate values (DuplicateValue). Rename one of them.",
                short(v.value),
                first.def.path.join('/'),
              )
            : l10n.t(
                "The value '{0}' is already used by the app role at /{1}; the service rejects duplicate values (DuplicateValue). Rename one of them.",
                short(v.value),
                first.def.path.join('/'),
              ),
        ),
      );
    }
    return out.list;
  },
});
