/**
 * The AADSTS codes app developers meet most, explained offline: what the code means and what to
 * change. Written for this project from Microsoft's error code reference (each entry links it and
 * the sign-in service's own lookup page, which is always current). This is the only copy of this
 * knowledge in the code base: the CLI, the VS Code command and the tests all read it from here.
 */

export const errorCodesDocs = 'https://learn.microsoft.com/entra/identity-platform/reference-error-codes';

/** The sign-in service's lookup page for one code (always the most current text). */
export function lookupUrl(code: string): string {
  return `https://login.microsoftonline.com/error?code=${encodeURIComponent(code)}`;
}

import { credentialsCodes } from './codeTables/credentials';
import { registrationCodes } from './codeTables/registration';
import { signInCodes } from './codeTables/signIn';
import type { CodeInfo, CodeTopic } from './codeTables/types';
// The type-only import marks this file's `l10n.t` calls for the bundle extractor (see text/localizer.ts).
import type * as l10n from '@vscode/l10n';
import { english, type Localizer } from '../text/localizer';

export type { CodeInfo, CodeTopic } from './codeTables/types';

const table: readonly CodeInfo[] = [...registrationCodes, ...credentialsCodes, ...signInCodes];

const byCode: ReadonlyMap<string, CodeInfo> = new Map(table.map((c) => [c.code, c]));

/** Every known code, in the table's order. */
export function knownCodes(): readonly CodeInfo[] {
  return table;
}

export interface CodeExplanation {
  readonly code: string;
  readonly known: boolean;
  readonly title: string;
  readonly meaning: string;
  readonly fix: string;
  readonly who?: CodeInfo['who'];
  readonly topics: readonly CodeTopic[];
  /** The error code reference, the code's lookup page, and a topic page when there is one. */
  readonly links: readonly string[];
}

/** "Usually fixed by the developer." */
export function whoFixes(who: CodeInfo['who'], l10n: Localizer<l10n.L10nReplacement> = english): string {
  return who === 'developer'
    ? l10n.t('Usually fixed by the developer.')
    : who === 'admin'
      ? l10n.t('Usually fixed by the admin.')
      : l10n.t('Usually fixed by the user.');
}

/** The explanation of a code (digits, with or without the AADSTS prefix); unknown codes say so. */
export function explainCode(raw: string, l10n: Localizer<l10n.L10nReplacement> = english): CodeExplanation {
  const code = raw.replace(/^AADSTS/i, '');
  const info = byCode.get(code);
  if (!info) {
    return {
      code,
      known: false,
      title: l10n.t("AADSTS{0} is not in this extension's table", code),
      meaning: l10n.t('This code is not one of those explained offline here.'),
      fix: l10n.t(
        'Open the lookup page below for Microsoft’s current description and fix; the trace and correlation ids help an administrator find the request in the sign-in logs.',
      ),
      topics: [],
      links: [lookupUrl(code), errorCodesDocs],
    };
  }
  return {
    code,
    known: true,
    ...info.text(l10n),
    who: info.who,
    topics: info.topics,
    links: [errorCodesDocs, lookupUrl(code), ...(info.more ? [info.more] : [])],
  };
}
