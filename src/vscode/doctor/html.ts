// The doctor page's HTML. Every value from the pasted text or the tenant is untrusted and escaped.
// No vscode import: renders in unit tests too. Fixed texts go through @vscode/l10n (configured with
// the display language's bundle on activation).
import * as l10n from '@vscode/l10n';
import type { Diagnosis } from '../../core/doctor/index';
import { oauthErrorHint, requestFacts, whoFixes } from '../../core/doctor/index';
import { htmlValue } from '../token/html';

export interface DoctorPageExtras {
  /** The admin consent URL for the app, when it could be built. */
  readonly adminConsentUrl?: string;
  /** Findings with an edit get a button applying it (plan, confirmation, apply). */
  readonly canFix?: boolean;
  /** The display language (vscode.env.language), for the page's lang attribute. */
  readonly language?: string;
}

const style = `body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:0 16px 24px;line-height:1.45}
h1{font-size:1.3em}h2{font-size:1.1em;margin-top:1.4em;border-bottom:1px solid var(--vscode-widget-border,#8884)}
table{border-collapse:collapse}td{padding:2px 12px 2px 0;vertical-align:top}td:first-child{opacity:.8;white-space:nowrap}
code{font-family:var(--vscode-editor-font-family);word-break:break-all}
.finding{margin:.6em 0;padding:.4em .7em;border-left:3px solid var(--vscode-editorWarning-foreground)}
.finding.error{border-color:var(--vscode-editorError-foreground)}.finding.info{border-color:var(--vscode-editorInfo-foreground)}
button{background:var(--vscode-button-background);color:var(--vscode-button-foreground);border:0;padding:3px 10px;margin:4px 6px 0 0;cursor:pointer}
button:hover{background:var(--vscode-button-hoverBackground)}.muted{opacity:.75}ul{padding-left:1.2em}`;

const script = `const vscode = acquireVsCodeApi();
document.addEventListener('click', (e) => {
  const b = e.target instanceof Element ? e.target.closest('button[data-action]') : null;
  if (!b) return;
  vscode.postMessage({ type: b.getAttribute('data-action'), value: b.getAttribute('data-value') });
});`;

/**
 * A translated sentence whose placeholders stand for markup: the text is escaped, then `{n}` becomes
 * the n-th HTML fragment. Called as `withHtml(l10n.t('… {0} …', '{0}'), html)` so that the
 * translation keeps its placeholders and the extractor sees the literal.
 */
function withHtml(translated: string, ...html: string[]): string {
  return htmlValue(translated).replace(/\{(\d+)\}/g, (m, i: string) => html[Number(i)] ?? m);
}

function severityLabel(severity: 'error' | 'warning' | 'info'): string {
  return severity === 'error' ? l10n.t('error') : severity === 'warning' ? l10n.t('warning') : l10n.t('info');
}

function link(url: string): string {
  return `<a href="${htmlValue(url)}">${htmlValue(url)}</a>`;
}

