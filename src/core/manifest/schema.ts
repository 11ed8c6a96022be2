// Schema validation: the two application schemas compiled once with ajv (lazily, on first use)
// and ajv's errors mapped to precise ranges with stable rule ids and fix-it messages.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';
import type { Node as JsonNode } from 'jsonc-parser';
import graphSchema from '../../../schemas/application.graph.schema.json';
import legacySchema from '../../../schemas/application.legacy.schema.json';
import { hasPlaceholder, isWholePlaceholder, LEGACY_ONLY_KEYS, type SchemaFlavor } from './format';
import { escapePointerToken, fromPointer, keyOf, nodeAtPath } from './json';
import { distance, isGuidAt, lazyFix, newGuidFix } from './rules/util';
import type { Fix, ManifestFormat, Problem, Severity } from './types';

/** A JSON schema node as far as this module reads it. */
export interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly $ref?: string;
  readonly required?: readonly string[];
  readonly definitions?: Readonly<Record<string, SchemaNode>>;
  /** `beta`: a property only Microsoft Graph beta has (v1.0 ignores it). */
  readonly 'x-graphVersion'?: string;
}

export const schemas: Readonly<Record<SchemaFlavor, SchemaNode>> = {
  graph: graphSchema as SchemaNode,
  legacy: legacySchema as SchemaNode,
};

/** The schema-level rule ids, for the rules table and the adapter's docs links. */
const MANIFEST_REFERENCE = 'https://learn.microsoft.com/entra/identity-platform/reference-microsoft-graph-app-manifest';
const APPLICATION_RESOURCE = 'https://learn.microsoft.com/graph/api/resources/application';

export const schemaRules: readonly { id: string; severity: Severity; description: string; docs: string }[] = [
  {
    id: 'json-syntax',
    severity: 'error',
    description: 'The file is valid JSON (jsonc-parser syntax errors).',
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'json-comment',
    severity: 'error',
    description:
      "No comments: Graph and the admin center reject them, and Teams Toolkit's aadApp/update reads templates with JSON.parse; an error in every app manifest (the CLI exits 1).",
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'json-trailing-comma',
    severity: 'error',
    description:
      "No trailing commas: an error for the same reason as comments (Graph, the admin center and Teams Toolkit's aadApp/update all parse strict JSON).",
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'json-recovery',
    severity: 'info',
    description:
      'Findings after the first syntax error are held back (the parser only guesses past it), with one note counting them.',
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'json-too-deep',
    severity: 'error',
    description:
      'Nesting deeper than 512 levels: reported once; the deeper values are skipped and the rest is checked.',
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'json-duplicate-key',
    severity: 'error',
    description: 'No key appears twice in one object (only the last would count).',
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'not-a-manifest',
    severity: 'info',
    description: 'The file is recognised as an app manifest by content; otherwise one notice and nothing else.',
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'schema-unknown-property',
    severity: 'warning',
    description: 'A property the application schema does not know, with a "did you mean" for near misses.',
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-beta-property',
    severity: 'hint',
    description:
      'A property only Microsoft Graph beta has (windows, authenticationBehaviors, defaultRedirectUri...): Graph v1.0 ignores it. Null values, as the admin center writes them, are not reported.',
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-type',
    severity: 'error',
    description: 'A value has the type the schema requires (string, boolean, array, object, integer).',
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-enum',
    severity: 'error',
    description:
      'A value is one of the allowed values (signInAudience, type, allowedMemberTypes...), with a right-case fix.',
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-format',
    severity: 'error',
    description: 'GUIDs, URIs and date-times are well formed.',
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-required',
    severity: 'error',
    description: 'Objects have their required properties (e.g. resourceAccess entries need id and type).',
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-unique-items',
    severity: 'error',
    description: 'Arrays that must not repeat an item (allowedMemberTypes) do not.',
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-pattern',
    severity: 'error',
    description: 'Strings match their pattern (e.g. two-letter country codes).',
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-truncated',
    severity: 'info',
    description: 'Too many schema findings: the rest are not listed.',
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'lint-limits',
    severity: 'info',
    description:
      'Files over 2,000,000 characters are not fully checked: syntax, schema and security checks (secrets in the file, wildcard redirect URIs, implicit access tokens, high-privilege permissions, mapped claims on multitenant apps) only.',
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'format-verdict',
    severity: 'info',
    description:
      'Command line, with --verdicts: one record per file naming its format verdict (graph, legacy, teams-template, partial, not-manifest), clean files included.',
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'file-unreadable',
    severity: 'error',
    description:
      'Command line: a file that cannot be read (missing, a folder, no permission) is an error, and the run exits 2.',
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'internal-error',
    severity: 'error',
    description: 'A rule failed on this input; the other results are still valid. Please report it.',
    docs: MANIFEST_REFERENCE,
  },
];

