/**
 * What every node of the tenant explorer shares: plain objects with getTreeItem()/getChildren(), stable
 * ids (for reveal), contextValue tokens combined for menus, codicons and Markdown tooltips.
 */
import * as vscode from 'vscode';
import { sectionContextValue } from '../../../core/tenant/sections';
import { visible } from '../../../core/text/visible';

/** What nodes need from their surroundings. */
export interface ExplorerHost {
  /** Runs a load with progress shown on the view. */
  withProgress<T>(title: string, task: () => Promise<T>): Promise<T>;
  /** Clock (credential expiry). */
  now(): number;
}

export const ContextValue = {
  tenant: 'entraTenant',
  list: 'entraList',
  search: 'entraSearch',
  app: 'entraApp',
  deletedApp: 'entraDeletedApp',
  copyable: 'entraCopyable',
  value: 'entraValue',
  error: 'entraError',
  loadMore: 'entraLoadMore',
  section: sectionContextValue,
} as const;

export abstract class ExplorerNode {
  abstract readonly id: string;
  constructor(readonly parent: ExplorerNode | undefined) {}
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<ExplorerNode[]> | ExplorerNode[] {
    return [];
  }
  protected copy: string | undefined;
  /** The value `entra.copyValue` copies, when the node is copyable. */
  get copyValue(): string | undefined {
    return this.copy;
  }
  /** Label as shown (tests and search use it). */
  abstract readonly label: string;
}

/** Untrusted text (names and URIs from Graph) as shown: invisible and bidi characters become ⟨U+202E⟩ markers. */
export function shown(text: string): string;
export function shown(text: string | undefined): string | undefined;
export function shown(text: string | undefined): string | undefined {
  return text === undefined ? undefined : visible(text);
}

export function md(lines: string[]): vscode.MarkdownString {
  const m = new vscode.MarkdownString(visible(lines.join('\n\n'), { keepNewlines: true }));
  m.isTrusted = false;
  m.supportHtml = false;
  return m;
}

export function icon(id: string, color?: string): vscode.ThemeIcon {
  return color ? new vscode.ThemeIcon(id, new vscode.ThemeColor(color)) : new vscode.ThemeIcon(id);
}
