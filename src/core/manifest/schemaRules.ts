// The schema-level and engine-level rule ids (syntax, schema, limits), for the rules table, the
// CLI's SARIF rules and the adapter's docs links. Registry rules describe themselves in rules/.
import type * as l10n from '@vscode/l10n';
import type { Localizer } from '../text/localizer';
import type { Severity } from './types';

const MANIFEST_REFERENCE = 'https://learn.microsoft.com/entra/identity-platform/reference-microsoft-graph-app-manifest';
const APPLICATION_RESOURCE = 'https://learn.microsoft.com/graph/api/resources/application';

/** A rule id the engine reports itself; `description` as in `Rule`. */
export interface EngineRule {
  readonly id: string;
  readonly severity: Severity;
  readonly description: (l10n: Localizer<l10n.L10nReplacement>) => string;
  readonly docs: string;
}

export const schemaRules: readonly EngineRule[] = [
  {
    id: 'json-syntax',
    severity: 'error',
    description: (l10n) =>
      l10n.t(
        'The file is valid JSON (jsonc-parser syntax errors). After 10,000 errors the rest of the file is not read, and one more finding says where reading stopped.',
      ),
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'json-comment',
    severity: 'error',
    description: (l10n) =>
      l10n.t(
        "No comments: Graph and the admin center reject them, and Teams Toolkit's aadApp/update reads templates with JSON.parse; an error in every app manifest (the CLI exits 1).",
      ),
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'json-trailing-comma',
    severity: 'error',
    description: (l10n) =>
      l10n.t(
        "No trailing commas: an error for the same reason as comments (Graph, the admin center and Teams Toolkit's aadApp/update all parse strict JSON).",
      ),
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'json-recovery',
    severity: 'info',
    description: (l10n) =>
      l10n.t(
        'Findings after the first syntax error are held back (the parser only guesses past it), with one note counting them.',
      ),
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'json-too-deep',
    severity: 'error',
    description: (l10n) =>
      l10n.t('Nesting deeper than 512 levels: reported once; the deeper values are skipped and the rest is checked.'),
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'json-duplicate-key',
    severity: 'error',
    description: (l10n) => l10n.t('No key appears twice in one object (only the last would count).'),
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'not-a-manifest',
    severity: 'info',
    description: (l10n) =>
      l10n.t('The file is recognised as an app manifest by content; otherwise one notice and nothing else.'),
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'schema-unknown-property',
    severity: 'warning',
    description: (l10n) =>
      l10n.t('A property the application schema does not know, with a "did you mean" for near misses.'),
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-beta-property',
    severity: 'hint',
    description: (l10n) =>
      l10n.t(
        'A property only Microsoft Graph beta has (windows, authenticationBehaviors, defaultRedirectUri...): Graph v1.0 ignores it. Null values, as the admin center writes them, are not reported.',
      ),
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-type',
    severity: 'error',
    description: (l10n) =>
      l10n.t('A value has the type the schema requires (string, boolean, array, object, integer).'),
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-enum',
    severity: 'error',
    description: (l10n) =>
      l10n.t(
        'A value is one of the allowed values (signInAudience, type, allowedMemberTypes...), with a right-case fix.',
      ),
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-format',
    severity: 'error',
    description: (l10n) => l10n.t('GUIDs, URIs and date-times are well formed.'),
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-required',
    severity: 'error',
    description: (l10n) =>
      l10n.t('Objects have their required properties (e.g. resourceAccess entries need id and type).'),
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-unique-items',
    severity: 'error',
    description: (l10n) => l10n.t('Arrays that must not repeat an item (allowedMemberTypes) do not.'),
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-pattern',
    severity: 'error',
    description: (l10n) => l10n.t('Strings match their pattern (e.g. two-letter country codes).'),
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-truncated',
    severity: 'info',
    description: (l10n) => l10n.t('Too many schema findings: the rest are not listed.'),
    docs: APPLICATION_RESOURCE,
  },
  {
    id: 'schema-not-fully-checked',
    severity: 'info',
    description: (l10n) =>
      l10n.t(
        'A list longer than 1,200 entries (past every Entra limit: 1,200 entries across a manifest) is checked against the schema up to its 1,200th entry, with one note saying how many were not.',
      ),
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'lint-limits',
    severity: 'info',
    description: (l10n) =>
      l10n.t(
        'Files over 2,000,000 characters, and manifests with a list longer than 1,200 entries, are not fully checked: syntax, schema and security checks (secrets in the file, wildcard redirect URIs, implicit access tokens, high-privilege permissions, mapped claims on multitenant apps) only, and for a long list the checks of list limits; the security checks read every entry.',
      ),
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'format-verdict',
    severity: 'info',
    description: (l10n) =>
      l10n.t(
        'Command line, with --verdicts: one record per file naming its format verdict (graph, legacy, teams-template, partial, not-manifest), clean files included.',
      ),
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'file-unreadable',
    severity: 'error',
    description: (l10n) =>
      l10n.t(
        'Command line: a file that cannot be read (missing, a folder, no permission) is an error, and the run exits 2.',
      ),
    docs: MANIFEST_REFERENCE,
  },
  {
    id: 'internal-error',
    severity: 'error',
    description: (l10n) => l10n.t('A rule failed on this input; the other results are still valid. Please report it.'),
    docs: MANIFEST_REFERENCE,
  },
];