let ajv: Ajv | undefined;
const validators = new Map<SchemaFlavor, ValidateFunction>();

/** The compiled validator of a flavour, compiled on first use and then reused for every document. */
export function validatorFor(flavor: SchemaFlavor): ValidateFunction {
  let v = validators.get(flavor);
  if (!v) {
    ajv ??= createAjv();
    v = ajv.compile(schemas[flavor]);
    validators.set(flavor, v);
  }
  return v;
}

function createAjv(): Ajv {
  const instance = new Ajv({ allErrors: true, strict: false, messages: false, validateSchema: false });
  addFormats(instance, ['date-time']);
  instance.addFormat('uri', { type: 'string', validate: isUriFormat });
  instance.addFormat('uuid', { type: 'string', validate: isUuidFormat });
  return instance;
}

const fullUri = fullFormats.uri as (s: string) => boolean;

/**
 * ajv-formats' uri format (full mode). The common shape, scheme://host[:port][/path] in plain
 * characters, is accepted by a character loop (every string it accepts the full regex accepts);
 * anything else goes to ajv-formats' own test. A manifest can hold thousands of redirect URIs.
 */
export function isUriFormat(s: string): boolean {
  // Repeats (the same URI listed many times) reuse the last answer.
  if (s === lastUri) return lastUriValid;
  lastUriValid = isPlainUri(s) || fullUri(s);
  lastUri = s;
  return lastUriValid;
}

let lastUri: string | undefined;
let lastUriValid = false;

/** [a-z0-9-._~!$&'()*+,;=] either case: a host character of the plain shape. */
function isRegNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 45 ||
    c === 46 ||
    c === 95 ||
    c === 126 ||
    c === 33 ||
    c === 36 ||
    (c >= 38 && c <= 44) ||
    c === 59 ||
    c === 61
  );
}

/** scheme://host[:digits](/pchar*)* without %, ?, # or userinfo (a subset of the full uri format). */
function isPlainUri(s: string): boolean {
  const n = s.length;
  let c = s.charCodeAt(0);
  if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) return false;
  let i = 1;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46))
      break;
  }
  if (s.charCodeAt(i) !== 58 || s.charCodeAt(i + 1) !== 47 || s.charCodeAt(i + 2) !== 47) return false;
  i += 3;
  while (i < n && isRegNameChar(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) === 58 /* : */) {
    i++;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  }
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    // path: "/" and pchar (host characters, ":" and "@")
    if (!(c === 47 || c === 58 || c === 64 || isRegNameChar(c))) return false;
  }
  return true;
}

/**
 * ajv-formats' uuid format, /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i, as a
 * character loop (every id and appId of a manifest is checked; the regex cost more).
 */
export function isUuidFormat(s: string): boolean {
  return s.length === 36
    ? isGuidAt(s, 0)
    : s.length === 45 && s.slice(0, 9).toLowerCase() === 'urn:uuid:' && isGuidAt(s, 9);
}

/** At most this many schema findings are mapped; the rest are summarised in one problem. */
export const MAX_SCHEMA_PROBLEMS = 1000;

interface ValidateInput {
  readonly root: JsonNode;
  readonly value: unknown;
  readonly text: string;
  readonly format: ManifestFormat;
  readonly flavor: SchemaFlavor;
}

