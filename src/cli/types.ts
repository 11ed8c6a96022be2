/** Where a command reads and writes; injectable for tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  /** Whether stdin is a terminal a person can answer questions on (default: no). */
  readonly interactive?: boolean;
  /** Asks a yes/no question on the terminal (only when `interactive`). */
  readonly confirm?: (question: string) => Promise<boolean>;
}

/** A subcommand of the command-line tool. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Runs the command and resolves to the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}
