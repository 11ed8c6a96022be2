// Builds the token panel's HTML on the host. Every value from the token is untrusted and escaped.
// No vscode import: the caller passes the CSP source and resource URIs, so this renders in tests too.
// Fixed texts go through @vscode/l10n (configured with the display language's bundle on activation).
import * as l10n from '@vscode/l10n';
import type { SignatureVerdict, TokenAnalysis } from '../../core/token/analyze';
import { explainToken, type ClaimTable, type SummaryFact } from '../../core/token/explanation';
import type { EffectivePermissions, LinkedApp, TokenLinks } from '../../core/token/linker';
import { isGuid, verifyButtonState } from '../../core/token/protocol';
import { DISPLAY_LIMITS, renderJson, type JsonLimits } from '../../core/text/boundedJson';
import { clipText, moreMarker, replaceInvisible, visible } from '../../core/text/visible';
import { escapeHtml as escapeText } from '../../core/text/escape';
import { explainByRegistration } from '../../core/token/registration';

export interface RenderInput {
  readonly analysis: TokenAnalysis;
  readonly signature: SignatureVerdict;
  readonly verifying?: boolean;
  readonly links?: TokenLinks;
  readonly effective?: EffectivePermissions;
}

export interface RenderEnv {
  readonly nonce: string;
  /** The panel script (dist/webview/token.js), inlined under the nonce: no extra round trip on first open. */
  readonly script: string;
  /** The panel style sheet (media/token.css), inlined under the same nonce. */
  readonly style: string;
  /** Local-time rendering of an epoch-milliseconds instant (default: the host's zone, see formatLocalTime). */
  readonly formatLocal?: (ms: number) => string;
  /** Whether local time is UTC at that instant (then times are shown once, in UTC); default: the host's zone. */
  readonly localIsUtc?: (ms: number) => boolean;
  /** Which document this is (the webview echoes it when ready, so a late "ready" of an older page is not taken for this one). */
  readonly doc?: number;
  /** The display language's string bundle for the panel script (vscode.l10n.bundle; none for English). */
  readonly strings?: Readonly<Record<string, string>>;
  /** The display language (vscode.env.language), for the page's lang attribute. */
  readonly language?: string;
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values. Characters that cannot be
 * seen or that reorder text (bidi overrides, zero-width, controls) become markers such as
 * ⟨U+202E⟩ (line feeds too, unless kept for pre-formatted text). Non-strings are shown as bounded JSON.
 */
export function htmlValue(value: unknown, keepNewlines = false): string {
  const s = typeof value === 'string' ? value : value === undefined ? '' : renderJson(value, DISPLAY_LIMITS).text;
  return escapeText(s, { keepNewlines });
}

/**
 * Escapes a value the webview sends back as is (a claim name to copy): invisible characters become
 * character references (&#x202E;), which the page decodes to the same value.
 */
function escapeAttribute(s: string): string {
  return replaceInvisible(
    s.replace(/[&<>"']/g, (c) => ENTITIES[c]!),
    (ch) => `&#x${ch.codePointAt(0)!.toString(16).toUpperCase()};`,
  );
}

/** The header and payload JSON shown in the panel: the claim limits, one level more for the object itself. */
const OBJECT_LIMITS: JsonLimits = { ...DISPLAY_LIMITS, maxDepth: DISPLAY_LIMITS.maxDepth + 1 };

/**
 * A claim value as shown: strings as they are, anything else as one line of JSON, both cut at the
 * display limits ("… n more characters/items/levels"), with every invisible character marked.
 */
export function displayValue(value: unknown): string {
  return visible(
    typeof value === 'string' ? clipText(value, DISPLAY_LIMITS.maxString) : renderJson(value, DISPLAY_LIMITS).text,
  );
}

/** Keeps inlined script or style text from closing its element early (`</script`, `</style`). */
function inlineSafe(text: string): string {
  return text.replace(/<\/(script|style)/gi, '<\\/$1');
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Local time as `2026-11-22 14:03:05 UTC+01:00`: the host's zone, read with Date's own getters.
 * Intl formatting is avoided on purpose: its first use loads locale data (about 30 ms), which
 * would delay the panel's first paint.
 */
export function formatLocalTime(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return 'invalid date';
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function utc(iso: string): string {
  return iso.replace('T', ' ').replace('Z', ' UTC');
}

function fact(label: string, valueHtml: string, id?: string): string {
  return `<dt>${htmlValue(label)}</dt><dd${id ? ` id="${id}"` : ''}>${valueHtml}</dd>`;
}

function code(v: unknown): string {
  return `<code>${htmlValue(v)}</code>`;
}

function list(values: readonly string[], empty: string): string {
  return values.length
    ? `<ul class="chips">${values.map((v) => `<li>${code(v)}</li>`).join('')}</ul>`
    : `<span class="muted">${htmlValue(empty)}</span>`;
}

/** How times are shown: local time, and whether local time is UTC (then only UTC is shown). */
interface TimeFormat {
  readonly local: (ms: number) => string;
  readonly isUtc: (ms: number) => boolean;
}

const hostIsUtc = (ms: number): boolean => new Date(ms).getTimezoneOffset() === 0;

function timeHtml(iso: string | null, relative: string | null, time: TimeFormat): string {
  if (iso === null) return `<span class="muted">${htmlValue(l10n.t('(none)'))}</span>`;
  const ms = Date.parse(iso);
  const local = time.local;
  // On a machine whose zone is UTC the local time is the UTC time: shown once.
  if (time.isUtc(ms))
    return `<time datetime="${htmlValue(iso)}">${htmlValue(utc(iso))}</time>${relative ? ` <span class="muted">(${htmlValue(relative)})</span>` : ''}`;
  return `<time datetime="${htmlValue(iso)}">${htmlValue(local(ms))}</time> <span class="muted">(${htmlValue(utc(iso))}${relative ? `, ${htmlValue(relative)}` : ''})</span>`;
}

function claimRows(table: ClaimTable, copyable: boolean, time: TimeFormat): string {
  // Real tokens carry a few dozen claims: beyond the display limit one row says how many are left out.
  const more = table.omitted
    ? `<tr><td colspan="${copyable ? 4 : 3}" class="muted">${htmlValue(moreMarker(table.omitted, 'claims', l10n))}</td></tr>`
    : '';
  return (
    table.rows
      .map((c) => {
        const instant = c.instant;
        const localTime =
          instant === undefined
            ? ''
            : `<div class="muted">${c.iso && time.isUtc(instant) ? htmlValue(utc(c.iso)) : htmlValue(l10n.t('{0} (local)', time.local(instant)))}</div>`;
        const copy = copyable
          ? `<td><button type="button" class="icon" data-action="copy" data-what="claim" data-claim="${escapeAttribute(c.name)}" aria-label="${htmlValue(l10n.t('Copy the value of {0}', c.name))}">${htmlValue(l10n.t('Copy'))}</button></td>`
          : '';
        return `<tr><th scope="row">${code(clipText(c.name, DISPLAY_LIMITS.maxString))}</th><td class="value">${code(displayValue(c.value))}${localTime}</td><td>${htmlValue(c.explanation)}</td>${copy}</tr>`;
      })
      .join('') + more
  );
}

/** A linked app registration's name, with "Reveal in Entra explorer" when its id can be looked up. */
function linkedApp(app: LinkedApp | undefined): string {
  if (!app) return '';
  const name = `<span class="linked">${htmlValue(l10n.t('app registration'))} <strong>${htmlValue(app.displayName)}</strong></span>`;
  if (!isGuid(app.appId)) return ` ${name}`;
  return ` ${name} <button type="button" class="secondary reveal" data-action="reveal" data-app-id="${htmlValue(app.appId)}" aria-label="${htmlValue(l10n.t('Reveal in Entra explorer: {0}', app.displayName))}">${htmlValue(l10n.t('Reveal in Entra explorer'))}</button>`;
}

function flowLabel(flow: string): string {
  return flow === 'unknown'
    ? l10n.t('flow unknown')
    : flow === 'delegated'
      ? l10n.t('delegated')
      : flow === 'app-only'
        ? l10n.t('app-only')
        : flow;
}

function kindTitle(kind: string): string {
  return kind === 'access'
    ? l10n.t('Access token')
    : kind === 'id'
      ? l10n.t('ID token')
      : kind === 'assertion'
        ? l10n.t('Client assertion')
        : kind === 'unknown'
          ? l10n.t('Token of unknown kind')
          : l10n.t('Token');
}

/** The panel's tab title: the kind when known. */
export function panelTitle(kind: string | undefined): string {
  return kind === undefined || kind === 'unknown' ? l10n.t('Token') : kindTitle(kind);
}

/** A problem's or note's severity as a word of the display language (its class keeps the code). */
function severityLabel(severity: 'error' | 'warning' | 'info'): string {
  return severity === 'error' ? l10n.t('error') : severity === 'warning' ? l10n.t('warning') : l10n.t('info');
}

/** The signature section's status label, shared with the webview's in-place update. */
export function signatureLabel(status: string): string {
  return status === 'valid'
    ? l10n.t('Valid signature')
    : status === 'invalid'
      ? l10n.t('Invalid signature')
      : status === 'cannot-verify'
        ? l10n.t('Cannot verify')
        : l10n.t('Not checked');
}

/**
 * The parts of the panel that tenant links and effective permissions change. They are rendered
 * into the page and, when the links arrive after the page, sent to the webview to replace in place
 * (no reload). Every value is escaped here, as in the page.
 */
export interface LinkedFragments {
  readonly audience: string;
  readonly client: string;
  readonly scopes: string;
  readonly roles: string;
  readonly effective: string;
}

/** Renders the link-dependent parts of the panel (see LinkedFragments). */
export function renderLinkedFragments(input: Pick<RenderInput, 'analysis' | 'links' | 'effective'>): LinkedFragments {
  const s = input.analysis.summary;
  const links = input.links;

  const audience =
    s.audience === null
      ? `<span class="muted">${htmlValue(l10n.t('(none)'))}</span>`
      : `${code(s.audience)}${s.audienceName ? ` <strong>${htmlValue(s.audienceName)}</strong>` : ''}${linkedApp(links?.audienceApp)}`;
  const client =
    s.client.appId === null
      ? `<span class="muted">${htmlValue(l10n.t('(unknown)'))}</span>`
      : `${code(s.client.appId)}${s.client.name ? ` <strong>${htmlValue(s.client.name)}</strong>` : ''}${linkedApp(links?.clientApp)}${s.client.authentication ? `<div class="muted">${htmlValue(l10n.t('authenticated with {0}', s.client.authentication))}</div>` : ''}`;
  const scopeItems =
    links && links.scopes.length
      ? links.scopes
      : s.scopes.map((value) => ({ value, defined: undefined as boolean | undefined }));
  const scopesHtml = scopeItems.length
    ? `<ul class="chips">${scopeItems.map((p) => `<li>${code(p.value)}${p.defined === false ? ` <span class="badge warn">${htmlValue(l10n.t('not defined by the app'))}</span>` : ''}</li>`).join('')}</ul>`
    : `<span class="muted">${htmlValue(l10n.t('none'))}</span>`;
  const roleItems =
    links && links.roles.length
      ? links.roles
      : s.roles.map((value) => ({ value, defined: undefined as boolean | undefined }));
  const rolesHtml = roleItems.length
    ? `<ul class="chips">${roleItems.map((p) => `<li>${code(p.value)}${p.defined === false ? ` <span class="badge warn">${htmlValue(l10n.t('not defined by the app'))}</span>` : ''}</li>`).join('')}</ul>`
    : `<span class="muted">${htmlValue(l10n.t('none'))}</span>`;

  const effective = input.effective
    ? `<section aria-labelledby="eff-title"><h2 id="eff-title">${htmlValue(l10n.t('Effective permissions on {0}', input.effective.api))}</h2>
<p class="muted">${htmlValue(l10n.t('From the workspace mapping of scopes to app roles (.entra/permissions.json): what the scopes allow, limited to the roles the token holds.'))}</p>
<dl class="facts">${fact(l10n.t('Effective'), list(input.effective.effective, l10n.t('none')))}${fact(l10n.t('Allowed by scopes, not held'), list(input.effective.notHeld, l10n.t('none')))}${fact(l10n.t('Scopes without mapping'), list(input.effective.unmappedScopes, l10n.t('none')))}</dl></section>`
    : '';

  const notes = explainByRegistration(input.analysis, links, l10n);
  const registration = notes.length
    ? `<section aria-labelledby="reg-title" class="registration"><h2 id="reg-title">${htmlValue(l10n.t('Token and registration'))}</h2>
<p class="muted">${htmlValue(l10n.t("What the linked app registrations say about this token's scp and roles."))}</p>
<ul class="problems">${notes.map((n) => `<li class="sev-${htmlValue(n.severity)}" data-code="${htmlValue(n.code)}"><span class="badge sev">${htmlValue(severityLabel(n.severity))}</span> <strong>${htmlValue(n.title)}</strong> ${htmlValue(n.detail)}</li>`).join('')}</ul></section>`
    : '';

  return { audience, client, scopes: scopesHtml, roles: rolesHtml, effective: registration + effective };
}

/** The complete document of the token panel. */
export function renderTokenHtml(input: RenderInput, env: RenderEnv): string {
  const { analysis: a, signature } = input;
  const e = explainToken(a);
  const s = a.summary;
  const local: TimeFormat = {
    local: env.formatLocal ?? formatLocalTime,
    isUtc: env.localIsUtc ?? (env.formatLocal ? () => false : hostIsUtc),
  };
  const title = `${kindTitle(s.kind)}${s.version ? ` v${s.version}` : ''} · ${flowLabel(s.flow)}`;
  const { audience, client, scopes: scopesHtml, roles: rolesHtml, effective } = renderLinkedFragments(input);
  const noneHtml = `<span class="muted">${htmlValue(l10n.t('(none)'))}</span>`;
  const factHtml = (f: SummaryFact): string => {
    switch (f.kind) {
      case 'audience':
        return fact(l10n.t('Audience'), audience, 'fact-audience');
      case 'client':
        return fact(l10n.t('Client'), client, 'fact-client');
      case 'user': {
        const u = f.user;
        return fact(
          l10n.t('User'),
          u
            ? `${u.username ? htmlValue(u.username) : `<span class="muted">${htmlValue(l10n.t('(no username)'))}</span>`}${u.name ? ` · ${htmlValue(u.name)}` : ''}${u.objectId ? `<div class="muted">oid ${code(u.objectId)}</div>` : ''}${u.subject ? `<div class="muted">${htmlValue(l10n.t('sub (pairwise)'))} ${code(u.subject)}</div>` : ''}`
            : `<span class="muted">${htmlValue(l10n.t('no user (app-only or unknown)'))}</span>`,
        );
      }
      case 'tenant': {
        const notes = f.notes.map((n) =>
          n.kind === 'personal'
            ? l10n.t('personal Microsoft account')
            : n.from
              ? l10n.t('guest from {0}', n.from)
              : l10n.t('guest from another tenant'),
        );
        return fact(
          l10n.t('Tenant'),
          `${f.tenantId === null ? noneHtml : code(f.tenantId)}${notes.length ? ` <span class="badge">${htmlValue(notes.join(', '))}</span>` : ''}`,
        );
      }
      case 'issuer':
        return fact(
          l10n.t('Issuer'),
          `${f.issuer === null ? noneHtml : code(f.issuer)} <span class="badge">${htmlValue(f.form)}</span>`,
        );
      case 'issued':
        return fact(l10n.t('Issued'), timeHtml(f.iso, f.relative, local));
      case 'validFrom':
        return fact(l10n.t('Valid from'), timeHtml(f.iso, f.relative, local));
      case 'expires':
        return fact(l10n.t('Expires'), timeHtml(f.iso, f.relative, local));
      case 'scopes':
        return fact(l10n.t('Scopes (scp)'), scopesHtml, 'fact-scopes');
      case 'roles':
        return fact(l10n.t('Roles'), rolesHtml, 'fact-roles');
    }
  };

  const problems = a.problems.length
    ? `<ul class="problems">${a.problems.map((p) => `<li class="sev-${htmlValue(p.severity)}"><span class="badge sev">${htmlValue(severityLabel(p.severity))}</span> <code>${htmlValue(p.code)}</code> ${htmlValue(p.message)}</li>`).join('')}</ul>`
    : `<p class="muted">${htmlValue(l10n.t('No problems found.'))}</p>`;

  const button = verifyButtonState(signature, input.verifying);
  return `<!DOCTYPE html>
<html lang="${htmlValue(env.language ?? 'en')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${htmlValue(env.nonce)}'; style-src 'nonce-${htmlValue(env.nonce)}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${htmlValue(env.nonce)}">${inlineSafe(env.style)}</style>
<title>${htmlValue(title)}</title>
</head>
<body data-doc="${env.doc ?? 0}"${env.strings ? ` data-l10n="${escapeAttribute(JSON.stringify(env.strings))}"` : ''}>
<main>
<section class="summary" aria-labelledby="summary-title" data-kind="${htmlValue(s.kind)}" data-flow="${htmlValue(s.flow)}">
<h1 id="summary-title">${htmlValue(title)}</h1>
<p class="muted">${htmlValue(s.kindReason)} ${htmlValue(s.flowReason)}</p>
<dl class="facts">
${e.facts.map(factHtml).join('\n')}
</dl>
</section>
<section aria-labelledby="problems-title"><h2 id="problems-title">${htmlValue(l10n.t('Problems'))}</h2>${problems}</section>
<section class="signature" aria-labelledby="sig-title"><h2 id="sig-title">${htmlValue(l10n.t('Signature'))}</h2>
<p><span id="sig-status" class="badge sig-${htmlValue(signature.status)}" data-status="${htmlValue(signature.status)}">${htmlValue(input.verifying ? l10n.t('Verifying…') : signatureLabel(signature.status))}</span> <span id="sig-reason">${htmlValue(signature.reason)}</span></p>
<button type="button" id="verify" data-action="verify"${button.disabled ? ' disabled' : ''}>${htmlValue(button.label === 'Retry verification' ? l10n.t('Retry verification') : l10n.t('Verify signature'))}</button>
<p class="muted">${htmlValue(l10n.t("Verifying fetches the issuer's public keys (OpenID metadata and JWKS); the token itself never leaves this machine."))}</p>
</section>
<div id="effective">${effective}</div>
<section aria-labelledby="claims-title"><h2 id="claims-title">${htmlValue(l10n.t('Claims'))}</h2>
<table><caption class="visually-hidden">${htmlValue(l10n.t('Payload claims with their meaning'))}</caption>
<thead><tr><th scope="col">${htmlValue(l10n.t('Claim'))}</th><th scope="col">${htmlValue(l10n.t('Value'))}</th><th scope="col">${htmlValue(l10n.t('Meaning'))}</th><th scope="col"><span class="visually-hidden">${htmlValue(l10n.t('Copy'))}</span></th></tr></thead>
<tbody>${claimRows(e.claims, true, local)}</tbody></table>
</section>
<section aria-labelledby="header-title"><h2 id="header-title">${htmlValue(l10n.t('Header'))}</h2>
<table><caption class="visually-hidden">${htmlValue(l10n.t('Header parameters with their meaning'))}</caption>
<thead><tr><th scope="col">${htmlValue(l10n.t('Parameter'))}</th><th scope="col">${htmlValue(l10n.t('Value'))}</th><th scope="col">${htmlValue(l10n.t('Meaning'))}</th></tr></thead>
<tbody>${claimRows(e.header, false, local)}</tbody></table>
</section>
<section aria-labelledby="json-title"><h2 id="json-title">${htmlValue(l10n.t('Header and payload (JSON)'))}</h2>
<div class="json"><div><h3>${htmlValue(l10n.t('Header'))}</h3><button type="button" data-action="copy" data-what="header">${htmlValue(l10n.t('Copy header JSON'))}</button><pre>${htmlValue(renderJson(a.header, OBJECT_LIMITS, 2).text, true)}</pre></div>
<div><h3>${htmlValue(l10n.t('Payload'))}</h3><button type="button" data-action="copy" data-what="payload">${htmlValue(l10n.t('Copy payload JSON'))}</button><pre>${htmlValue(renderJson(a.payload, OBJECT_LIMITS, 2).text, true)}</pre></div></div>
</section>
<section aria-labelledby="copy-title"><h2 id="copy-title">${htmlValue(l10n.t('Whole token'))}</h2>
<p class="muted">${htmlValue(l10n.t('The signature is only shown or copied when you ask for the whole token.'))}</p>
<button type="button" class="secondary" data-action="copy" data-what="token">${htmlValue(l10n.t('Copy whole token'))}</button>
</section>
<div id="status" role="status" aria-live="polite" class="visually-hidden"></div>
</main>
<script nonce="${htmlValue(env.nonce)}">${inlineSafe(env.script)}</script>
</body>
</html>`;
}
