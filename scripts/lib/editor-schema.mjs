// The schemas VS Code's own JSON support gets through `jsonValidation` (schemas/editor/), derived
// from the two application schemas the engine validates with. They keep what helps while editing:
// descriptions (hovers), property names and allowed values (completions, as `examples`), and
// insert defaults for objects, arrays and booleans. They drop every keyword that would make VS Code
// report a finding of its own (types, enums, formats, patterns, required, unknown properties,
// unique items): the manifest engine reports those once, with ranges, fixes and template awareness.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Keywords that only validate: dropped. */
const VALIDATION_ONLY = new Set([
  'format',
  'pattern',
  'required',
  'uniqueItems',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'const',
  'not',
]);

/** Keywords whose value is a map of names to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);

/** Derives the editor form of one schema node (recursively). */
export function editorSchema(node) {
  if (Array.isArray(node)) return node.map(editorSchema);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (VALIDATION_ONLY.has(key) || key === 'type' || key === 'enum') continue;
    if (key === 'additionalProperties') {
      // `false` only forbids; a schema describes the values of a map (kept for completions).
      if (value !== null && typeof value === 'object') out[key] = editorSchema(value);
      continue;
    }
    if (SCHEMA_MAPS.has(key)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, editorSchema(s)]));
      continue;
    }
    out[key] = editorSchema(value);
  }
  const types = node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
  if (Array.isArray(node.enum) && out.examples === undefined) {
    const values = node.enum.filter((v) => v !== null);
    if (values.length > 0) out.examples = values;
  } else if (types.includes('boolean') && out.examples === undefined) {
    out.examples = [true, false];
  }
  if (out.default === undefined) {
    if (types.includes('object')) out.default = {};
    else if (types.includes('array')) out.default = [];
  }
  return out;
}

/** The two editor schemas as file name -> JSON text, from the schemas folder of `root`. */
export function editorSchemaFiles(root) {
  const files = {};
  for (const flavor of ['graph', 'legacy']) {
    const source = JSON.parse(readFileSync(join(root, 'schemas', `application.${flavor}.schema.json`), 'utf8'));
    const derived = editorSchema(source);
    derived.description =
      `${source.description ?? ''} Editor form (descriptions and suggestions only; the Entra manifest checks report the findings). Generated from application.${flavor}.schema.json by npm run schemas:editor.`.trim();
    files[`application.${flavor}.schema.json`] = `${JSON.stringify(derived, null, 2)}\n`;
  }
  return files;
}

/** Keywords whose value is a schema or a list of schemas. */
const SUBSCHEMAS = new Set(['items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'not']);

/**
 * A copy of a schema whose every `description` is `translate(description)`. Only schema keywords are
 * walked, as scripts/l10n.mjs does when it collects them: values (`examples`, `default`, `enum`) and
 * property names stay as they are.
 */
export function translatedSchema(node, translate) {
  if (Array.isArray(node)) return node.map((n) => translatedSchema(n, translate));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' && typeof value === 'string') out[key] = translate(value);
    else if (SCHEMA_MAPS.has(key) && value && typeof value === 'object')
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, translatedSchema(s, translate)]));
    else if (SUBSCHEMAS.has(key)) out[key] = translatedSchema(value, translate);
    else out[key] = value;
  }
  return out;
}

/** Where the schemas of one display language are, relative to the extension folder. */
export const localeSchemaDir = (locale) => `schemas/l10n/${locale}`;

/**
 * The schemas VS Code's JSON support gets in one display language, as path (relative to the
 * extension folder) -> JSON text: the contributed schema and the two editor schemas, each description
 * translated with `translate` (English text in, translation out). The contributed schema's relative
 * `$ref`s find the translated editor schemas next to it. Each editor schema's own description is the
 * translated one of its application schema (without the English note on how it is generated).
 */
export function localeSchemaFiles(root, locale, translate) {
  const dir = localeSchemaDir(locale);
  const read = (name) => JSON.parse(readFileSync(join(root, 'schemas', name), 'utf8'));
  const text = (schema) => `${JSON.stringify(schema, null, 2)}\n`;
  const files = {
    [`${dir}/application.schema.json`]: text(translatedSchema(read('application.schema.json'), translate)),
  };
  for (const flavor of ['graph', 'legacy']) {
    const source = read(`application.${flavor}.schema.json`);
    files[`${dir}/editor/application.${flavor}.schema.json`] = text(translatedSchema(editorSchema(source), translate));
  }
  return files;
}
