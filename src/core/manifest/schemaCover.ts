// Which rule findings a schema finding on the same range already covers (dropped by the engine).
/**
 * Rule findings that repeat what a schema finding on the same range already says (one mistake
 * gets one problem): rule id -> the schema rule ids that cover it. A rule run on its own still
 * reports these; in a full lint the schema's problem (with its right-case or new-GUID fix) stays.
 */
export const COVERED_BY_SCHEMA: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  // Malformed or empty ids and appIds (format uuid), "scope"/"role" in the wrong case (enum).
  ['rra-id-invalid', new Set(['schema-format', 'schema-enum'])],
  ['permission-id-invalid', new Set(['schema-format'])],
  ['known-client-invalid', new Set(['schema-format'])],
  ['preauthorized-app-id', new Set(['schema-format'])],
  // An id that is not a GUID cannot name a scope: the format finding is the one mistake.
  ['preauthorized-unknown-scope', new Set(['schema-format'])],
  ['app-role-member-types', new Set(['schema-enum'])],
  // "Not an absolute URI" (format uri).
  ['identifier-uri-format', new Set(['schema-format'])],
  ['redirect-uri-scheme', new Set(['schema-format'])],
]);
