// Texts that core writes for people (explanations, findings, change descriptions) go through a
// Localizer the caller passes: `vscode.l10n` on the host, `@vscode/l10n` in the command-line tool and
// the HTML renderers, `english` by default. Core calls it as `l10n.t('English text with {0}', value)`
// on a parameter named `l10n`, with literal strings, so that @vscode/l10n-dev finds the texts for
// l10n/bundle.l10n.json (the type-only import below is what tells it a file has such calls).
// Write non-ASCII characters as they are in those literals, not as `\u` escapes: the extractor
// reads escapes wrongly, and the bundle key would then differ from the text looked up.
import type * as l10n from '@vscode/l10n';

/** Translates a message with `{0}`-style placeholders. */
export type Translate<Value = l10n.L10nReplacement> = (message: string, ...args: Value[]) => string;

/**
 * What translates: `vscode.l10n` on the host, `@vscode/l10n` elsewhere, `english` by default.
 * Core files write their parameters as `l10n: Localizer<l10n.L10nReplacement>`: that names their
 * own type-only import of @vscode/l10n, which is there for the extractor.
 */
export interface Localizer<Value = l10n.L10nReplacement> {
  readonly t: Translate<Value>;
}

/**
 * The English texts as written, with `{n}` placeholders filled in the way @vscode/l10n fills them
 * when its bundle has no entry (a message without arguments is returned as is).
 */
export const english: Localizer = {
  t: (message, ...args) =>
    args.length === 0
      ? message
      : message.replace(/\{([^}]+)\}/g, (match, key: string) => {
          const value = /^\d+$/.test(key) ? args[Number(key)] : undefined;
          return value === undefined ? match : String(value);
        }),
};
