// Builds the plan view's HTML on the host: changes in plain words, conflicts with the three
// versions of each property, rule errors that block the apply, properties not written, and the
// Graph requests in order. No vscode import: the caller passes the nonce, script and style, so it
// renders in unit tests and screenshots too. Every value from the tenant or the file is escaped.
// Fixed texts go through @vscode/l10n (configured with the display language's bundle on activation).
import * as l10n from '@vscode/l10n';
import type { Json, Plan } from '../../core/plan/types';
import { escapeHtml } from '../../core/text/escape';

/** What the view shows besides the plan. */
export interface PlanViewInput {
  readonly plan: Plan;
  /** The manifest's file name, when the plan comes from one. */
  readonly source?: string;
  readonly tenant: string;
  /** Shown above the plan (a read-only sign-in, consent on first write). */
  readonly notice?: { readonly kind: 'warning' | 'info'; readonly text: string };
  /** The last apply's outcome, when the view is shown after one. */
  readonly outcome?: { readonly kind: 'applied' | 'failed' | 'changed' | 'unchanged'; readonly text: string };
  /** Whether the Apply button may be offered (false while an apply runs). */
  readonly canApply?: boolean;
}

export interface PlanViewEnv {
  readonly nonce: string;
  readonly script: string;
  readonly style: string;
  /** The display language (vscode.env.language), for the page's lang attribute. */
  readonly language?: string;
}

/** A value as HTML text: strings as they are, anything else as JSON; escaped with the shared escaper. */
export function htmlOf(value: unknown): string {
  return escapeHtml(
    typeof value === 'string' ? value : value === undefined ? '' : (JSON.stringify(value) ?? String(value)),
  );
}

function inlineSafe(text: string): string {
  return text.replace(/<\/(script|style)/gi, '<\\/$1');
}

/** A JSON value as readable text (absent when undefined). */
export function showValue(v: Json | undefined): string {
  return v === undefined ? l10n.t('(absent)') : JSON.stringify(v, null, 2);
}

const opMark: Record<'add' | 'remove' | 'replace', string> = { add: '+', remove: '−', replace: '~' };

function opLabel(op: 'add' | 'remove' | 'replace'): string {
  return op === 'add' ? l10n.t('adds') : op === 'remove' ? l10n.t('removes') : l10n.t('changes');
}

function revealButton(offset: number): string {
  return `<button type="button" class="link" data-action="reveal" data-offset="${offset}">${htmlOf(l10n.t('Show in file'))}</button>`;
}

/** Indented JSON keeps its line breaks (JSON.stringify has escaped those inside strings). */
function pre(v: Json | undefined): string {
  return `<pre>${escapeHtml(showValue(v), { keepNewlines: true })}</pre>`;
}

function changesHtml(plan: Plan): string {
  if (plan.changes.length === 0)
    return plan.conflicts.length
      ? `<p class="muted" id="no-changes">${htmlOf(l10n.t('None.'))}</p>`
      : `<p class="muted" id="no-changes">${htmlOf(l10n.t('No changes: the tenant already matches.'))}</p>`;
  const rows = plan.changes.map((c, i) => {
    return `<li class="change op-${c.op}" data-path="${htmlOf(c.path)}"><span class="mark" aria-label="${htmlOf(opLabel(c.op))}">${opMark[c.op]}</span> <span class="summary">${htmlOf(c.summary)}</span> <code class="path">${htmlOf(c.path)}</code>${c.range ? ` ${revealButton(c.range.offset)}` : ''}
<details><summary>${htmlOf(l10n.t('Before and after'))}</summary><div class="two"><div><h4>${htmlOf(l10n.t('Tenant now'))}</h4>${pre(c.before)}</div><div><h4>${htmlOf(l10n.t('After apply'))}</h4>${pre(c.after)}</div></div></details><span class="visually-hidden">${htmlOf(l10n.t('change {0}', i + 1))}</span></li>`;
  });
  return `<ol class="changes">${rows.join('')}</ol>`;
}

