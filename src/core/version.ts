import { version as packageVersion, name as packageName } from '../../package.json';

/** The product's version, read from package.json at build time. */
export const version: string = packageVersion;
/** The extension and command-line tool name. */
export const productName: string = packageName;
