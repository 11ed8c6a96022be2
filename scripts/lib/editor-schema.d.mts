/** The editor form of one schema node (see editor-schema.mjs). */
export function editorSchema(node: unknown): unknown;
/** The two editor schemas as file name -> JSON text, from the schemas folder of `root`. */
export function editorSchemaFiles(root: string): Record<string, string>;
/** A copy of a schema with every description translated (schema keywords only). */
export function translatedSchema(node: unknown, translate: (english: string) => string): unknown;
/** Where the schemas of one display language are, relative to the extension folder. */
export function localeSchemaDir(locale: string): string;
/** The schemas of one display language as path (relative to the extension folder) -> JSON text. */
export function localeSchemaFiles(
  root: string,
  locale: string,
  translate: (english: string) => string,
): Record<string, string>;
