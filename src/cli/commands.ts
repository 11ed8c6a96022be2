import type { CliCommand } from './types';
import { auditCommand } from './audit';
import { decodeCommand } from './decode';
import { lintCommand } from './lint';

/** The subcommands of `entra-workbench`, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [auditCommand, decodeCommand, lintCommand];
