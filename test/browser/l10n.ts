// The extension in a pseudo-localized display language (qps-ploc, run by `npm run test:l10n`): the
// welcome view, the Sign In quick pick, the tenant tree, the token panel, the sign-in error doctor,
// the plan view (changes, conflict, the apply confirmation) and the Audit view after Audit Tenant
// (findings by rule and by app) show no text of the extension in English; a manifest's hovers
// (a finding, a permission, a property's schema description from VS Code's JSON support in a
// *.manifest.json file and from the extension in a file recognised by its content) and the Problems
// panel too.
// Pseudo-localization keeps a string's shape and replaces its letters ("Sign in" → "Şīɠƞ īƞ"), so any bundle or package.nls string still readable in English is one the
// code shows without l10n.t (or %key%). Texts that come from Microsoft Graph, the token, the
// tenant emulator or VS Code itself are not the extension's strings and are not looked at.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { expandRow, hoverOpaque } from './lib/steps';
import { crmApi, openFile, type EmulatorConfig } from './write';

export const name =
  'Pseudo-localized (qps-ploc): welcome view, Sign In quick pick, tenant tree, token panel, doctor, plan view, audit view';
export const locale = 'qps-ploc';

interface Ctx {
  page: Page;
  workspace: string;
  emulator?: EmulatorConfig;
  screenshot(name: string): Promise<string>;
  runCommand(title: string): Promise<void>;
}

type Bundle = Record<string, string | { message: string }>;
const text = (v: string | { message: string }): string => (typeof v === 'string' ? v : v.message);

