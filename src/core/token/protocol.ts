// Messages between the token panel (webview) and the extension host. Shared by src/vscode/token
// and src/webview/token.ts; plain types only, so both sides compile against the same contract.
import { isGuid as isGuidText } from '../entra/ids';

/** Whether the value is a GUID in its usual 8-4-4-4-12 form (application ids are). */
export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && isGuidText(value);
}
/** The signature verdict's status (also used by ./analyze and ./verify). */
export type SignatureStatus = 'unchecked' | 'valid' | 'invalid' | 'cannot-verify';

/** What the user can copy. The signature is only ever part of `token` (an explicit choice). */
export type CopyTarget = 'header' | 'payload' | 'claim' | 'token';

export type FromWebviewMessage =
  /** The page loaded; `doc` is the number the host gave that page (data-doc on its body). */
  | { readonly type: 'ready'; readonly doc: number }
  /** The webview replaced the linked parts with the host's `links` message of this version. */
  | { readonly type: 'updated'; readonly version: number }
  | { readonly type: 'copy'; readonly what: CopyTarget; readonly claim?: string }
  | { readonly type: 'verify' }
  /** "Reveal in Entra explorer" next to a linked app registration; the host checks the id is one of the linked apps. */
  | { readonly type: 'reveal'; readonly appId: string }
  /** Where page `doc` is scrolled to (CSS pixels from the top): after `top`, and when the user scrolls. */
  | { readonly type: 'scrolled'; readonly doc: number; readonly y: number };

export type ToWebviewMessage =
  /**
   * A new token's page: scroll to the top. VS Code keeps the previous page's scroll position when a
   * webview's HTML is replaced, which would open the new token in the middle.
   */
  | { readonly type: 'top' }
  | { readonly type: 'verifying' }
  /** The verdict; `retryable` when the check failed for a reason that may pass on a retry (the button offers one). */
  | {
      readonly type: 'signature';
      readonly status: SignatureStatus;
      readonly reason: string;
      readonly retryable?: boolean;
    }
  | { readonly type: 'copied'; readonly what: CopyTarget; readonly claim?: string }
  /** The outcome of a reveal request, for the panel's status line (label only when shown). */
  | { readonly type: 'revealed'; readonly appId: string; readonly label?: string }
  /** Only sent when the user opted in to restoring the panel (entra.token.restorePanel); null clears it. */
  | { readonly type: 'persist'; readonly token: string | null }
  /**
   * Tenant links or effective permissions that arrived after the page: HTML fragments rendered and
   * escaped by the host, replacing the matching parts in place (ids fact-audience, fact-client,
   * fact-scopes, fact-roles, effective).
   */
  | {
      readonly type: 'links';
      readonly version: number;
      readonly audience: string;
      readonly client: string;
      readonly scopes: string;
      readonly roles: string;
      readonly effective: string;
    };

/** What the webview keeps in its state for the panel serializer (only with entra.token.restorePanel). */
export interface TokenPanelState {
  readonly token?: string;
}

/**
 * The verify button's state for a verdict: a check that failed for a reason that may pass later
 * (network, timeout, server error) offers a retry; one that can never succeed (Microsoft Graph
 * token, shared-secret signature, unknown issuer) disables the button. Used by the page
 * (host) and by the webview's in-place update.
 */
export function verifyButtonState(
  signature: { readonly status: SignatureStatus; readonly retryable?: boolean },
  verifying = false,
): { label: string; disabled: boolean } {
  if (signature.retryable === true) return { label: 'Retry verification', disabled: verifying };
  return { label: 'Verify signature', disabled: verifying || signature.status === 'cannot-verify' };
}

const copyTargets: ReadonlySet<string> = new Set<CopyTarget>(['header', 'payload', 'claim', 'token']);

/** A non-negative integer from the webview, or -1 (never matches a host counter). */
function counter(v: unknown): number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : -1;
}

/** Narrows an untrusted message from the webview; undefined when it is not part of the protocol. */
export function parseFromWebview(raw: unknown): FromWebviewMessage | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready', doc: counter(m.doc) };
    case 'updated':
      return { type: 'updated', version: counter(m.version) };
    case 'verify':
      return { type: 'verify' };
    case 'copy':
      if (typeof m.what !== 'string' || !copyTargets.has(m.what)) return undefined;
      if (m.what === 'claim')
        return typeof m.claim === 'string' ? { type: 'copy', what: 'claim', claim: m.claim } : undefined;
      return { type: 'copy', what: m.what as CopyTarget };
    case 'reveal':
      return isGuid(m.appId) ? { type: 'reveal', appId: m.appId } : undefined;
    case 'scrolled': {
      const y = typeof m.y === 'number' && Number.isFinite(m.y) && m.y >= 0 ? Math.round(m.y) : -1;
      return y >= 0 ? { type: 'scrolled', doc: counter(m.doc), y } : undefined;
    }
    default:
      return undefined;
  }
}
