/**
 * The token panel's state as a pure state machine: `panelReducer(state, event)` returns the next
 * state (the same object when the event changes nothing, e.g. a stale page's message). The editor
 * adapter (src/vscode/token/panel.ts) sends events, renders the state and posts to the webview.
 */
import { copyableJson } from '../text/boundedJson';
import type { SignatureVerdict, TokenAnalysis } from './analyze';
import type { EffectivePermissions, TokenLinks } from './linker';

export interface PanelContent {
  readonly token: string;
  readonly analysis: TokenAnalysis;
  /** What "Copy header JSON" and "Copy payload JSON" copy (see copyableJson). */
  readonly headerJson: string;
  readonly payloadJson: string;
  readonly links?: TokenLinks;
  readonly effective?: EffectivePermissions;
}

export interface PanelState {
  /** The token shown; undefined before the first and after the panel closed. */
  readonly content: PanelContent | undefined;
  /** The signature verdict shown (the analysis's until a verification finishes). */
  readonly signature: SignatureVerdict | undefined;
  readonly verifying: boolean;
  /** Whether the current token was verified because of `entra.token.verifyAutomatically`. */
  readonly autoVerified: boolean;
  /** Counts the tokens shown; late links and verdicts name the one they belong to. */
  readonly shows: number;
  /** The number of the page last set as the webview's HTML (its "ready" echoes it). */
  readonly doc: number;
  /** Bumped on every change of content; the page or an in-place update carries it to the webview. */
  readonly version: number;
  /** The content version the current page was rendered with. */
  readonly docVersion: number;
  /** The content version the webview shows (page loaded or in-place update acknowledged). */
  readonly shownVersion: number;
  /** The current page said it has loaded. */
  readonly ready: boolean;
  /** Any page of this panel has loaded. */
  readonly loadedOnce: boolean;
  /** Where the current page said it is scrolled to. */
  readonly scroll: { readonly doc: number; readonly y: number } | undefined;
  readonly closed: boolean;
}

export type PanelEvent =
  /** A new token to show (a new page follows: `pageSet`). */
  | { readonly type: 'show'; readonly content: PanelContent }
  /** The adapter set a new page as the webview's HTML. */
  | { readonly type: 'pageSet' }
  /** Tenant links or effective permissions arrived for the `show`-th token. */
  | { readonly type: 'linked'; readonly extra: Pick<PanelContent, 'links' | 'effective'>; readonly show: number }
  /** The page numbered `doc` has loaded. */
  | { readonly type: 'ready'; readonly doc: number }
  /** The webview shows content `version` (an in-place update acknowledged). */
  | { readonly type: 'updated'; readonly version: number }
  | { readonly type: 'scrolled'; readonly doc: number; readonly y: number }
  /** A verification started because the setting asks for it on load. */
  | { readonly type: 'autoVerify' }
  | { readonly type: 'verifyStarted' }
  /** The verdict of a verification started while the `show`-th token was shown. */
  | { readonly type: 'verifyFinished'; readonly show: number; readonly verdict: SignatureVerdict }
  /** The verification could not run to a verdict (it threw). */
  | { readonly type: 'verifyFailed'; readonly show: number }
  | { readonly type: 'closed' };

export const initialPanelState: PanelState = {
  content: undefined,
  signature: undefined,
  verifying: false,
  autoVerified: false,
  shows: 0,
  doc: 0,
  version: 0,
  docVersion: 0,
  shownVersion: -1,
  ready: false,
  loadedOnce: false,
  scroll: undefined,
  closed: false,
};

export function panelReducer(state: PanelState, event: PanelEvent): PanelState {
  if (state.closed) return state;
  switch (event.type) {
    case 'show':
      return {
        ...state,
        content: event.content,
        shows: state.shows + 1,
        version: state.version + 1,
        signature: event.content.analysis.signature,
        verifying: false,
        autoVerified: false,
      };
    case 'pageSet':
      if (!state.content) return state;
      return { ...state, doc: state.doc + 1, ready: false, docVersion: state.version };
    case 'linked':
      // Links of a token the panel no longer shows are dropped.
      if (!state.content || event.show !== state.shows) return state;
      return { ...state, content: { ...state.content, ...event.extra }, version: state.version + 1 };
    case 'ready':
      // A page replaced before it loaded may still say "ready": only the current one counts.
      if (!state.content || event.doc !== state.doc) return state;
      return {
        ...state,
        ready: true,
        loadedOnce: true,
        shownVersion: Math.max(state.shownVersion, state.docVersion),
      };
    case 'updated':
      if (!state.content || event.version > state.version || event.version <= state.shownVersion) return state;
      return { ...state, shownVersion: event.version };
    case 'scrolled':
      if (!state.content || event.doc !== state.doc) return state;
      return { ...state, scroll: { doc: event.doc, y: event.y } };
    case 'autoVerify':
      if (!state.content || state.autoVerified) return state;
      return { ...state, autoVerified: true };
    case 'verifyStarted':
      if (!state.content) return state;
      return { ...state, verifying: true };
    case 'verifyFinished':
      // A verdict for a token replaced meanwhile is dropped (links arriving meanwhile keep it).
      if (!state.content || event.show !== state.shows) return state;
      return { ...state, verifying: false, signature: event.verdict };
    case 'verifyFailed':
      if (!state.content || event.show !== state.shows) return state;
      return { ...state, verifying: false };
    case 'closed':
      return { ...state, content: undefined, closed: true };
  }
}

/** The webview shows the latest content (including links that arrived after the page). */
export function upToDate(state: PanelState): boolean {
  return state.closed || state.shownVersion >= state.version;
}

/** The page has loaded but shows an older version: the adapter posts the links in place. */
export function needsLinksPosted(state: PanelState): boolean {
  return state.ready && state.docVersion < state.version;
}

/** Where the current page is scrolled to (undefined before it said so). */
export function scrollY(state: PanelState): number | undefined {
  return state.scroll?.doc === state.doc ? state.scroll.y : undefined;
}

/** The ids of the app registrations the current token is linked to (aud, azp/appid). */
export function linkedAppIds(state: PanelState): string[] {
  const links = state.content?.links;
  return [links?.audienceApp?.appId, links?.clientApp?.appId].filter((id): id is string => typeof id === 'string');
}

/** The linked app id a reveal request names (case-insensitive), undefined when it is not one: refused. */
export function revealTarget(state: PanelState, appId: string): string | undefined {
  const wanted = appId.toLowerCase();
  return linkedAppIds(state).find((id) => id.toLowerCase() === wanted);
}

export type CopyWhat = 'header' | 'payload' | 'claim' | 'token';

/**
 * The text a copy button copies: header or payload JSON, the token, or one claim's value (strings
 * as they are, others as bounded JSON). Undefined when nothing is shown or the claim is absent.
 */
export function copyText(state: PanelState, what: CopyWhat, claim?: string): string | undefined {
  const c = state.content;
  if (!c) return undefined;
  if (what === 'header') return c.headerJson;
  if (what === 'payload') return c.payloadJson;
  if (what === 'token') return c.token;
  if (claim !== undefined && Object.prototype.hasOwnProperty.call(c.analysis.payload, claim)) {
    const v = c.analysis.payload[claim];
    return typeof v === 'string' ? v : copyableJson(v);
  }
  return undefined;
}
