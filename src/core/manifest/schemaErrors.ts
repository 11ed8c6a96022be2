// ajv's errors mapped to problems: precise ranges (the key of an unknown property, the value of a
// wrong type), stable rule ids and fix-it messages (did you mean, right case, new GUID).
import type { ErrorObject } from 'ajv';
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../text/localizer';
import type { Node as JsonNode } from 'jsonc-parser';
import { hasPlaceholder, isWholePlaceholder, LEGACY_ONLY_KEYS, type SchemaFlavor } from './format';
import { fragmentPropertyOf } from './fragment';
import { escapePointerToken, keyOf, nodeAtPath, type KeyIndex } from './json';
import { DeferredProblem, editDistance, lazyFix, newGuidFix } from './rules/util';
import { propertyNames, schemaObjectAt, schemas } from './schemaModel';
import { formatWords, nodeTypeWord, typeWords } from './schemaWords';
import { describePath, type PathResolver } from './schemaPaths';
import type { Fix, ManifestFormat, Problem } from './types';

export interface ValidateInput {
  readonly root: JsonNode;
  readonly value: unknown;
  readonly text: string;
  readonly format: ManifestFormat;
  readonly flavor: SchemaFlavor;
  /** Key maps of the tree's large objects, shared with the run's rules (see KeyIndex). */
  readonly keyIndex?: KeyIndex;
}

type L10n = Localizer<l10n.L10nReplacement>;

/** One ajv error as a problem; `paths` reads the instance paths of the validation's errors in order. */
export function mapError(
  e: ErrorObject,
  input: ValidateInput,
  paths: PathResolver,
  template: boolean,
  l10n: L10n,
): Problem | undefined {
  // Teams Toolkit templates name permissions by their values: no format finding there (checked on
  // the pointer itself, as every error of a long list of such names would need it).
  if (template && e.keyword === 'format' && isFriendlyNamePointer(e.instancePath)) return undefined;
  const segments = paths.segmentsOf(e.instancePath);
  const node = paths.node();
  if (!node) {
    return undefined;
  }
  // The two kinds a long list repeats: their messages are made when read (see DeferredProblem).
  if (e.keyword === 'type') return typeError(e, node, segments, template, l10n);
  if (e.keyword === 'format') return formatError(e, node, segments, template, l10n);
  // The other kinds: what a problem needs to be placed, capped and covered is known now; its
  // message and fixes are made when read (most of a long list's findings are only counted).
  switch (e.keyword) {
    case 'additionalProperties':
      return unknownProperty(e, input, node, segments, l10n);
    case 'required': {
      const missing = String((e.params as { missingProperty?: string }).missingProperty);
      // az ad app create|update --app-roles @file gives every role without an id a new GUID.
      if (missing === 'id' && segments.length === 2 && fragmentPropertyOf(input.root) === 'appRoles') return undefined;
      const anchor = keyOf(node) ?? { offset: node.offset, length: 1 };
      return new DeferredProblem('schema-required', 'error', anchor.offset, anchor.length, () => ({
        ruleId: 'schema-required',
        severity: 'error',
        message: l10n.t(
          '{0} is missing the required property "{1}". Add "{1}".',
          describePath(segments, l10n),
          missing,
        ),
        offset: anchor.offset,
        length: anchor.length,
        path: e.instancePath,
      }));
    }
    case 'enum':
      if (template && node.type === 'string' && hasPlaceholder(String(node.value))) return undefined;
      return new DeferredProblem('schema-enum', 'error', node.offset, node.length, () =>
        enumProblem(e, node, segments, l10n),
      );
    case 'uniqueItems': {
      const j = (e.params as { j?: number }).j ?? 0;
      const dup = node.children?.[j] ?? node;
      return new DeferredProblem('schema-unique-items', 'error', dup.offset, dup.length, () => ({
        ruleId: 'schema-unique-items',
        severity: 'error',
        message: l10n.t(
          '{0} lists {1} more than once. Remove the repeat.',
          describePath(segments, l10n),
          JSON.stringify(dup.value),
        ),
        offset: dup.offset,
        length: dup.length,
        path: `${e.instancePath}/${j}`,
      }));
    }
    case 'pattern':
      if (template && node.type === 'string' && hasPlaceholder(String(node.value))) return undefined;
      return new DeferredProblem('schema-pattern', 'error', node.offset, node.length, () => ({
        ruleId: 'schema-pattern',
        severity: 'error',
        message: l10n.t(
          '{0}: {1} does not have the expected form ({2}).',
          describePath(segments, l10n),
          JSON.stringify(node.value),
          String((e.params as { pattern?: string }).pattern),
        ),
        offset: node.offset,
        length: node.length,
        path: e.instancePath,
      }));
    default:
      return {
        ruleId: `schema-${e.keyword.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`,
        severity: 'error',
        message: l10n.t('{0} does not satisfy the schema ({1}).', describePath(segments, l10n), e.keyword),
        offset: node.offset,
        length: node.length,
        path: e.instancePath,
      };
  }
}

