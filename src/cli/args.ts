// Command-line options for every subcommand: node's `parseArgs` (strict), with messages that
// name the option as the user typed it.
import * as l10n from '@vscode/l10n';
import { parseArgs } from 'node:util';

export type OptionSpecs = Record<string, { readonly type: 'string' | 'boolean'; readonly multiple?: boolean }>;

type Value<S> = S extends { type: 'boolean' } ? boolean : S extends { multiple: true } ? string[] : string;

export interface ParsedArgs<T extends OptionSpecs> {
  readonly values: { [K in keyof T]?: Value<T[K]> };
  /** Arguments that are not options: everything after `--`, and `-` (stdin). */
  readonly positionals: string[];
}

/** `--name=value` and `--name value` both work; `--` ends the options. Returns a usage message on failure. */
export function parseOptions<const T extends OptionSpecs>(
  args: readonly string[],
  options: T,
  allowPositionals = true,
): ParsedArgs<T> | string {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals, strict: true });
    return parsed as unknown as ParsedArgs<T>;
  } catch (err) {
    return usageMessage(err);
  }
}

function usageMessage(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return l10n.t('unknown option {0}', option ?? message);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take'))
        return option ? l10n.t('{0} takes no value', option) : l10n.t('this option takes no value');
      if (message.includes('ambiguous'))
        return option
          ? l10n.t('{0} needs a value (for a value starting with "-" write {0}=…)', option)
          : l10n.t('this option needs a value (for a value starting with "-" write --option=…)');
      return option ? l10n.t('{0} needs a value', option) : l10n.t('this option needs a value');
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /'([^']*)'/.exec(message)?.[1] ?? '';
      return arg ? l10n.t('unexpected argument {0}', arg) : l10n.t('unexpected argument');
    }
    default:
      return message;
  }
}
