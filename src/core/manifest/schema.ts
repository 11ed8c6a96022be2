// Schema validation: the two application schemas compiled once with ajv (each on first use);
// ajv's errors become problems in schemaErrors.ts. The schema modules' public names are exported here.
import Ajv, { type Options, type ValidateFunction } from 'ajv';
import type { SchemaFlavor } from './format';
import { keyOf, nodeAtPath, escapePointerToken } from './json';
import { schemaFormats } from './schemaFormats';
import { graph as validateGraph, legacy as validateLegacy } from './schemaValidators.generated';
import { boundedValue, cutListProblems, type BoundedValue } from './schemaBound';
import { mapError, type ValidateInput } from './schemaErrors';
import { PathResolver } from './schemaPaths';
import { schemas } from './schemaModel';
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';
import type { Problem } from './types';
import { formatCount } from '../text/count';

export { schemaRules } from './schemaRules';
export { isUriFormat, isUuidFormat } from './schemaFormats';
export { schemas, schemaAtPath, type SchemaNode } from './schemaModel';
export { closest } from './schemaErrors';
export { describePath } from './schemaPaths';

/** The validator of a flavour: code ajv generated from the schema at build time (see createAjv). */
export function validatorFor(flavor: SchemaFlavor): ValidateFunction {
  return (flavor === 'graph' ? validateGraph : validateLegacy) as unknown as ValidateFunction;
}

/**
 * The ajv instance the validators are made with (scripts/generate-validators.ts; a unit test
 * checks that the generated file is what it makes). Compiling both schemas takes about 150 ms, so
 * it is done once, at build time, not on the first lint of each flavour.
 */
export function createAjv(options: Options = {}): Ajv {
  const instance = new Ajv({ allErrors: true, strict: false, messages: false, validateSchema: false, ...options });
  for (const [name, format] of Object.entries(schemaFormats)) instance.addFormat(name, format);
  return instance;
}

/** At most this many schema findings are mapped; the rest are summarised in one problem. */
export const MAX_SCHEMA_PROBLEMS = 1000;

/**
 * Validates a document against its flavour's schema and maps every error to a problem. Lists far
 * past Entra's limits are validated up to a bound, with one info finding each (schemaBound.ts).
 */
export function schemaProblems(
  input: ValidateInput,
  l10n: Localizer<l10n.L10nReplacement> = english,
  /** boundedValue(input.value, input.flavor), when the caller has it. */
  known?: BoundedValue,
): Problem[] {
  const validate = validatorFor(input.flavor);
  // Findings about the value as a whole: beta-only properties, lists not checked in full.
  const notes = betaProblems(input, l10n);
  const bounded = known ?? boundedValue(input.value, input.flavor);
  if (bounded.cut.length > 0) notes.push(...cutListProblems(bounded.cut, input.root, input.keyIndex, l10n));
  if (validate(bounded.value)) {
    return notes;
  }
  const errors = validate.errors ?? [];
  const problems: Problem[] = [];
  const typeErrorPaths = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'type') typeErrorPaths.add(e.instancePath);
  }
  const template = input.format === 'teams-template';
  const paths = new PathResolver(input.root, input.keyIndex);
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
    const problem = mapError(e, input, paths, template, l10n);
    if (problem) problems.push(problem);
  }
  problems.push(...notes);
  if (dropped > 0) {
    problems.push({
      ruleId: 'schema-truncated',
      severity: 'info',
      message: l10n.t('{0} more schema findings are not listed. Fix the ones above first.', formatCount(dropped)),
      offset: input.root.offset,
      length: 1,
      path: '',
    });
  }
  return problems;
}

/** Top-level properties the schema marks as beta only, set to something other than null. */
function betaProblems(input: ValidateInput, l10n: Localizer<l10n.L10nReplacement>): Problem[] {
  const value = input.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const props = schemas[input.flavor].properties ?? {};
  const out: Problem[] = [];
  // The schema's few beta properties looked up in the value (which may have very many keys).
  for (const [name, schema] of Object.entries(props)) {
    if (schema['x-graphVersion'] !== 'beta' || !Object.hasOwn(value, name)) continue;
    const v = (value as Record<string, unknown>)[name];
    if (v === null) continue;
    const key = keyOf(nodeAtPath(input.root, [name], input.keyIndex) ?? input.root);
    if (!key) continue;
    out.push({
      ruleId: 'schema-beta-property',
      severity: 'hint',
      message: l10n.t(
        '"{0}" exists only in Microsoft Graph beta; Graph v1.0 ignores it (the name is right, the version is not). Set it through the beta endpoint if you need it.',
        name,
      ),
      offset: key.offset,
      length: key.length,
      path: `/${escapePointerToken(name)}`,
    });
  }
  return out;
}