/** An `enum` error: a value not among the allowed ones, with a right-case or near-miss fix. */
function enumProblem(e: ErrorObject, node: JsonNode, segments: readonly string[], l10n: L10n): Problem {
  const where = describePath(segments, l10n);
  const { allowed, list } = enumValues((e.params as { allowedValues?: unknown[] }).allowedValues);
  const actual = node.value;
  const caseMatch =
    typeof actual === 'string'
      ? allowed.find((v) => typeof v === 'string' && v.toLowerCase() === actual.toLowerCase())
      : undefined;
  if (caseMatch !== undefined) {
    return {
      ruleId: 'schema-enum',
      severity: 'error',
      message: l10n.t(
        '{0}: {1} has the wrong case; the value is {2} (values are case-sensitive).',
        where,
        JSON.stringify(actual),
        JSON.stringify(caseMatch),
      ),
      offset: node.offset,
      length: node.length,
      path: e.instancePath,
      fixes: [
        lazyFix(
          l10n.t('Change to {0}', JSON.stringify(caseMatch)),
          () => [{ offset: node.offset, length: node.length, content: JSON.stringify(caseMatch) }],
          true,
        ),
      ],
    };
  }
  const near =
    typeof actual === 'string'
      ? closest(
          actual,
          allowed.filter((v): v is string => typeof v === 'string'),
        )
      : undefined;
  return {
    ruleId: 'schema-enum',
    severity: 'error',
    message: near
      ? l10n.t(
          '{0}: {1} is not allowed. Did you mean {2}? Allowed: {3}.',
          where,
          JSON.stringify(actual),
          JSON.stringify(near),
          list,
        )
      : l10n.t('{0}: {1} is not allowed. Allowed: {2}.', where, JSON.stringify(actual), list),
    offset: node.offset,
    length: node.length,
    path: e.instancePath,
    ...(near
      ? {
          fixes: [
            lazyFix(l10n.t('Change to {0}', JSON.stringify(near)), () => [
              { offset: node.offset, length: node.length, content: JSON.stringify(near) },
            ]),
          ],
        }
      : {}),
  };
}

/** A `type` error: the value has the wrong JSON type (message made when read). */
function typeError(
  e: ErrorObject,
  node: JsonNode,
  segments: readonly string[],
  template: boolean,
  l10n: L10n,
): Problem | undefined {
  if (template && node.type === 'string' && isWholePlaceholder(String(node.value))) return undefined;
  return new DeferredProblem('schema-type', 'error', node.offset, node.length, () => {
    const expected = typeWords((e.params as { type: string | string[] }).type, l10n);
    return {
      ruleId: 'schema-type',
      severity: 'error',
      message: l10n.t('{0} must be {1}, not {2}.', describePath(segments, l10n), expected, nodeTypeWord(node, l10n)),
      offset: node.offset,
      length: node.length,
      path: e.instancePath,
    };
  });
}

/** A `format` error: not a GUID, URI or date-time (message and fix made when read). */
function formatError(
  e: ErrorObject,
  node: JsonNode,
  segments: readonly string[],
  template: boolean,
  l10n: L10n,
): Problem | undefined {
  const value = String(node.value);
  // (A template's permission names were left out before: see mapError.)
  if (template && hasPlaceholder(value)) return undefined;
  return new DeferredProblem('schema-format', 'error', node.offset, node.length, () => {
    const fmt = String((e.params as { format?: string }).format);
    const fixes: Fix[] = [];
    if (fmt === 'uuid' && isDefinitionId(segments)) {
      fixes.push(newGuidFix(node, l10n));
    }
    return {
      ruleId: 'schema-format',
      severity: 'error',
      message: l10n.t(
        '{0}: {1} is not {2}.',
        describePath(segments, l10n),
        JSON.stringify(value),
        formatWords(fmt, l10n),
      ),
      offset: node.offset,
      length: node.length,
      path: e.instancePath,
      ...(fixes.length > 0 ? { fixes } : {}),
    };
  });
}