/** Validates a document against its flavour's schema and maps every error to a problem. */
export function schemaProblems(input: ValidateInput): Problem[] {
  const validate = validatorFor(input.flavor);
  const beta = betaProblems(input);
  if (validate(input.value)) {
    return beta;
  }
  const errors = validate.errors ?? [];
  const problems: Problem[] = [];
  const typeErrorPaths = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'type') typeErrorPaths.add(e.instancePath);
  }
  const template = input.format === 'teams-template';
  let dropped = 0;
  for (const e of errors) {
    if (problems.length >= MAX_SCHEMA_PROBLEMS) {
      dropped++;
      continue;
    }
    // A type error explains the value; enum/format errors on the same value would repeat it.
    if (
      e.keyword !== 'type' &&
      typeErrorPaths.has(e.instancePath) &&
      e.keyword !== 'additionalProperties' &&
      e.keyword !== 'required'
    ) {
      continue;
    }
    const problem = mapError(e, input, template);
    if (problem) problems.push(problem);
  }
  problems.push(...beta);
  if (dropped > 0) {
    problems.push({
      ruleId: 'schema-truncated',
      severity: 'info',
      message: `${dropped} more schema findings are not listed. Fix the ones above first.`,
      offset: input.root.offset,
      length: 1,
      path: '',
    });
  }
  return problems;
}

/** Top-level properties the schema marks as beta only, set to something other than null. */
function betaProblems(input: ValidateInput): Problem[] {
  const value = input.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const props = schemas[input.flavor].properties ?? {};
  const out: Problem[] = [];
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || !Object.hasOwn(props, name) || props[name]!['x-graphVersion'] !== 'beta') continue;
    const key = keyOf(nodeAtPath(input.root, [name]) ?? input.root);
    if (!key) continue;
    out.push({
      ruleId: 'schema-beta-property',
      severity: 'hint',
      message: `"${name}" exists only in Microsoft Graph beta; Graph v1.0 ignores it (the name is right, the version is not). Set it through the beta endpoint if you need it.`,
      offset: key.offset,
      length: key.length,
      path: `/${escapePointerToken(name)}`,
    });
  }
  return out;
}

