/** Where a command reads and writes; injectable for tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** All of stdin as text; with `maxBytes`, rejects with StdinTooLargeError once more than that arrived (and stops reading). */
  readonly readStdin: (maxBytes?: number) => Promise<string>;
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

/** stdin held more than a command accepts. */
export class StdinTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`stdin holds more than ${maxBytes} bytes`);
    this.name = 'StdinTooLargeError';
  }
}
