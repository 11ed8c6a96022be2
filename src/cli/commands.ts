import type { CliCommand } from './types';
import { auditCommand } from './audit';
import { certCommand } from './cert';
import { decodeCommand } from './decode';
import { explainCommand } from './explain';
import { lintCommand } from './lint';
import { applyCommand, planCommand } from './plan';
import { pullCommand } from './pull';
import { secretCommand } from './secret';

/** The subcommands of `entra-workbench`, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [
  auditCommand,
  decodeCommand,
  explainCommand,
  lintCommand,
  pullCommand,
  planCommand,
  applyCommand,
  secretCommand,
  certCommand,
];
