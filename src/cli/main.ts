// The `entra-workbench` command-line tool. Subcommands live in ./commands and share src/core.
import * as l10n from '@vscode/l10n';
import { catalogDateLine } from '../core/entra/permissions';
import { productName, version } from '../core/version';
import { commands } from './commands';
import { localeFromEnv, takeLocaleOption, useLocale } from './l10n';
import { type CliIo, StdinTooLargeError } from './types';
import { errorText } from '../core/graph/errors';

export function helpText(): string {
  const lines = [
    l10n.t('{0} {1}: Microsoft Entra ID app manifests and tokens from the command line', productName, version),
    '',
    l10n.t('Usage: {0} <command> [options]', productName),
    '',
    l10n.t('Commands:'),
    ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    '',
    l10n.t('Options:'),
    `  -h, --help     ${l10n.t("show this help (or a command's help: <command> --help)")}`,
    `  -v, --version  ${l10n.t('print the version')}`,
    `  --locale L     ${l10n.t('language of the messages (default: LC_ALL, LC_MESSAGES or LANG; English without a translation)')}`,
    '',
    l10n.t('About: {0}; regenerate with npm run catalog:generate.', catalogDateLine()),
  ];
  return lines.join('\n') + '\n';
}

export async function main(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const { args, locale } = takeLocaleOption(argv);
  useLocale(locale ?? localeFromEnv(env));
  const [first, ...rest] = args;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.stdout(helpText());
    return 0;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    io.stderr(
      `${productName}: ${l10n.t("unknown command '{0}'. Run '{1} --help' for the list.", first, productName)}\n`,
    );
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest, io);
}

function readStdin(maxBytes = Infinity): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    process.stdin.on('data', (c: Buffer) => {
      length += c.length;
      if (length > maxBytes) {
        // Stop reading at once: the rest is never buffered.
        process.stdin.destroy();
        reject(new StdinTooLargeError(maxBytes));
        return;
      }
      chunks.push(c);
    });
    process.stdin.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

if (require.main === module) {
  // A reader that stops early (`entra-workbench lint … | head`) closes the pipe: further output is
  // dropped instead of crashing with EPIPE, and the exit code stays the command's.
  let stdoutClosed = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    stdoutClosed = true;
  });
  const io: CliIo = {
    stdout: (t) => {
      if (!stdoutClosed) process.stdout.write(t);
    },
    stderr: (t) => process.stderr.write(t),
    readStdin,
    interactive: Boolean(process.stdin.isTTY),
    confirm: async (question) => {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^y(es)?$/i.test((await rl.question(question)).trim());
      } finally {
        rl.close();
      }
    },
  };
  main(process.argv.slice(2), io, process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${productName}: ${errorText(err, l10n)}\n`);
      process.exitCode = 2;
    },
  );
}
