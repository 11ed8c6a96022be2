// Types of scripts/l10n.mjs for the tests that import it.
export declare const bundlePath: string;
export declare function schemaDescriptions(files?: readonly string[]): string[];
export declare function exportBundle(outDir: string): Record<string, unknown>;
export declare function bundleDrift(): string[];
export declare function writePseudoBundles(extensionDir: string): void;
export declare const schemaUrlKey: string;
export declare function localeSchemaUrl(locale: string): string;
export declare function writeLocaleSchemas(extensionDir: string): string[];
export declare function localeSchemaProblems(extensionDir?: string): string[];