/** The page: explanation, request details, registration findings with their fixes. */
export function renderDoctorHtml(d: Diagnosis, nonce: string, extras: DoctorPageExtras = {}): string {
  const n = htmlValue(nonce);
  const r = d.request;
  const parts: string[] = [];
  if (d.explanation) {
    const e = d.explanation;
    parts.push(`<h1>AADSTS${htmlValue(e.code)}: ${htmlValue(e.title)}</h1>`);
    parts.push(
      `<p><strong>${htmlValue(l10n.t('What it means.'))}</strong> ${htmlValue(e.meaning)}</p><p><strong>${htmlValue(l10n.t('What to change.'))}</strong> ${htmlValue(e.fix)}</p>`,
    );
    if (e.who) parts.push(`<p class="muted">${htmlValue(whoFixes(e.who, l10n))}</p>`);
    parts.push(`<ul>${e.links.map((l) => `<li>${link(l)}</li>`).join('')}</ul>`);
  } else if (d.empty) {
    parts.push(
      `<h1>${htmlValue(l10n.t('Nothing recognised'))}</h1><p>${withHtml(
        l10n.t(
          'Paste the AADSTS message, the error page’s text (with its troubleshooting details), or the URL with {0} or {1}.',
          '{0}',
          '{1}',
        ),
        '<code>error=</code>',
        '<code>client_id=</code>',
      )}</p>`,
    );
  } else {
    parts.push(`<h1>${htmlValue(l10n.t('No AADSTS code in the text'))}</h1>`);
    const hint = oauthErrorHint(r.error, l10n);
    if (hint) parts.push(`<p>${htmlValue(hint)}</p>`);
  }
  for (const o of d.others)
    parts.push(
      `<p>${withHtml(l10n.t('Also {0}: {1}.', '{0}', '{1}'), `<strong>AADSTS${htmlValue(o.code)}</strong>`, htmlValue(o.title))} ${htmlValue(o.fix)} ${link(o.links[0] ?? '')}</p>`,
    );

  const present = requestFacts(r, { withDescription: true }, l10n);
  if (present.length) {
    parts.push(
      `<h2>${htmlValue(l10n.t('The request'))}</h2><table>${present.map(([k, v]) => `<tr><td>${htmlValue(k)}</td><td><code>${htmlValue(v)}</code></td></tr>`).join('')}</table>`,
    );
  }
  if (r.truncated)
    parts.push(
      `<p class="muted">${htmlValue(l10n.t('The text was longer than 256 KB; only its start was read.'))}</p>`,
    );

  parts.push(`<h2>${htmlValue(l10n.t('Against the app registration'))}</h2>`);
  const reg = d.registration;
  if (!reg) parts.push(`<p class="muted">${htmlValue(d.registrationNote ?? l10n.t('Not checked.'))}</p>`);
  else {
    parts.push(`<p>${htmlValue(reg.displayName)} (<code>${htmlValue(reg.appId)}</code>)</p>`);
    if (!reg.findings.length)
      parts.push(`<p>${htmlValue(l10n.t('No mismatch found between the request and the registration.'))}</p>`);
    for (const [i, f] of reg.findings.entries()) {
      parts.push(
        `<div class="finding ${htmlValue(f.severity)}" data-finding="${htmlValue(f.id)}"><div><strong>${htmlValue(severityLabel(f.severity))}</strong>: ${htmlValue(f.message)}</div>` +
          `<div><strong>${htmlValue(l10n.t('Fix:'))}</strong> ${htmlValue(f.fix)}</div>` +
          (f.edit && extras.canFix
            ? `<button data-action="fix" data-value="#${i}">${htmlValue(f.edit.label)}\u2026</button>`
            : '') +
          `<button data-action="openManifest" data-value="${htmlValue(JSON.stringify(f.path))}">${htmlValue(l10n.t('Open manifest at {0}', f.path.join('.')))}</button></div>`,
      );
    }
    if (reg.passed.length)
      parts.push(`<ul class="muted">${reg.passed.map((p) => `<li>${htmlValue(p)}</li>`).join('')}</ul>`);
  }
  if (extras.adminConsentUrl) {
    parts.push(
      `<h2>${htmlValue(l10n.t('Admin consent'))}</h2><p>${htmlValue(l10n.t('An administrator who opens this URL grants the app’s listed permissions for the tenant:'))}</p><p><code>${htmlValue(extras.adminConsentUrl)}</code></p><button data-action="copy" data-value="${htmlValue(extras.adminConsentUrl)}">${htmlValue(l10n.t('Copy admin consent URL'))}</button>`,
    );
  }

  return `<!DOCTYPE html>
<html lang="${htmlValue(extras.language ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${n}'; style-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${htmlValue(l10n.t('Sign-in error'))}</title>
<style nonce="${n}">${style}</style>
</head>
<body>
${parts.join('\n')}
<script nonce="${n}">${script}</script>
</body>
</html>`;
}
