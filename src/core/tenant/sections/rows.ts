// The rows of the app sections: plain data (label, description, copy value, icon, context value,
// Markdown tooltip lines) that the explorer turns into tree nodes.
/** The type-only import tells @vscode/l10n-dev that the {@link l10n.t} calls here are texts for the bundle. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- named in the comment above, read by the extractor
import type * as l10n from '@vscode/l10n';
import type { GraphError } from '../../graph/errors';
import type { Localizer } from '../expiry';
import type { AppDetails } from '../model';

/** A codicon and an optional theme color id. */
export interface RowIcon {
  readonly id: string;
  readonly color?: string;
}

/** A row that shows a value (and groups rows below it). */
export interface ValueRow {
  readonly kind: 'value';
  /** Unique among its siblings; makes the node's stable id. */
  readonly key: string;
  readonly label: string;
  readonly description?: string;
  /** What "Copy Value" copies; none when absent. */
  readonly copy?: string;
  readonly icon?: RowIcon;
  /** Markdown lines, untrusted parts escaped. */
  readonly tooltip?: readonly string[];
  /** Context value tokens for menus (besides the ones every value row has). */
  readonly contextValue?: string;
  readonly expanded?: boolean;
  readonly children: readonly SectionRow[];
}

/** A part of the app that could not be read; clicking it loads the app again. */
export interface ErrorRow {
  readonly kind: 'error';
  readonly key: string;
  readonly error: GraphError;
}

export type SectionRow = ValueRow | ErrorRow;

/** Context value token of a section row. */
export const sectionContextValue = 'entraSection';

export function icon(id: string, color?: string): RowIcon {
  return color ? { id, color } : { id };
}

export function value(
  key: string,
  label: string,
  description: string | undefined,
  options: Omit<ValueRow, 'kind' | 'key' | 'label' | 'description' | 'children'> = {},
  children: SectionRow[] = [],
): ValueRow & { children: SectionRow[] } {
  return {
    kind: 'value',
    key,
    label,
    ...(description !== undefined ? { description } : {}),
    ...options,
    children,
  };
}

/** A section row; `extra`: a context value token for the section's menu actions (write path). */
export function section(key: string, label: string, iconId: string, description?: string, extra?: string) {
  return value(key, label, description, {
    icon: icon(iconId),
    contextValue: extra ? `${sectionContextValue} ${extra}` : sectionContextValue,
  });
}

export function yesNo(l10n: Localizer, v: boolean): string {
  return v ? l10n.t('Yes') : l10n.t('No');
}

/** Display names of other apps the tenant model already knows (no requests). */
export interface AppNames {
  appName(appId: string): string | undefined;
}

/** What every section builder reads: the app's details, names of other apps, the time, the translator. */
export interface SectionInput {
  readonly d: AppDetails;
  readonly names: AppNames;
  readonly now: number;
  readonly l10n: Localizer;
}
