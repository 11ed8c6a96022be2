// The command-line tool's strings come from the extension's bundle (l10n/bundle.l10n.<locale>.json,
// the same keys as the editor's vscode.l10n.t calls). The locale is `--locale`, else
// ENTRA_WORKBENCH_LOCALE, LC_ALL, LC_MESSAGES or LANG; without a bundle for it the text is English.
import * as l10n from '@vscode/l10n';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A POSIX or BCP 47 locale name in VS Code's form: `de_DE.UTF-8` → `de-de`; `C`/`POSIX`/empty → undefined. */
export function normalizeLocale(raw: string | undefined): string | undefined {
  const name = (raw ?? '').trim().split(/[.@]/)[0]!.replace(/_/g, '-').toLowerCase();
  if (!name || name === 'c' || name === 'posix') return undefined;
  return /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(name) ? name : undefined;
}

/** The locale the environment asks for (the first of ENTRA_WORKBENCH_LOCALE, LC_ALL, LC_MESSAGES, LANG that is set). */
export function localeFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  for (const key of ['ENTRA_WORKBENCH_LOCALE', 'LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[key];
    if (value) return normalizeLocale(value);
  }
  return undefined;
}

/** Removes `--locale X` / `--locale=X` from the arguments; returns the rest and the locale given. */
export function takeLocaleOption(argv: readonly string[]): { args: string[]; locale?: string } {
  const args: string[] = [];
  let locale: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--locale' && i + 1 < argv.length) locale = argv[++i];
    else if (a.startsWith('--locale=')) locale = a.slice('--locale='.length);
    else args.push(a);
  }
  return locale === undefined ? { args } : { args, locale };
}

/** The language of the bundle in use (`en` when none): what an HTML page names in its `lang`. */
let language = 'en';
export const messageLanguage = (): string => language;

/** Folders that may hold the bundles: beside dist/ when bundled, the repository's l10n/ when run from source. */
function bundleDirs(): string[] {
  return [join(__dirname, '..', 'l10n'), join(__dirname, '..', '..', 'l10n')];
}

/**
 * Loads the bundle for a locale (`de-de`, then `de`); English (no bundle) when none exists.
 * Returns the file used, if any. Only bundle files are read: the locale never names a path.
 */
export function useLocale(locale: string | undefined, dirs: readonly string[] = bundleDirs()): string | undefined {
  l10n.config({ contents: {} });
  language = 'en';
  const name = normalizeLocale(locale);
  if (!name || name === 'en' || name.startsWith('en-')) return undefined;
  const candidates = [name, ...(name.includes('-') ? [name.split('-')[0]!] : [])];
  for (const candidate of candidates) {
    for (const dir of dirs) {
      const file = join(dir, `bundle.l10n.${candidate}.json`);
      if (!existsSync(file)) continue;
      try {
        l10n.config({ contents: JSON.parse(readFileSync(file, 'utf8')) as Record<string, string> });
        language = candidate;
        return file;
      } catch {
        // An unreadable bundle leaves the text in English.
      }
    }
  }
  return undefined;
}