/** The English strings and their pseudo forms, made the same way the packaged extension's were. */
function loadStrings(): { english: string[]; pseudo: (english: string) => string } {
  const root = join(__dirname, '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'entra-pseudo-'));
  try {
    const bundle = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Bundle;
    const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Bundle;
    execFileSync(process.execPath, [join(root, 'scripts', 'l10n.mjs'), '--pseudo', dir], { stdio: 'ignore' });
    const pBundle = JSON.parse(readFileSync(join(dir, 'l10n', 'bundle.l10n.qps-ploc.json'), 'utf8')) as Bundle;
    const pNls = JSON.parse(readFileSync(join(dir, 'package.nls.qps-ploc.json'), 'utf8')) as Bundle;
    const map = new Map<string, string>();
    for (const [k, v] of Object.entries(bundle)) if (pBundle[k] !== undefined) map.set(text(v), text(pBundle[k]!));
    // The schema url (jsonValidation.url) is a path, not a text: each display language names its schema.
    for (const [k, v] of Object.entries(nls))
      if (pNls[k] !== undefined && k !== 'jsonValidation.url') map.set(text(v), text(pNls[k]!));
    return {
      english: [...map.keys()],
      pseudo: (english) => {
        const p = map.get(english);
        if (p === undefined) throw new Error(`"${english}" is in neither l10n/bundle.l10n.json nor package.nls.json`);
        return p;
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The literal English pieces of the extension's strings worth looking for: the parts between
 * placeholders ({0}) and codicons ($(key)), with at least two words one of which has four letters,
 * or one word of eight letters (shorter pieces such as "Copy", "of the" also occur inside texts
 * from Graph or the token).
 */
function englishPieces(strings: readonly string[]): string[] {
  const pieces = new Set<string>();
  for (const s of strings) {
    for (const part of s.split(/\{[^}]*\}|\$\([^)]*\)|[`*\[\]()]|\n/)) {
      const piece = part.trim().replace(/[.:,;…]+$/, '');
      const words = piece.split(/\s+/).filter((w) => /[A-Za-z]{2,}/.test(w));
      // Names (every word capitalised: "Microsoft Graph", an app of the sample tenant) stay as they are.
      if (words.every((w) => /^[A-Z0-9]/.test(w))) continue;
      if (
        (words.length >= 2 && words.some((w) => /[A-Za-z]{4,}/.test(w))) ||
        (words.length === 1 && /[A-Za-z]{8,}/.test(piece))
      )
        pieces.add(piece);
    }
  }
  return [...pieces];
}

function untranslated(visible: string, pieces: readonly string[]): string[] {
  return pieces.filter((p) => {
    const at = visible.indexOf(p);
    if (at < 0) return false;
    // Whole words only: "Overview" inside "Overviews" is another text, and so is a segment of a
    // path ("applications" of a request's /applications/{id}).
    const before = visible[at - 1] ?? ' ';
    const after = visible[at + p.length] ?? ' ';
    return !/[A-Za-z/]/.test(before) && !/[A-Za-z/]/.test(after);
  });
}

/**
 * A webview's text without the values it shows: code, pre-formatted blocks and links (URIs, JSON,
 * ids, the pasted request) are hidden while the text is read, then shown again.
 */
async function textWithoutValues(frame: Frame, values = 'code, pre, a, td + td'): Promise<string> {
  // A string: this project's TypeScript has no DOM types.
  return frame.evaluate<string>(`(() => {
    const hidden = [...document.querySelectorAll(${JSON.stringify(values)})].filter((e) => !e.hidden);
    for (const e of hidden) e.hidden = true;
    try {
      return document.body.innerText;
    } finally {
      for (const e of hidden) e.hidden = false;
    }
  })()`);
}

/** `visible` with the display names of the sample tenant's applications blanked out. */
function withoutAppNames(visible: string): string {
  const scenario = JSON.parse(readFileSync(join(__dirname, '..', 'emulator', 'scenarios', 'sample.json'), 'utf8')) as {
    applications?: { displayName?: unknown }[];
  };
  let out = visible;
  for (const app of scenario.applications ?? [])
    if (typeof app.displayName === 'string' && app.displayName !== '') out = out.split(app.displayName).join(' ');
  return out;
}

async function panelFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const found = await frame
        .locator(selector)
        .count()
        .then(
          (n) => n > 0,
          () => false,
        );
      if (found) return frame;
    }
    await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => undefined);
  }
  throw new Error(`no webview has ${selector}`);
}

export async function check(ctx: Ctx): Promise<void> {
  const { page } = ctx;
  if (!ctx.emulator) throw new Error('the tenant emulator is not running (test/emulator missing?)');
  const { english, pseudo } = loadStrings();
  const pieces = englishPieces(english);
  const found: string[] = [];
  const look = (where: string, visible: string): void => {
    for (const p of untranslated(visible, pieces)) found.push(`${where}: "${p}"`);
  };

  // The welcome view (package.nls) with its Sign in button.
  const nls = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.nls.json'), 'utf8')) as Record<
    string,
    string
  >;
  const container = pseudo(nls['viewsContainers.entra.title']!);
  const entry = page.locator(
    `.activitybar a[aria-label^="${container}"], .activitybar .action-label[aria-label^="${container}"]`,
  );
  await entry.first().click({ timeout: 30_000 });
  const welcome = pseudo(nls['viewsWelcome.entra.tenants.signedOut']!);
  const signInLabel = /\[([^\]]+)\]\(command:entra\.signIn\)/.exec(welcome)?.[1];
  if (!signInLabel) throw new Error(`no Sign in link in the pseudo welcome text: ${welcome}`);
  const signIn = page.locator('.sidebar .welcome-view-content .monaco-button', { hasText: signInLabel }).first();
  await signIn.waitFor({ state: 'visible', timeout: 30_000 });
  look('welcome view', await page.locator('.sidebar').innerText());
  await ctx.screenshot('l10n-welcome');

  // The Sign In quick pick (vscode.l10n.t): its title, placeholder and every method with its detail.
  await signIn.click();
  const widget = page.locator('.quick-input-widget');
  const secretRow = widget.locator('.monaco-list-row', {
    hasText: pseudo('$(key) Client secret').replace(/^\$\(key\)\s*/, ''),
  });
  await secretRow.first().waitFor({ state: 'visible', timeout: 30_000 });
  const pickText = `${await widget.innerText()}\n${(await widget.locator('input').first().getAttribute('placeholder')) ?? ''}`;
  if (!pickText.includes(pseudo('How to sign in to Microsoft Entra')))
    throw new Error(`the quick pick's placeholder is not pseudo-localized: ${pickText}`);
  look('Sign In quick pick', pickText);
  await ctx.screenshot('l10n-signin-quick-pick');
  await secretRow.first().click();
  const secret = page.locator('.quick-input-widget input[type="password"]');
  await secret.waitFor({ state: 'visible', timeout: 30_000 });
  look('client secret prompt', await widget.innerText());
  await secret.fill(ctx.emulator.clientSecret);
  await page.keyboard.press('Enter');

  // The tenant tree: the tenant root and its lists, an app with its sections.
  const rows = page.locator('.sidebar .monaco-list-row');
  await rows.filter({ hasText: 'Contoso (emulated)' }).first().waitFor({ state: 'visible', timeout: 60_000 });
  await expandRow(page, rows.filter({ hasText: pseudo('All applications') }).first(), 'All applications');
  await expandRow(page, rows.filter({ hasText: /^CRM Web/ }).first(), 'CRM Web');
  await rows
    .filter({ hasText: pseudo('Overview') })
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
  // The names of the emulated tenant's apps are Graph data: "Entra Workbench (public client)" is
  // shown when its row is in view, and its "public client" is not the extension's text.
  look('tenant tree', withoutAppNames((await rows.allInnerTexts()).join('\n')));
  await ctx.screenshot('l10n-tenant-tree');

  // The token panel: decoded from the palette (its command title from package.nls).
  const token = readFileSync(join(ctx.workspace, 'tokens', 'crm-delegated.jwt'), 'utf8').trim();
  await ctx.runCommand(`Entra: ${pseudo('Decode Token')}`);
  const input = page.locator('.quick-input-widget input[type="password"]');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  look('Decode Token input box', await widget.innerText());
  await input.fill(token);
  await page.keyboard.press('Enter');
  const frame = await panelFrame(page, '#sig-title');
  const heading = (await frame.locator('#sig-title').innerText()).trim();
  if (heading !== pseudo('Signature')) throw new Error(`the panel's Signature heading reads "${heading}"`);
  // The panel's own texts: headings, labels, buttons and notes (the token analysis's texts: see tokenTexts).
  const chrome = await frame
    .locator('h1, h2, h3, dt, th, button, caption, .badge:not(.sev), section:not(.summary) > p.muted')
    .allInnerTexts();
  look('token panel', chrome.join('\n'));
  await frame.locator('#verify').click();
  await frame.locator('#sig-status:not([data-status="unchecked"])').waitFor({ timeout: 30_000 });
  const verdict = (await frame.locator('#sig-status').innerText()).trim();
  if (![pseudo('Invalid signature'), pseudo('Cannot verify'), pseudo('Valid signature')].includes(verdict))
    throw new Error(`the panel script's verdict label reads "${verdict}" (not from the bundle)`);
  await ctx.screenshot('l10n-token-panel');
  await tokenTexts(ctx, frame, pseudo, look);

  await doctorPage(ctx, pseudo, nls, look);
  await planViews(ctx, pseudo, nls, look);
  await auditView(ctx, pseudo, nls, look);
  try {
    await manifestTexts(ctx, pseudo, look);
  } finally {
    rmSync(join(ctx.workspace, HOVER_FILE), { force: true });
  }

  if (found.length) throw new Error(`${found.length} untranslated: ${[...new Set(found)].join('; ')}`);
}

/**
 * Opens a file this check has just written: the file search may not list it yet (its index follows
 * the file watcher, slow on a loaded machine), so the search is asked again, up to three times.
 */
async function openWritten(page: Page, file: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await openFile(page, file);
      return;
    } catch (err) {
      if (attempt === 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

const CRM_WEB = 'c1000000-0000-4000-8000-000000000002';
/** The manifest of the property hover, written into the workspace for the last step and removed after it. */
const HOVER_FILE = 'l10n-hover.json';
const CRM_API = 'c1000000-0000-4000-8000-000000000001';

/**
 * The sign-in error doctor (Explain Sign-in Error) with a redirect-mismatch text for CRM Web: the
 * page with the AADSTS explanation, the request, the registration findings and admin consent.
 */
async function doctorPage(
  ctx: Ctx,
  pseudo: (english: string) => string,
  nls: Record<string, string>,
  look: (where: string, visible: string) => void,
): Promise<void> {
  const { page } = ctx;
  const authorize = `https://login.microsoftonline.com/${ctx.emulator!.tenantId}/oauth2/v2.0/authorize?client_id=${CRM_WEB}&response_type=code&redirect_uri=${encodeURIComponent('https://crm.contoso-emulator.example/signin-oidc/')}&scope=${encodeURIComponent(`openid api://${CRM_API}/user_impersonation`)}`;
  const text = `AADSTS50011: The redirect URI 'https://crm.contoso-emulator.example/signin-oidc/' specified in the request does not match the redirect URIs configured for the application '${CRM_WEB}'. ${authorize}`;
  await ctx.runCommand(`Entra: ${pseudo(nls['command.explainSignInError']!)}`);
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  look('Explain Sign-in Error input box', await page.locator('.quick-input-widget').innerText());
  await input.fill(text);
  await page.keyboard.press('Enter');
  const frame = await panelFrame(page, '[data-finding="redirect-uri-not-registered"]', 60_000);
  const heading = (await frame.locator('h2').nth(1).innerText()).trim();
  if (heading !== pseudo('Against the app registration'))
    throw new Error(`the doctor page's registration heading reads "${heading}"`);
  // The whole page but its values (the pasted request, URLs, ids): only the extension's strings are
  // looked for, so names from the tenant do not count.
  look('doctor page', await textWithoutValues(frame));
  await ctx.screenshot('l10n-doctor');
}

/**
 * The plan view of a workspace manifest of the CRM API (changes, requests, properties not written),
 * the apply confirmation (cancelled: nothing is sent), and the conflict view of a manifest whose
 * base copy is older than the tenant's value.
 */
async function planViews(
  ctx: Ctx,
  pseudo: (english: string) => string,
  nls: Record<string, string>,
  look: (where: string, visible: string) => void,
): Promise<void> {
  const { page } = ctx;
  const live = await crmApi(ctx.emulator!);
  const planFile = join(ctx.workspace, 'crm-api.l10n-plan.manifest.json');
  const conflictFile = join(ctx.workspace, 'crm-api.l10n-conflict.manifest.json');
  const conflictBase = join(ctx.workspace, 'crm-api.l10n-conflict.manifest.base.json');
  const spa = (live.spa ?? {}) as Record<string, unknown>;
  writeFileSync(
    planFile,
    `${JSON.stringify(
      {
        ...live,
        description: 'Customer data API for the sales apps',
        spa: { ...spa, redirectUris: ['https://crm.contoso-emulator.example/app'] },
        tags: ['crm', 'production'],
        publisherDomain: 'contoso.example',
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(conflictBase, `${JSON.stringify({ ...live, displayName: 'CRM API (before the rename)' }, null, 2)}\n`);
  writeFileSync(conflictFile, `${JSON.stringify({ ...live, displayName: 'CRM API (my rename)' }, null, 2)}\n`);
  try {
    await openWritten(page, 'crm-api.l10n-plan.manifest.json');
    await ctx.runCommand(`Entra: ${pseudo(nls['command.planChanges']!)}`);
    const plan = await panelFrame(page, '#changes-title', 60_000);
    const title = (await plan.locator('#requests-title').innerText()).trim();
    if (title !== pseudo('Microsoft Graph requests'))
      throw new Error(`the plan view's requests heading reads "${title}"`);
    // Collapsed "Before and after" blocks are opened so their headings are read too.
    for (const d of await plan.locator('details').all()) await d.evaluate((e) => e.setAttribute('open', ''));
    look('plan view', await textWithoutValues(plan));
    await ctx.screenshot('l10n-plan-view');

    // The apply confirmation (a modal listing changes and requests); cancelled, nothing is sent.
    await plan.locator('button[data-action="apply"]').click();
    const dialog = page.locator('.monaco-dialog-box').first();
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    look('apply confirmation', await dialog.innerText());
    await ctx.screenshot('l10n-plan-confirm');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });

    await openWritten(page, 'crm-api.l10n-conflict.manifest.json');
    await ctx.runCommand(`Entra: ${pseudo(nls['command.planChanges']!)}`);
    const conflict = await panelFrame(page, '#conflicts-title', 60_000);
    look('conflict view', await textWithoutValues(conflict));
    await ctx.screenshot('l10n-conflict-view');
  } finally {
    for (const f of [planFile, conflictFile, conflictBase]) rmSync(f, { force: true });
  }
}

/**
 * The Audit view after "Entra: Audit Tenant": the summary, the rules (ids are identifiers, not
 * text) with the tunnel rule's finding, a manifest rule's title and tooltip, then the findings
 * grouped by app, whose rows show the messages.
 */
async function auditView(
  ctx: Ctx,
  pseudo: (english: string) => string,
  nls: Record<string, string>,
  look: (where: string, visible: string) => void,
): Promise<void> {
  const { page } = ctx;
  await ctx.runCommand(`Entra: ${pseudo(nls['command.auditTenant']!)}`);
  // A rule's row shows its title up to the first parenthesis (the rule id is in the tooltip).
  const groupTitle = (english: string): string => pseudo(english).split(' (')[0]!.replace(/\.$/, '');
  const tunnelTitle = groupTitle(
    'Redirect URIs on tunnel hosts (ngrok, localtunnel/loca.lt, trycloudflare, serveo, devtunnels...).',
  );
  const tunnel = page.locator('.sidebar .monaco-list-row', { hasText: tunnelTitle }).first();
  await tunnel.waitFor({ state: 'visible', timeout: 90_000 });
  // The Entra container's views: Tenants, then Audit; Tenants collapsed to give the audit the room.
  const pane = page.locator('.sidebar .pane').nth(1);
  const rows = pane.locator('.monaco-list-row');
  const tenants = page.locator('.sidebar .pane-header').first();
  if ((await tenants.getAttribute('aria-expanded')) === 'true') await tenants.click();
  await rows.filter({ hasText: tunnelTitle }).first().click();
  await rows.filter({ hasText: 'ClientApp (multi-tenant)' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  // Rule ids (`audit-credential-expiring`, `rra-high-privilege`) are identifiers, and host names or
  // permissions (`site.azurewebsites.net`, `Mail.Send`) values from the tenant: neither is text.
  const withoutIds = (text: string): string =>
    text.replace(/[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, ' ').replace(/\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g, ' ');
  look('audit view (by rule)', withoutIds(await pane.innerText()));
  await ctx.screenshot('l10n-audit-view');

  // A manifest rule's group: its title on the row, what it checks in the tooltip (with the rule id).
  const manifestRule = rows
    .filter({ hasText: pseudo('High-privilege Microsoft Graph application permissions requested') })
    .first();
  await manifestRule.waitFor({ state: 'visible', timeout: 30_000 });
  await manifestRule.hover();
  const checks = pseudo(
    'Flags high-privilege Microsoft Graph application permissions (e.g. *.ReadWrite.All, RoleManagement.ReadWrite.Directory).',
  ).split(' (')[0]!;
  const ruleTooltip = page.locator('.workbench-hover, .monaco-hover', { hasText: checks }).first();
  await ruleTooltip.waitFor({ state: 'visible', timeout: 30_000 });
  const tooltipText = await ruleTooltip.innerText();
  if (!tooltipText.includes('rra-high-privilege')) throw new Error(`the rule's tooltip reads "${tooltipText}"`);
  look('audit view (manifest rule tooltip)', withoutIds(tooltipText));
  await ctx.screenshot('l10n-audit-manifest-rule');
  await page.mouse.move(0, 0);

  // By app: each finding's row shows its message.
  const header = pane.locator('.pane-header');
  await header.hover();
  await header.locator(`.action-label[aria-label="${pseudo(nls['command.auditGroupByApp']!)}"]`).click();
  // The rule rows go away, the app rows come.
  await rows
    .filter({
      hasText: groupTitle(
        'High-privilege Microsoft Graph application permissions granted (admin-consented), not only requested.',
      ),
    })
    .first()
    .waitFor({ state: 'detached', timeout: 30_000 });
  const app = rows.filter({ hasText: /^ClientApp \(multi-tenant\)/ }).first();
  await app.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await app.getAttribute('aria-expanded')) !== 'true') await app.click();
  // The multi-tenant finding's message, pseudo-localized (the app's name and audience as they are).
  const unverified = pseudo(
    '{0} is multi-tenant ({1}) without a verified publisher. Verify the publisher or make it single-tenant.',
  )
    .replace('{0}', 'ClientApp (multi-tenant)')
    .replace('{1}', 'AzureADMultipleOrgs');
  await rows.filter({ hasText: unverified }).first().waitFor({ state: 'visible', timeout: 30_000 });
  // The apps' names (the first level) come from the tenant: left out wherever they appear.
  const names = (await pane.locator('.monaco-list-row[aria-level="1"]').allInnerTexts())
    .map((t) => t.replace(/\d+\s*$/, '').trim())
    .filter(Boolean)
    .sort((x, y) => y.length - x.length);
  let messages = withoutIds((await rows.allInnerTexts()).join('\n'));
  for (const n of names) messages = messages.split(n).join(' ');
  look('audit view (by app)', messages);
  await ctx.screenshot('l10n-audit-by-app');
}

/**
 * The manifest language service on graph-app.manifest.json of the test workspace: a finding's hover
 * (message and quick fixes), the hover of a permission id, and the Problems panel with the file's
 * findings (schema wrong case, unknown property with its suggestion, not a GUID). The values the
 * messages quote (property names, "azureadmyorg", the GUID) are the file's, not text.
 */
async function manifestTexts(
  ctx: Ctx,
  pseudo: (english: string) => string,
  look: (where: string, visible: string) => void,
): Promise<void> {
  const { page } = ctx;
  // The file of the property hover (last step), written first so that the file search knows it by then.
  const file = HOVER_FILE;
  writeFileSync(
    join(ctx.workspace, file),
    `${JSON.stringify({ displayName: 'Contoso', signInAudience: 'AzureADMyOrg', requiredResourceAccess: [] }, null, 2)}\n`,
  );
  // The earlier steps left editors and views open: all editors are closed (Ctrl+K Ctrl+W), then
  // the file search opens the manifest in the one group left.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+W');
  await openFile(page, 'graph-app.manifest.json');
  const editor = page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  await editor.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 30_000 });
  // Values in quotes (property names, enum values, the suggestion) and JSON paths are the file's.
  const withoutValues = (text: string): string =>
    text
      .replace(/"[^"\n]*"/g, ' ')
      .replace(/\b[A-Za-z]+(?:\[\d+\])?(?:\.[A-Za-z]+(?:\[\d+\])?)+/g, ' ')
      .replace(/\b[a-z]+[A-Z][A-Za-z]*\b/g, ' ');
  // A hover fades in: the screenshot waits until it (and what holds it) is fully opaque.
  const opaque = (hasText: string): Promise<unknown> => hoverOpaque(page, hasText);

  // The unknown property's hover: its message, pseudo-localized, with the suggestion as written.
  const unknown = pseudo('Unknown property "{0}" in {1}. Did you mean "{2}"?')
    .replace('{0}', 'isFallbackPublicClent')
    .replace('{1}', pseudo('the application object'))
    .replace('{2}', 'isFallbackPublicClient');
  const key = editor.locator('.view-line span', { hasText: 'isFallbackPublicClent' }).first();
  await key.waitFor({ state: 'visible', timeout: 15_000 });
  await key.hover();
  const findingHover = page.locator('.monaco-hover', { hasText: unknown }).first();
  await findingHover.waitFor({ state: 'visible', timeout: 20_000 });
  await opaque(unknown);
  look('manifest finding hover', withoutValues(await findingHover.innerText()));
  await ctx.screenshot('l10n-manifest-finding-hover');
  await page.mouse.move(5, 5);
  await findingHover.waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);

  // The permission hover of User.Read's id: kind and consent from the bundle, names from the catalogue.
  const id = editor.locator('.view-line span', { hasText: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d' }).first();
  await id.hover();
  const delegated = pseudo('Delegated permission (Scope). Users can consent.');
  const permissionHover = page.locator('.monaco-hover', { hasText: delegated }).first();
  await permissionHover.waitFor({ state: 'visible', timeout: 20_000 });
  await opaque(delegated);
  // The catalogue's display name and description of the permission are Microsoft's, not text of ours.
  look('manifest permission hover', (await permissionHover.innerText()).split('\n').slice(0, 3).join('\n'));
  await ctx.screenshot('l10n-manifest-permission-hover');
  await page.mouse.move(5, 5);

  // A property's hover in a file of the name patterns: VS Code's JSON support answers from the
  // contributed schema, which in this display language is the one built from the pseudo bundle.
  const audienceKey = editor.locator('.view-line span', { hasText: 'signInAudience' }).first();
  const audienceEnglish = schemaDescription('signInAudience');
  const audienceStart = pseudo(audienceEnglish).split(/[(:]/)[0]!.trim();
  const jsonHover = page.locator('.monaco-hover', { hasText: audienceStart }).first();
  await permissionHover.waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);
  await audienceKey.hover();
  await jsonHover.waitFor({ state: 'visible', timeout: 20_000 });
  await opaque(audienceStart);
  const jsonHoverText = await jsonHover.innerText();
  if (jsonHoverText.includes(audienceEnglish.split(':')[0]!))
    throw new Error(`VS Code's JSON hover shows the English description: ${jsonHoverText}`);
  look('manifest JSON hover (schema description)', withoutValues(jsonHoverText));
  await ctx.screenshot('l10n-manifest-json-hover');
  await page.mouse.move(5, 5);
  await jsonHover.waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => undefined);

  // The Problems panel: every finding of the file, pseudo-localized.
  await editor.click();
  await page.keyboard.press('Control+Shift+M');
  const problems = page.locator('.markers-panel .monaco-list-row');
  await problems.filter({ hasText: unknown }).first().waitFor({ state: 'visible', timeout: 20_000 });
  await problems
    .filter({
      hasText: pseudo('{0}: {1} has the wrong case; the value is {2} (values are case-sensitive).')
        .split('{1}')[1]!
        .split('{2}')[0]!,
    })
    .first()
    .waitFor({ state: 'visible', timeout: 20_000 });
  const listed = (await problems.allInnerTexts()).join('\n');
  if (!/schema-format/.test(listed) || !/schema-enum/.test(listed))
    throw new Error(`the Problems panel lists: ${listed}`);
  look('Problems panel', withoutValues(listed));
  await ctx.screenshot('l10n-manifest-problems');

  // A property's hover from the schema: its description, looked up in the bundle by its English
  // text. In a file the extension recognises by its content (not one of the name patterns, whose
  // property hovers come from VS Code's JSON support and the editor schemas), the extension answers.
  await page.keyboard.press('Escape');
  await openWritten(page, file);
  const hoverEditor = page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  const audience = hoverEditor.locator('.view-line span', { hasText: 'signInAudience' }).first();
  await audience.waitFor({ state: 'visible', timeout: 15_000 });
  const description = schemaDescription('signInAudience');
  // The first words of the pseudo-localized description (Markdown keeps the rest as it is).
  const start = pseudo(description).split(/[(:]/)[0]!.trim();
  const propertyHover = page.locator('.monaco-hover', { hasText: start }).first();
  // The extension's providers attach once the file is recognised: hover again until the hover shows.
  for (let attempt = 0; attempt < 10; attempt++) {
    await page.mouse.move(5, 5);
    await audience.hover();
    if (await propertyHover.isVisible().catch(() => false)) break;
    await propertyHover.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
    if (await propertyHover.isVisible().catch(() => false)) break;
  }
  await propertyHover.waitFor({ state: 'visible', timeout: 20_000 });
  await opaque(start);
  const hoverText = await propertyHover.innerText();
  if (hoverText.includes(description.split(':')[0]!))
    throw new Error(`the property hover shows the English description: ${hoverText}`);
  look('manifest property hover', withoutValues(hoverText));
  await ctx.screenshot('l10n-manifest-property-hover');
  await page.mouse.move(5, 5);
}

/** The description the Microsoft Graph schema gives a top-level property (English, as in the bundle's keys). */
function schemaDescription(property: string): string {
  const schema = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'schemas', 'application.graph.schema.json'), 'utf8'),
  ) as { properties: Record<string, { description?: string }> };
  const description = schema.properties[property]?.description;
  if (!description) throw new Error(`the schema has no description for ${property}`);
  return description;
}

/**
 * The token analysis's texts in the panel (why it is an access token and delegated, the claim
 * meanings, the problems with their severities, the signature verdict's reason) and the token hover
 * in an editor: pseudo-localized, with the token's values (claim names and values, ids, times) as
 * they are. The panel shows the workspace's crm-delegated.jwt, expired long ago.
 */
async function tokenTexts(
  ctx: Ctx,
  frame: Frame,
  pseudo: (english: string) => string,
  look: (where: string, visible: string) => void,
): Promise<void> {
  const { page } = ctx;
  /** The part of a pseudo-localized message before its first placeholder. */
  const before = (english: string): string => pseudo(english).split('{0}')[0]!;
  const reasons = await frame.locator('section.summary > p.muted').innerText();
  const flowReason = pseudo('A user signed in: scp lists the delegated permissions the client holds on their behalf.');
  if (
    !reasons.includes(flowReason) ||
    !reasons.includes(
      before(
        'It is an access token: it carries {0}, and only access tokens name the client app and what it was granted.',
      ),
    )
  )
    throw new Error(`the panel's kind and flow reasons read "${reasons}"`);
  // Each claim row: the name, the value (not looked at) and the meaning.
  const rows = await frame.evaluate<[string, string][]>(`[...document.querySelectorAll('tbody tr')]
    .filter((tr) => tr.cells.length >= 3)
    .map((tr) => [tr.querySelector('th')?.innerText.trim() ?? '', tr.cells[2].innerText.trim()])`);
  const meaning = new Map(rows);
  const aud = pseudo(
    "Audience: the resource the token is meant for. In v2 access tokens it is always the API's client id; in v1 access tokens it is the client id or whichever App ID URI the client asked for; in ID tokens it is the client app that signed the user in. An API must reject tokens whose audience is not its own.",
  );
  if (meaning.get('aud') !== aud) throw new Error(`the meaning of aud reads "${meaning.get('aud')}"`);
  if (
    !meaning
      .get('exp')
      ?.startsWith(
        pseudo(
          'Expiry: the token must not be accepted after this time. Entra can still refuse it earlier (revocation, continuous access evaluation).',
        ),
      )
  )
    throw new Error(`the meaning of exp reads "${meaning.get('exp')}"`);
  if (!meaning.get('typ')?.startsWith(pseudo('Token type. Entra sets it to "JWT" for both access and ID tokens.')))
    throw new Error(`the meaning of the typ header reads "${meaning.get('typ')}"`);
  const problems = await frame.locator('ul.problems li').allInnerTexts();
  const expired = problems.find((p) => p.includes('expired'));
  if (
    !expired?.includes(before('The token expired {0}, beyond the {1} s clock skew validators allow.')) ||
    !expired.startsWith(pseudo('error'))
  )
    throw new Error(`the expired problem reads "${expired ?? problems.join(' | ')}"`);
  const reason = (await frame.locator('#sig-reason').innerText()).trim();
  if (!/[^\x00-\x7f]/.test(reason)) throw new Error(`the signature reason reads "${reason}"`);
  // Everything the panel shows but the values: code (claim names, problem codes, ids), values, times, JSON.
  const texts = await textWithoutValues(frame, 'code, pre, a, td.value, time');
  look('token panel (analysis texts)', texts);
  await frame.locator('#claims-title').scrollIntoViewIfNeeded();
  await ctx.screenshot('l10n-token-claims');

  // The hover over the token in a .jwt file: kind, flow, audience, expiry and the problem count.
  await openFile(page, 'crm-delegated.jwt');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const span = editor.locator('.view-line span', { hasText: 'eyJ' }).first();
  await span.waitFor({ state: 'visible', timeout: 30_000 });
  await span.hover();
  const hover = page.locator('.monaco-hover', { hasText: pseudo('Decode token') }).first();
  await hover.waitFor({ state: 'visible', timeout: 30_000 });
  const hoverText = await hover.innerText();
  if (!hoverText.includes(pseudo('Expires:')) || !hoverText.includes(before('expired {0} ago')))
    throw new Error(`the token hover reads "${hoverText}"`);
  look('token hover', hoverText);
  await ctx.screenshot('l10n-token-hover');
  await page.mouse.move(5, 5);
}