function mapError(e: ErrorObject, input: ValidateInput, template: boolean): Problem | undefined {
  const segments = fromPointer(e.instancePath);
  const node = nodeAtPath(input.root, segments);
  if (!node) {
    return undefined;
  }
  const where = describePath(segments);
  switch (e.keyword) {
    case 'additionalProperties':
      return unknownProperty(e, input, node, segments);
    case 'required': {
      const missing = String((e.params as { missingProperty?: string }).missingProperty);
      const key = keyOf(node);
      const anchor = key ?? { offset: node.offset, length: 1 };
      return {
        ruleId: 'schema-required',
        severity: 'error',
        message: `${where} is missing the required property "${missing}". Add "${missing}".`,
        offset: anchor.offset,
        length: anchor.length,
        path: e.instancePath,
      };
    }
    case 'type': {
      if (template && node.type === 'string' && isWholePlaceholder(String(node.value))) return undefined;
      const expected = typeWords((e.params as { type: string | string[] }).type);
      return {
        ruleId: 'schema-type',
        severity: 'error',
        message: `${where} must be ${expected}, not ${nodeTypeWord(node)}.`,
        offset: node.offset,
        length: node.length,
        path: e.instancePath,
      };
    }
    case 'enum': {
      if (template && node.type === 'string' && hasPlaceholder(String(node.value))) return undefined;
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
          message: `${where}: ${JSON.stringify(actual)} has the wrong case; the value is ${JSON.stringify(caseMatch)} (values are case-sensitive).`,
          offset: node.offset,
          length: node.length,
          path: e.instancePath,
          fixes: [
            lazyFix(
              `Change to ${JSON.stringify(caseMatch)}`,
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
        message: `${where}: ${JSON.stringify(actual)} is not allowed.${near ? ` Did you mean ${JSON.stringify(near)}?` : ''} Allowed: ${list}.`,
        offset: node.offset,
        length: node.length,
        path: e.instancePath,
        ...(near
          ? {
              fixes: [
                lazyFix(`Change to ${JSON.stringify(near)}`, () => [
                  { offset: node.offset, length: node.length, content: JSON.stringify(near) },
                ]),
              ],
            }
          : {}),
      };
    }
    case 'format': {
      const fmt = String((e.params as { format?: string }).format);
      const value = String(node.value);
      if (template && (hasPlaceholder(value) || isFriendlyNamePosition(segments))) return undefined;
      const words: Record<string, string> = {
        uuid: 'a GUID such as 00000000-0000-0000-0000-000000000000',
        uri: 'an absolute URI (scheme and no spaces)',
        'date-time': 'an ISO 8601 date-time with time zone, e.g. 2025-01-31T00:00:00Z',
      };
      const fixes: Fix[] = [];
      if (fmt === 'uuid' && isDefinitionId(segments)) {
        fixes.push(newGuidFix(node));
      }
      return {
        ruleId: 'schema-format',
        severity: 'error',
        message: `${where}: ${JSON.stringify(value)} is not ${words[fmt] ?? `a valid ${fmt}`}.`,
        offset: node.offset,
        length: node.length,
        path: e.instancePath,
        ...(fixes.length > 0 ? { fixes } : {}),
      };
    }
    case 'uniqueItems': {
      const j = (e.params as { j?: number }).j ?? 0;
      const dup = node.children?.[j] ?? node;
      return {
        ruleId: 'schema-unique-items',
        severity: 'error',
        message: `${where} lists ${JSON.stringify(dup.value)} more than once. Remove the repeat.`,
        offset: dup.offset,
        length: dup.length,
        path: `${e.instancePath}/${j}`,
      };
    }
    case 'pattern':
      if (template && node.type === 'string' && hasPlaceholder(String(node.value))) return undefined;
      return {
        ruleId: 'schema-pattern',
        severity: 'error',
        message: `${where}: ${JSON.stringify(node.value)} does not have the expected form (${String((e.params as { pattern?: string }).pattern)}).`,
        offset: node.offset,
        length: node.length,
        path: e.instancePath,
      };
    default:
      return {
        ruleId: `schema-${e.keyword.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`,
        severity: 'error',
        message: `${where} does not satisfy the schema (${e.keyword}).`,
        offset: node.offset,
        length: node.length,
        path: e.instancePath,
      };
  }
}

function unknownProperty(
  e: ErrorObject,
  input: ValidateInput,
  objectNode: JsonNode,
  segments: string[],
): Problem | undefined {
  const name = String((e.params as { additionalProperty?: string }).additionalProperty);
  const valueNode = nodeAtPath(objectNode, [name]);
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
        ? `"${name}" is a legacy Azure AD Graph key; in the Microsoft Graph format it is ${target}. Do not mix the two formats in one file.`
        : `"${name}" is a legacy Azure AD Graph key with no Microsoft Graph equivalent; remove it.`,
      offset: key.offset,
      length: key.length,
      path,
      tags: ['deprecated'],
    };
  }
  const known = propertyNames(schemaObjectAt(input.flavor, e.schemaPath));
  const near = closest(name, known);
  const fixes: Fix[] = near
    ? [
        lazyFix(
          `Rename to "${near}"`,
          () => [{ offset: key.offset, length: key.length, content: JSON.stringify(near) }],
          true,
        ),
      ]
    : [];
  const where = describePath(segments);
  const other =
    input.flavor === 'legacy' && atTop && Object.hasOwn(schemas.graph.properties ?? {}, name)
      ? ' It belongs to the Microsoft Graph format; do not mix the two formats in one file.'
      : '';
  return {
    ruleId: 'schema-unknown-property',
    severity: 'warning',
    message: `Unknown property "${name}" in ${where}.${near ? ` Did you mean "${near}"?` : ' Microsoft Graph ignores or rejects it; check the spelling.'}${other}`,
    offset: key.offset,
    length: key.length,
    path,
    ...(fixes.length > 0 ? { fixes } : {}),
  };
}