function unknownProperty(
  e: ErrorObject,
  input: ValidateInput,
  objectNode: JsonNode,
  segments: readonly string[],
  l10n: L10n,
): Problem | undefined {
  const name = String((e.params as { additionalProperty?: string }).additionalProperty);
  // OData annotations (`@odata.type` in a complex type, `logo@odata.mediaEditLink`) are not
  // properties: Graph documentation examples and SDK-serialized bodies carry them at every level,
  // and no property name has an "@".
  if (name.includes('@')) return undefined;
  const valueNode = nodeAtPath(objectNode, [name], input.keyIndex);
  const key = valueNode ? keyOf(valueNode) : undefined;
  if (!key) return undefined;
  const path = `${e.instancePath}/${escapePointerToken(name)}`;
  const atTop = segments.length === 0;
  if (atTop && input.flavor === 'graph' && LEGACY_ONLY_KEYS.has(name)) {
    // In Graph files the rule legacy-key-in-graph reports these with a per-key fix.
    if (input.format === 'graph') return undefined;
    const target = LEGACY_ONLY_KEYS.get(name);
    return {
      ruleId: 'schema-unknown-property',
      severity: 'warning',
      message: target
        ? l10n.t(
            '"{0}" is a legacy Azure AD Graph key; in the Microsoft Graph format it is {1}. Do not mix the two formats in one file.',
            name,
            target,
          )
        : l10n.t('"{0}" is a legacy Azure AD Graph key with no Microsoft Graph equivalent; remove it.', name),
      offset: key.offset,
      length: key.length,
      path,
      tags: ['deprecated'],
    };
  }
  // The near miss is looked for among the object's known properties when the message is read.
  return new DeferredProblem('schema-unknown-property', 'warning', key.offset, key.length, () => {
    const known = propertyNames(schemaObjectAt(input.flavor, e.schemaPath));
    const near = closest(name, known);
    const fixes: Fix[] = near
      ? [
          lazyFix(
            l10n.t('Rename to "{0}"', near),
            () => [{ offset: key.offset, length: key.length, content: JSON.stringify(near) }],
            true,
          ),
        ]
      : [];
    const where = describePath(segments, l10n);
    const other = input.flavor === 'legacy' && atTop && Object.hasOwn(schemas.graph.properties ?? {}, name);
    return {
      ruleId: 'schema-unknown-property',
      severity: 'warning',
      message: other
        ? near
          ? l10n.t(
              'Unknown property "{0}" in {1}. Did you mean "{2}"? It belongs to the Microsoft Graph format; do not mix the two formats in one file.',
              name,
              where,
              near,
            )
          : l10n.t(
              'Unknown property "{0}" in {1}. Microsoft Graph ignores or rejects it; check the spelling. It belongs to the Microsoft Graph format; do not mix the two formats in one file.',
              name,
              where,
            )
        : near
          ? l10n.t('Unknown property "{0}" in {1}. Did you mean "{2}"?', name, where, near)
          : l10n.t(
              'Unknown property "{0}" in {1}. Microsoft Graph ignores or rejects it; check the spelling.',
              name,
              where,
            ),
      offset: key.offset,
      length: key.length,
      path,
      ...(fixes.length > 0 ? { fixes } : {}),
    };
  });
}

/** A schema enum without null, and its listing for messages. */
function enumValues(values: readonly unknown[] | undefined): { allowed: readonly unknown[]; list: string } {
  const allowed = (values ?? []).filter((v) => v !== null);
  return { allowed, list: allowed.map((v) => JSON.stringify(v)).join(', ') };
}

/**
 * Whether a JSON pointer names a permission of a Teams Toolkit template: segment 0 is
 * `requiredResourceAccess` and segment 2 `resourceAppId`, or segments 2 and 4 `resourceAccess` and
 * `id`. Read from the pointer without splitting it (the names compared have no `~` or `/`, so a
 * segment equals one of them escaped or not).
 */
export function isFriendlyNamePointer(pointer: string): boolean {
  const first = '/requiredResourceAccess/';
  if (!pointer.startsWith(first)) return false;
  // Past segment 1 (any text), segment 2 and what follows it.
  const afterIndex = pointer.indexOf('/', first.length);
  if (afterIndex < 0) return false;
  if (segmentIs(pointer, afterIndex + 1, 'resourceAppId')) return true;
  if (!segmentIs(pointer, afterIndex + 1, 'resourceAccess')) return false;
  const afterEntry = pointer.indexOf('/', afterIndex + 1 + 'resourceAccess'.length + 1);
  return afterEntry >= 0 && segmentIs(pointer, afterEntry + 1, 'id');
}

/** Whether the pointer's segment starting at `at` is `name`. */
function segmentIs(pointer: string, at: number, name: string): boolean {
  const end = at + name.length;
  return pointer.startsWith(name, at) && (end === pointer.length || pointer.charCodeAt(end) === 47);
}

/** Ids that define something new (so a fresh GUID is a sensible fix). */
function isDefinitionId(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1];
  const parent = segments[segments.length - 3];
  return (
    (last === 'id' &&
      (parent === 'appRoles' || parent === 'oauth2PermissionScopes' || parent === 'oauth2Permissions')) ||
    last === 'keyId'
  );
}

/** The closest candidate within a small edit distance (or a case-insensitive match). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  const distance = editDistance();
  for (const c of candidates) {
    const cl = c.toLowerCase();
    if (cl === lower) return c;
    const max = Math.max(1, Math.min(3, Math.floor(Math.max(c.length, word.length) / 4)));
    const d = distance(lower, cl, max);
    if (d <= max && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
