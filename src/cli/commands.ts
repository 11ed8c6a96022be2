import type { CliCommand } from './types';

/** The subcommands of `entra-workbench`, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [];
