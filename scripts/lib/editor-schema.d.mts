/** The editor form of one schema node (see editor-schema.mjs). */
export function editorSchema(node: unknown): unknown;
/** The two editor schemas as file name -> JSON text, from the schemas folder of `root`. */
export function editorSchemaFiles(root: string): Record<string, string>;
