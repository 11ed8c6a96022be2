// Hover on JWT-looking strings in any editor: a short summary computed locally by the core and a
// "Decode token" link that opens the panel. Only the hovered line is scanned; the link carries the
// token's location in the document (as the CodeLens does), never the token or its signature.
import * as vscode from 'vscode';
import { analyzeToken } from '../../core/token/analyze';
import { decodeToken } from '../../core/token/decode';
import { findJwtCandidates } from '../../core/token/extract';
import { CommandId } from '../commandIds';
import { commandLink, encryptedHoverMarkdown, tokenHoverMarkdown } from './hoverMarkdown';

/** A token located in a document, as passed by the CodeLens and the hover (the token itself is not an argument). */
export interface TokenLocation {
  readonly uri: string;
  readonly offset: number;
  readonly length: number;
}

export const HOVER_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file' },
  { scheme: 'untitled' },
  { language: 'jwt' },
];

/** The document's length without copying its text. */
function documentLength(document: vscode.TextDocument): number {
  return document.lineCount === 0 ? 0 : document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

export class JwtHoverProvider implements vscode.HoverProvider {
  /** @param maxChars documents longer than this get no hover (the CodeLens limit). */
  constructor(private readonly maxChars: number) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (documentLength(document) > this.maxChars) return undefined;
    const line = document.lineAt(position.line);
    // Compact tokens never span lines: the hovered line is all there is to look at.
    if (line.text.indexOf('eyJ') < 0) return undefined;
    const lineStart = document.offsetAt(line.range.start);
    const candidate = findJwtCandidates(line.text).find(
      (c) => position.character >= c.offset && position.character <= c.offset + c.length,
    );
    if (!candidate) return undefined;
    const range = new vscode.Range(position.line, candidate.offset, position.line, candidate.offset + candidate.length);
    const decoded = decodeToken(line.text.slice(candidate.offset, candidate.offset + candidate.length));
    if (!decoded.ok) {
      return decoded.error.code === 'encrypted'
        ? new vscode.Hover(untrusted(encryptedHoverMarkdown(vscode.l10n)), range)
        : undefined;
    }
    const location: TokenLocation = {
      uri: document.uri.toString(),
      offset: lineStart + candidate.offset,
      length: candidate.length,
    };
    const markdown = new vscode.MarkdownString(
      tokenHoverMarkdown(
        analyzeToken(decoded.token, { l10n: vscode.l10n }),
        commandLink(CommandId.decodeToken, [location]),
        vscode.l10n,
      ),
    );
    markdown.supportHtml = false;
    markdown.supportThemeIcons = false;
    // Command links run only for the decode command; any other command: link stays inert.
    markdown.isTrusted = { enabledCommands: [CommandId.decodeToken] };
    return new vscode.Hover(markdown, range);
  }
}

function untrusted(value: string): vscode.MarkdownString {
  const m = new vscode.MarkdownString(value);
  m.isTrusted = false;
  m.supportHtml = false;
  return m;
}
