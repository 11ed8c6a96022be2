/**
 * What an expanded app registration shows in the tenant explorer, built from the model's data:
 * sections (Overview, Authentication, …) with their rows, as plain data. The explorer turns rows into
 * tree nodes; this module knows nothing of the editor. Texts shown to the user go through `t`
 * (the editor's translator, `{0}` placeholders), tooltips are Markdown lines with untrusted parts escaped.
 */
import type * as l10n from '@vscode/l10n';
import type { Localizer } from './expiry';
import type { AppDetails } from './model';
import { enterpriseSection, ownersSection, permissionsSection } from './sections/access';
import {
  apiSection,
  authenticationSection,
  credentialsSection,
  overviewSection,
  rolesSection,
} from './sections/registration';
import type { AppNames, ValueRow } from './sections/rows';

export type { Localizer, Translate } from './expiry';
/** A value filled into a row's text (`{0}`). */
export type TextArg = l10n.L10nReplacement;
export {
  attentionCount,
  credentialSummary,
  expiringSoonDays,
  expiryState,
  readableDate,
  type ExpiryState,
} from './expiry';

export { sectionContextValue } from './sections/rows';
export type { AppNames, ErrorRow, RowIcon, SectionRow, ValueRow } from './sections/rows';

/** The sections of an expanded app, in order, from its details (no requests). */
export function appSections(d: AppDetails, names: AppNames, now: number, l10n: Localizer): ValueRow[] {
  const input = { d, names, now, l10n };
  return [
    overviewSection(input),
    authenticationSection(input),
    credentialsSection(input),
    apiSection(input),
    rolesSection(input),
    permissionsSection(input),
    ownersSection(input),
    enterpriseSection(input),
  ];
}