function conflictsHtml(plan: Plan): string {
  const rows = plan.conflicts.map(
    (c) =>
      `<tr data-path="${htmlOf(c.path)}"><th scope="row"><code>${htmlOf(c.path)}</code>${c.range ? `<br>${revealButton(c.range.offset)}` : ''}</th><td>${pre(c.base)}</td><td>${pre(c.tenant)}</td><td>${pre(c.mine)}</td></tr>`,
  );
  return `<section class="conflicts" aria-labelledby="conflicts-title"><h2 id="conflicts-title">${htmlOf(l10n.t('Changed in the tenant since your copy'))}</h2>
<p>${htmlOf(l10n.t("Nothing was written. These properties changed in the tenant after your copy was read, and you changed them too. Redo your edit on the tenant's version, or keep yours: planning again against the tenant's version shows what keeping yours overwrites."))}</p>
<table class="three"><caption class="visually-hidden">${htmlOf(l10n.t('Base, tenant and your version of each conflicting property'))}</caption>
<thead><tr><th scope="col">${htmlOf(l10n.t('Property'))}</th><th scope="col">${htmlOf(l10n.t('Base (when you read it)'))}</th><th scope="col">${htmlOf(l10n.t('Tenant now'))}</th><th scope="col">${htmlOf(l10n.t('Yours'))}</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>
<p><button type="button" data-action="keepMine">${htmlOf(l10n.t("Keep mine: plan against the tenant's version"))}</button> <button type="button" class="secondary" data-action="compare">${htmlOf(l10n.t('Compare tenant and mine in an editor'))}</button></p></section>`;
}

function blockedHtml(plan: Plan): string {
  if (plan.blocked.length === 0) return '';
  return `<section class="blocked" aria-labelledby="blocked-title"><h2 id="blocked-title">${htmlOf(l10n.t('Blocked by manifest rules'))}</h2><p>${htmlOf(l10n.t('Fix these in the manifest first; nothing is sent while they stand.'))}</p><ul>${plan.blocked
    .map(
      (b) =>
        `<li><code>${htmlOf(b.ruleId)}</code> ${htmlOf(b.message)}${b.path ? ` <span class="muted">(${htmlOf(b.path)})</span>` : ''}</li>`,
    )
    .join('')}</ul></section>`;
}

function ignoredHtml(plan: Plan): string {
  if (plan.ignored.length === 0) return '';
  return `<section aria-labelledby="ignored-title"><h2 id="ignored-title">${htmlOf(l10n.t('Not written'))}</h2><ul class="ignored">${plan.ignored.map((i) => `<li><code>${htmlOf(i.path)}</code> <span class="muted">${htmlOf(i.note)}</span></li>`).join('')}</ul></section>`;
}

function requestsHtml(plan: Plan): string {
  if (plan.requests.length === 0) return '';
  return `<section aria-labelledby="requests-title"><h2 id="requests-title">${htmlOf(l10n.t('Microsoft Graph requests'))}</h2><p class="muted">${htmlOf(l10n.t('Sent in this order after the app is read again; a request that fails stops the rest, and nothing is retried.'))}</p><ol class="requests">${plan.requests
    .map(
      (r) =>
        `<li><code>${htmlOf(r.method)} ${htmlOf(r.url)}</code> <span class="muted">${htmlOf(r.purpose)}</span>${r.body ? `<details><summary>${htmlOf(l10n.t('Body'))}</summary>${pre(r.body)}</details>` : ''}</li>`,
    )
    .join('')}</ol></section>`;
}

/** True when the plan has something to apply and nothing stopping it. */
export function applicable(plan: Plan): boolean {
  return plan.conflicts.length === 0 && plan.blocked.length === 0 && plan.requests.length > 0;
}

/**
 * A translated sentence whose placeholders stand for markup: the text is escaped, then `{n}` becomes
 * the n-th HTML fragment. Called as `withHtml(l10n.t('… {0} …', '{0}'), html)` so that the
 * translation keeps its placeholders and the extractor sees the literal.
 */
