/** Bundles the TypeScript entry `entry` (and what it imports) into `outfile` (see benchBundle.mjs). */
export function bundleForNode(entry: string, outfile: string): Promise<void>;
