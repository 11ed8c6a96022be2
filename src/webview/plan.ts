// Runs inside the plan view. The host renders all content; this script only turns button clicks
// into typed messages (apply, plan again, keep mine, compare, show in file) and shows "busy" text.
import type { FromPlanView, ToPlanView } from '../core/plan/viewProtocol';

interface VsCodeApi {
  postMessage(message: FromPlanView): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
  if (!(target instanceof HTMLButtonElement) || target.disabled) return;
  const action = target.dataset.action;
  if (action === 'apply' || action === 'refresh' || action === 'keepMine' || action === 'compare') {
    vscode.postMessage({ type: action });
  } else if (action === 'reveal') {
    const offset = Number(target.dataset.offset);
    if (Number.isInteger(offset) && offset >= 0) vscode.postMessage({ type: 'reveal', offset });
  }
});

window.addEventListener('message', (event: MessageEvent<ToPlanView>) => {
  const m = event.data;
  if (m.type === 'busy') {
    const status = document.getElementById('status');
    if (status) status.textContent = m.text;
    for (const b of document.querySelectorAll('button[data-action="apply"]')) (b as HTMLButtonElement).disabled = true;
  }
});