function withHtml(translated: string, ...html: string[]): string {
  return htmlOf(translated).replace(/\{(\d+)\}/g, (m, i: string) => html[Number(i)] ?? m);
}

/** "App CRM · client id … · object id … · tenant … · from crm.json": one sentence, values in code elements. */
function appLine(input: PlanViewInput): string {
  const { app } = input.plan;
  const code = (v: string): string => `<code>${htmlOf(v)}</code>`;
  const parts = [
    htmlOf(l10n.t('App {0}', app.displayName)),
    withHtml(l10n.t('client id {0}', '{0}'), code(app.appId)),
    withHtml(l10n.t('object id {0}', '{0}'), code(app.id)),
    htmlOf(l10n.t('tenant {0}', input.tenant)),
    ...(input.source ? [withHtml(l10n.t('from {0}', '{0}'), code(input.source))] : []),
  ];
  return parts.join(' · ');
}

export function renderPlan(input: PlanViewInput, env: PlanViewEnv): string {
  const { plan } = input;
  const conflict = plan.conflicts.length > 0;
  const title = conflict ? l10n.t('Conflict: {0}', plan.app.displayName) : l10n.t('Plan: {0}', plan.app.displayName);
  const count = plan.changes.length;
  const notice = input.notice
    ? `<p class="notice notice-${input.notice.kind}" role="note">${htmlOf(input.notice.text)}</p>`
    : '';
  const outcome = input.outcome
    ? `<p class="outcome outcome-${input.outcome.kind}" role="status">${htmlOf(input.outcome.text)}</p>`
    : '';
  const can = applicable(plan) && input.canApply !== false;
  const applyLabel = count === 1 ? l10n.t('Apply 1 change…') : l10n.t('Apply {0} changes…', count);
  const actions = conflict
    ? ''
    : `<p class="actions"><button type="button" id="apply" data-action="apply"${can ? '' : ' disabled'}>${htmlOf(applyLabel)}</button> <button type="button" class="secondary" data-action="refresh">${htmlOf(l10n.t('Plan again'))}</button></p>`;
  return `<!DOCTYPE html>
<html lang="${htmlOf(env.language ?? 'en')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${htmlOf(env.nonce)}'; style-src 'nonce-${htmlOf(env.nonce)}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${htmlOf(env.nonce)}">${inlineSafe(env.style)}</style>
<title>${htmlOf(title)}</title>
</head>
<body data-state="${conflict ? 'conflict' : plan.blocked.length ? 'blocked' : count ? 'changes' : 'none'}">
<main>
<h1>${htmlOf(title)}</h1>
<p class="muted">${appLine(input)}</p>
${notice}${outcome}
${conflict ? conflictsHtml(plan) : ''}
${blockedHtml(plan)}
<section aria-labelledby="changes-title"><h2 id="changes-title">${htmlOf(conflict ? l10n.t('Changes without conflict ({0})', count) : l10n.t('Changes ({0})', count))}</h2>${changesHtml(plan)}</section>
${actions}
${requestsHtml(plan)}
${ignoredHtml(plan)}
<div id="status" role="status" aria-live="polite" class="visually-hidden"></div>
</main>
<script nonce="${htmlOf(env.nonce)}">${inlineSafe(env.script)}</script>
</body>
</html>`;
}

/** The modal confirmation's detail: each change, then the requests, in plain text. */
export function confirmationDetail(plan: Plan): string {
  const lines = plan.changes.map((c) => `${opMark[c.op]} ${c.summary}`);
  const n = plan.requests.length;
  lines.push('', n === 1 ? l10n.t('1 request to Microsoft Graph:') : l10n.t('{0} requests to Microsoft Graph:', n));
  plan.requests.forEach((r, i) => lines.push(`${i + 1}. ${r.method} ${r.url} (${r.purpose})`));
  return lines.join('\n');
}