const enumCache = new WeakMap<readonly unknown[], { allowed: readonly unknown[]; list: string }>();
const NO_VALUES: readonly unknown[] = [];

/** A schema enum without null, and its listing for messages (read once per enum, which never changes). */
function enumValues(values: readonly unknown[] | undefined): { allowed: readonly unknown[]; list: string } {
  const key = values ?? NO_VALUES;
  let hit = enumCache.get(key);
  if (!hit) {
    const allowed = key.filter((v) => v !== null);
    hit = { allowed, list: allowed.map((v) => JSON.stringify(v)).join(', ') };
    enumCache.set(key, hit);
  }
  return hit;
}

const propertyNameCache = new WeakMap<SchemaNode, readonly string[]>();

/** The property names a schema object declares (read once per schema object, which never changes). */
function propertyNames(node: SchemaNode | undefined): readonly string[] {
  if (!node) return [];
  let names = propertyNameCache.get(node);
  if (!names) {
    names = Object.keys(node.properties ?? {});
    propertyNameCache.set(node, names);
  }
  return names;
}

/** Resolves the schema object an ajv schemaPath (ending in /additionalProperties) points into. */
function schemaObjectAt(flavor: SchemaFlavor, schemaPath: string): SchemaNode | undefined {
  const tokens = fromPointer(schemaPath.replace(/^#/, ''));
  tokens.pop();
  let node: unknown = schemas[flavor];
  for (const t of tokens) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[t];
  }
  return node as SchemaNode | undefined;
}

/** The schema node that describes the value at a JSON path (follows properties, items and $ref). */
export function schemaAtPath(flavor: SchemaFlavor, path: readonly (string | number)[]): SchemaNode | undefined {
  const root = schemas[flavor];
  let node: SchemaNode | undefined = root;
  const deref = (n: SchemaNode | undefined): SchemaNode | undefined => {
    if (n?.$ref?.startsWith('#/definitions/')) {
      const target = root.definitions?.[n.$ref.slice('#/definitions/'.length)];
      return target ? { ...target, description: n.description ?? target.description } : undefined;
    }
    return n;
  };
  node = deref(node);
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number' || /^\d+$/.test(segment)) {
      node = deref(node.items);
    } else {
      node = node.properties && Object.hasOwn(node.properties, segment) ? deref(node.properties[segment]) : undefined;
    }
  }
  return node;
}

/** Friendly names (e.g. "Microsoft Graph", "User.Read") are legal in templates' requiredResourceAccess. */
function isFriendlyNamePosition(segments: readonly string[]): boolean {
  return (
    segments[0] === 'requiredResourceAccess' &&
    (segments[2] === 'resourceAppId' || (segments[2] === 'resourceAccess' && segments[4] === 'id'))
  );
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

function typeWords(type: string | string[]): string {
  const list = (Array.isArray(type) ? type : String(type).split(',')).filter((t) => t !== 'null');
  const word = (t: string): string =>
    t === 'array' ? 'an array' : t === 'object' ? 'an object' : t === 'integer' ? 'an integer' : `a ${t}`;
  const base = list.map(word).join(' or ');
  return (Array.isArray(type) ? type : String(type).split(',')).includes('null') ? `${base} (or null)` : base;
}

function nodeTypeWord(node: JsonNode): string {
  switch (node.type) {
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    case 'null':
      return 'null';
    case 'string':
      return `the string ${truncate(JSON.stringify(node.value))}`;
    default:
      return `${node.type === 'number' ? 'the number' : 'the boolean'} ${String(node.value)}`;
  }
}

function truncate(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '..."' : s;
}

/** True for a non-empty string of ASCII digits (an array index in a pointer). */
function isIndex(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** "signInAudience", "web.redirectUris[0]" or "the application object". */
export function describePath(segments: readonly (string | number)[]): string {
  if (segments.length === 0) return 'the application object';
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number' || isIndex(s)) out += `[${s}]`;
    else out += (out ? '.' : '') + s;
  }
  return out;
}

/** The closest candidate within a small edit distance (or a case-insensitive match). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
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
