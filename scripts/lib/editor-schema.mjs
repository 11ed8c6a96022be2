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
