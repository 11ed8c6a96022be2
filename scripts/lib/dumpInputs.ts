// What lint-dump.ts and decode-dump.ts share: their options (--fuzz N, --seed S, --out FILE) and
// the sorted, recursive list of input files under a folder.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface DumpOptions {
  readonly fuzz: number;
  readonly seed: number;
  readonly out?: string;
}

/** Parses the dump options; an unknown option exits 2 with the script's name. */
export function dumpOptions(script: string, args: readonly string[]): DumpOptions {
  let fuzz = 0;
  let seed = 1;
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--fuzz') fuzz = Number(args[++i]);
    else if (a === '--seed') seed = Number(args[++i]);
    else if (a === '--out') out = args[++i];
    else {
      console.error(`${script}: unknown option ${a}`);
      process.exit(2);
    }
  }
  return { fuzz, seed, ...(out ? { out } : {}) };
}

/** Files under `dir` (recursively, sorted) whose name matches `name`; none when the folder is absent. */
export function filesUnder(dir: string, name: RegExp): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...filesUnder(full, name));
    else if (name.test(entry)) found.push(full);
  }
  return found;
}
