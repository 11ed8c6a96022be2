// Messages between the token panel (webview) and the extension host. Shared by src/vscode/token
// and src/webview/token.ts; plain types only, so both sides compile against the same contract.
import type { SignatureStatus } from './analyze';

/** What the user can copy. The signature is only ever part of `token` (an explicit choice). */
export type CopyTarget = 'header' | 'payload' | 'claim' | 'token';

export type FromWebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'copy'; readonly what: CopyTarget; readonly claim?: string }
  | { readonly type: 'verify' }
  | { readonly type: 'revealApp'; readonly appId: string };

export type ToWebviewMessage =
  | { readonly type: 'verifying' }
  | { readonly type: 'signature'; readonly status: SignatureStatus; readonly reason: string }
  | { readonly type: 'copied'; readonly what: CopyTarget; readonly claim?: string };

const copyTargets: ReadonlySet<string> = new Set<CopyTarget>(['header', 'payload', 'claim', 'token']);

/** Narrows an untrusted message from the webview; undefined when it is not part of the protocol. */
export function parseFromWebview(raw: unknown): FromWebviewMessage | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'verify':
      return { type: m.type };
    case 'copy':
      if (typeof m.what !== 'string' || !copyTargets.has(m.what)) return undefined;
      if (m.what === 'claim') return typeof m.claim === 'string' ? { type: 'copy', what: 'claim', claim: m.claim } : undefined;
      return { type: 'copy', what: m.what as CopyTarget };
    case 'revealApp':
      return typeof m.appId === 'string' ? { type: 'revealApp', appId: m.appId } : undefined;
    default:
      return undefined;
  }
}
