// Runs inside the token panel. The host renders all content; this script only wires the buttons to
// typed messages and applies the host's updates (signature verdict, copy and reveal confirmations).
// Its own texts go through the extension's string bundle: the host puts the bundle of the display
// language (vscode.l10n.bundle; none for English) into the page's data-l10n attribute.
import * as l10n from '@vscode/l10n';
import {
  verifyButtonState,
  type FromWebviewMessage,
  type TokenPanelState,
  type ToWebviewMessage,
} from '../core/token/protocol';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  setState(state: TokenPanelState | undefined): void;
  getState(): TokenPanelState | undefined;
}
declare function acquireVsCodeApi(): VsCodeApi;

function loadStrings(): void {
  try {
    const parsed: unknown = JSON.parse(document.body.dataset.l10n ?? '{}');
    if (parsed && typeof parsed === 'object') l10n.config({ contents: parsed as Record<string, string> });
  } catch {
    // No usable bundle: the texts stay in English.
  }
}
loadStrings();

const vscode = acquireVsCodeApi();
const LABELS: Record<string, string> = {
  valid: l10n.t('Valid signature'),
  invalid: l10n.t('Invalid signature'),
  'cannot-verify': l10n.t('Cannot verify'),
  unchecked: l10n.t('Not checked'),
};

/** The verify button's label in the display language. */
function verifyLabel(state: { label: string }): string {
  return state.label === 'Retry verification' ? l10n.t('Retry verification') : l10n.t('Verify signature');
}

function announce(text: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
  if (!(target instanceof HTMLButtonElement) || target.disabled) return;
  const action = target.dataset.action;
  if (action === 'verify') {
    vscode.postMessage({ type: 'verify' });
  } else if (action === 'reveal') {
    const appId = target.dataset.appId;
    if (appId) vscode.postMessage({ type: 'reveal', appId });
  } else if (action === 'copy') {
    const what = target.dataset.what;
    if (what === 'claim' && target.dataset.claim !== undefined)
      vscode.postMessage({ type: 'copy', what: 'claim', claim: target.dataset.claim });
    else if (what === 'header' || what === 'payload' || what === 'token') vscode.postMessage({ type: 'copy', what });
  }
});

const doc = Number(document.body.dataset.doc ?? 0);
const reportScroll = (): void => vscode.postMessage({ type: 'scrolled', doc, y: Math.round(window.scrollY) });
let scrollReport = 0;
window.addEventListener('scroll', () => {
  if (scrollReport) return;
  scrollReport = requestAnimationFrame(() => {
    scrollReport = 0;
    reportScroll();
  });
});

window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'top':
      window.scrollTo(0, 0);
      reportScroll();
      break;
    case 'verifying': {
      const status = document.getElementById('sig-status');
      if (status) status.textContent = l10n.t('Verifying…');
      const button = document.getElementById('verify');
      if (button instanceof HTMLButtonElement) button.disabled = true;
      announce(l10n.t('Verifying the signature…'));
      break;
    }
    case 'signature': {
      const status = document.getElementById('sig-status');
      const reason = document.getElementById('sig-reason');
      if (status) {
        status.textContent = LABELS[m.status] ?? m.status;
        status.className = `badge sig-${m.status}`;
        status.dataset.status = m.status;
      }
      if (reason) reason.textContent = m.reason;
      const button = document.getElementById('verify');
      const state = verifyButtonState(m);
      if (button instanceof HTMLButtonElement) {
        button.disabled = state.disabled;
        button.textContent = verifyLabel(state);
      }
      announce(
        m.retryable
          ? l10n.t('{0}. {1} You can retry the verification.', LABELS[m.status] ?? m.status, m.reason)
          : l10n.t('{0}. {1}', LABELS[m.status] ?? m.status, m.reason),
      );
      break;
    }
    case 'copied':
      announce(
        m.what === 'claim'
          ? m.claim !== undefined
            ? l10n.t('Copied the value of {0}.', m.claim)
            : l10n.t('Copied the value of the claim.')
          : m.what === 'token'
            ? l10n.t('Copied the whole token.')
            : m.what === 'header'
              ? l10n.t('Copied the header JSON.')
              : l10n.t('Copied the payload JSON.'),
      );
      break;
    case 'revealed':
      announce(
        m.label !== undefined
          ? l10n.t('Revealed {0} in the Entra explorer.', m.label)
          : l10n.t('No signed-in tenant has an app registration with client id {0}.', m.appId),
      );
      break;
    case 'persist':
      vscode.setState(m.token === null ? undefined : { token: m.token });
      break;
    case 'links': {
      // Fragments rendered and escaped by the host (the same renderer as the page itself).
      const parts: [string, string][] = [
        ['fact-audience', m.audience],
        ['fact-client', m.client],
        ['fact-scopes', m.scopes],
        ['fact-roles', m.roles],
        ['effective', m.effective],
      ];
      for (const [id, html] of parts) {
        const el = document.getElementById(id);
        if (el && el.innerHTML !== html) el.innerHTML = html;
      }
      vscode.postMessage({ type: 'updated', version: m.version });
      break;
    }
  }
});

vscode.postMessage({ type: 'ready', doc });
