import type { CliCommand } from './types';
import { decodeCommand } from './decode';
import { explainCommand } from './explain';
import { lintCommand } from './lint';

/** The subcommands of `entra-workbench`, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [decodeCommand, explainCommand, lintCommand];
