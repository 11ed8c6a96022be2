// The tenant explorer in code-server against the tenant emulator: sign in from the welcome view
// (client secret typed into the prompt), expand an app registration, and screenshot the tree.
import type { Page } from 'playwright-core';
import { emulatorRequest, expandRow, systemCertificatesOff, type EmulatorConfig } from './lib/steps';

export const name =
  'Tenant explorer: sign in through the quick pick of methods, expand an app, consent status and secrets, a tenant that fails alone';

interface Ctx {
  page: Page;
  emulator?: EmulatorConfig;
  screenshot(name: string): Promise<string>;
  readmeScreenshot(name: string): Promise<string>;
  runCommand(title: string): Promise<void>;
  openEntraContainer(): Promise<void>;
}

function row(page: Page, text: string | RegExp) {
  return page.locator('.sidebar .monaco-list-row', { hasText: text }).first();
}

/** Expands a collapsed row and waits for its first child (clicking an expanded one would collapse it). */
async function expand(page: Page, text: string | RegExp): Promise<void> {
  await expandRow(page, row(page, text), String(text), 30_000);
}

export async function check(ctx: Ctx): Promise<void> {
  const { page } = ctx;
  if (!ctx.emulator) {
    throw new Error('the tenant emulator is not running (test/emulator missing?)');
  }
  // VS Code's network patch replaces Node's CA list with the system's, dropping the emulator's
  // test CA (NODE_EXTRA_CA_CERTS); turn it off for this profile through the Settings UI.
  await systemCertificatesOff(ctx);

  await ctx.openEntraContainer();
  const signIn = page.locator('.sidebar .welcome-view-content .monaco-button', { hasText: 'Sign in' }).first();
  await signIn.waitFor({ state: 'visible', timeout: 30_000 });
  await ctx.screenshot('explorer-signed-out');
  await signIn.click();
  // The quick pick of methods, the configured one (client secret) first.
  const method = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Client secret' }).first();
  await method.waitFor({ state: 'visible', timeout: 30_000 });
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: 'Device code' })
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
  await ctx.screenshot('signin-quick-pick');
  await page.keyboard.press('Enter');
  const input = page.locator('.quick-input-widget input[type="password"]');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(ctx.emulator.clientSecret);
  await page.keyboard.press('Enter');

  await row(page, 'Contoso (emulated)').waitFor({ state: 'visible', timeout: 60_000 });
  await expand(page, 'All applications');
  await expand(page, /^CRM Web/);
  await expand(page, 'API permissions');
  await row(page, 'user_impersonation').waitFor({ state: 'visible', timeout: 30_000 });
  await expand(page, 'Certificates & secrets');
  await row(page, 'crm-web-prod').waitFor({ state: 'visible', timeout: 30_000 });
  const text = await page.locator('.sidebar .monaco-list-row', { hasText: 'user_impersonation' }).first().innerText();
  if (!/Granted for Contoso \(emulated\)/.test(text)) {
    throw new Error(`user_impersonation row says: ${text}`);
  }
  await row(page, /^CRM Web/).hover();
  await ctx.screenshot('explorer-app-expanded');
  const status = await page.locator('.statusbar-item', { hasText: 'Contoso (emulated)' }).first().innerText();
  if (!status.includes('c1000000-0000-4000-8000-000000000009')) {
    throw new Error(`status bar says: ${status}`);
  }

  // The README's picture: the expanded app next to a manifest with its findings, each mistake
  // reported once (by Entra; VS Code's JSON service adds none).
  await page.keyboard.press('Control+P');
  const quickOpen = page.locator('.quick-input-widget input');
  await quickOpen.waitFor({ state: 'visible', timeout: 15_000 });
  await quickOpen.fill('graph-app.manifest.json');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'graph-app.manifest.json' })
    .first()
    .waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: 'graph-app.manifest.json' }).waitFor({ timeout: 15_000 });
  await ctx.runCommand('View: Focus Problems');
  const problemRows = page.locator('.markers-panel .monaco-list-row');
  await problemRows.filter({ hasText: 'schema-enum' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  const findings = (await problemRows.allInnerTexts()).filter((t) => !t.includes('graph-app.manifest.json'));
  const foreign = findings.filter((t) => !/Entra/.test(t));
  if (findings.length === 0 || foreign.length > 0) {
    throw new Error(`the Problems panel lists findings not from Entra: ${JSON.stringify(foreign)}`);
  }
  // Room for the tree: the Audit view collapsed, the side bar widened by its sash.
  const auditHeader = page.locator('.sidebar .pane-header[aria-expanded="true"]', { hasText: /^\s*Audit/i }).first();
  if (await auditHeader.isVisible()) await auditHeader.click();
  const sidebarBox = await page.locator('.part.sidebar').boundingBox();
  if (sidebarBox && sidebarBox.width < 500) {
    const x = sidebarBox.x + sidebarBox.width;
    await page.mouse.move(x + 1, sidebarBox.y + sidebarBox.height / 2);
    await page.mouse.down();
    await page.mouse.move(x + 220, sidebarBox.y + sidebarBox.height / 2, { steps: 5 });
    await page.mouse.up();
  }
  await row(page, /^CRM Web/).hover();
  await ctx.readmeScreenshot('explorer');
  // Collapse the long app list again so that the next tenant's rows are in view.
  await row(page, 'All applications').click();
  await page.waitForFunction(
    (el) => el?.getAttribute('aria-expanded') === 'false',
    await row(page, 'All applications').elementHandle(),
    { timeout: 30_000 },
  );

  // A second tenant that does not exist, added in the Settings editor: it fails alone, with its own
  // row; the first keeps its apps. Its row asks for the client secret first (one is kept per tenant),
  // then names the real cause.
  await ctx.runCommand('Preferences: Open User Settings');
  const settingsSearch = page
    .locator('.settings-editor .suggest-input-container textarea, .settings-editor .search-container input')
    .first();
  await settingsSearch.waitFor({ state: 'visible', timeout: 30_000 });
  await settingsSearch.fill('entra.tenants');
  const add = page.locator('.settings-editor .setting-item-list .monaco-button', { hasText: 'Add Item' }).first();
  await add.waitFor({ state: 'visible', timeout: 30_000 });
  await add.click();
  const itemInput = page
    .locator('.settings-editor .setting-list-edit-row input, .settings-editor .setting-list-object-input input')
    .first();
  await itemInput.waitFor({ state: 'visible', timeout: 30_000 });
  await itemInput.fill('fabrikam.onmicrosoft.com');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+W');
  const root = row(page, 'fabrikam.onmicrosoft.com');
  await root.waitFor({ state: 'visible', timeout: 60_000 });
  const notFound = row(page, /Tenant not found \(AADSTS90002\)/);
  if (!(await notFound.isVisible())) {
    await row(page, /client secret/).click();
    const secret = page.locator('.quick-input-widget input[type="password"]');
    await secret.waitFor({ state: 'visible', timeout: 30_000 });
    await secret.fill(ctx.emulator.clientSecret);
    await page.keyboard.press('Enter');
  }
  await notFound.waitFor({ state: 'visible', timeout: 60_000 });
  await row(page, 'Contoso (emulated)').waitFor({ state: 'visible', timeout: 30_000 });
  await notFound.hover();
  await ctx.screenshot('explorer-tenant-failure');

  // An app whose details are slow to come, expanded, and the failed tenant retried meanwhile: the
  // whole tree refreshes while the app loads. Its sections still appear once they arrive.
  await expand(page, 'All applications');
  await emulatorRequest(
    ctx.emulator,
    'POST',
    '/_emulator/faults',
    JSON.stringify({
      path: '/applications/b1000000-0000-4000-8000-000000000001',
      fault: { kind: 'latency', ms: 3000 },
    }),
    'application/json',
  );
  try {
    const crmApi = row(page, /^CRM API/);
    await crmApi.waitFor({ state: 'visible', timeout: 30_000 });
    await crmApi.click();
    await notFound.click();
    // Its first section right below it, one level deeper.
    await page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await crmApi.elementHandle(), {
      timeout: 30_000,
    });
    const index = Number(await crmApi.getAttribute('data-index'));
    const level = Number(await crmApi.getAttribute('aria-level'));
    await page
      .locator(`.sidebar .monaco-list-row[data-index="${index + 1}"][aria-level="${level + 1}"]`)
      .waitFor({ state: 'visible', timeout: 30_000 });
  } finally {
    await emulatorRequest(ctx.emulator, 'DELETE', '/_emulator/faults', '', 'application/json');
  }

  // Apps whose details are slow to come, expanded, and a search run meanwhile: the tenant's row is
  // refreshed while each app loads. Their sections still appear (they stayed expanded and empty).
  for (const [id, name] of [
    ['b1000000-0000-4000-8000-000000000003', /^ServerApp/],
    ['b1000000-0000-4000-8000-000000000004', /^ClientApp/],
  ] as const) {
    await emulatorRequest(
      ctx.emulator,
      'POST',
      '/_emulator/faults',
      JSON.stringify({ path: `/applications/${id}`, fault: { kind: 'latency', ms: 2500 } }),
      'application/json',
    );
    try {
      const app = row(page, name);
      await app.waitFor({ state: 'visible', timeout: 30_000 });
      await app.click();
      await ctx.runCommand('Entra: Search App Registrations…');
      const query = page.locator('.quick-input-widget input').first();
      await query.waitFor({ state: 'visible', timeout: 15_000 });
      await query.fill('Workbench');
      await page.keyboard.press('Enter');
      await expandRow(page, app, `${String(name)} (loaded while a search ran)`, 30_000);
    } finally {
      await emulatorRequest(ctx.emulator, 'DELETE', '/_emulator/faults', '', 'application/json');
    }
  }
}
