/** Where a command reads and writes; injectable for tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
}

/** A subcommand of the command-line tool. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Runs the command and resolves to the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}
