// Changing the tenant in code-server: a workspace manifest of the CRM API (bound by its id) is
// planned from the palette; the plan view lists the changes in plain words, the read-only
// sign-in's notice, the requests and what is not written. A second manifest whose base copy is
// older than the tenant's value shows the conflict view with base, tenant and yours.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { panelFrame, signInWithClientSecret, systemCertificatesOff } from './lib/steps';

export const name = 'Write path: plan view and conflict view of a workspace manifest';

export interface EmulatorConfig {
  authorityHost: string;
  graphBaseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caCertPath: string;
}

export interface Ctx {
  page: Page;
  workspace: string;
  emulator?: EmulatorConfig;
  screenshot(name: string): Promise<string>;
  runCommand(title: string): Promise<void>;
  openEntraContainer(): Promise<void>;
}

function call(
  cfg: EmulatorConfig,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca: readFileSync(cfg.caCertPath), headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The CRM API as the tenant has it (read with the run's client, as another tool would). */
export async function crmApi(cfg: EmulatorConfig): Promise<Record<string, unknown>> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: cfg.clientId,
    client_secret: cfg.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
  });
  const token = (
    JSON.parse(
      await call(
        cfg,
        'POST',
        `${cfg.authorityHost}/${cfg.tenantId}/oauth2/v2.0/token`,
        { 'content-type': 'application/x-www-form-urlencoded' },
        form.toString(),
      ),
    ) as { access_token: string }
  ).access_token;
  const app = JSON.parse(
    await call(cfg, 'GET', `${cfg.graphBaseUrl}/applications/b1000000-0000-4000-8000-000000000001`, {
      authorization: `Bearer ${token}`,
    }),
  ) as Record<string, unknown>;
  delete app['@odata.context'];
  return app;
}

export async function openFile(page: Page, file: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('Control+P');
  try {
    await input.waitFor({ state: 'visible', timeout: 5_000 });
  } catch {
    // Keys pressed while a webview has the focus can miss the workbench: the title bar's
    // command center opens the same file search with the mouse.
    await page.keyboard.press('Escape');
    await page.locator('.titlebar .command-center-center').first().click();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
  }
  await input.fill(file);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: file })
    .first()
    .waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: file }).waitFor({ timeout: 15_000 });
}

export async function check(ctx: Ctx): Promise<void> {
  const { page } = ctx;
  const cfg = ctx.emulator;
  if (!cfg) throw new Error('the tenant emulator is not running (test/emulator missing?)');
  const planFile = join(ctx.workspace, 'crm-api.write-check.manifest.json');
  const conflictFile = join(ctx.workspace, 'crm-api.write-conflict.manifest.json');
  const conflictBase = join(ctx.workspace, 'crm-api.write-conflict.manifest.base.json');
  const live = await crmApi(cfg);
  const web = (live.web ?? {}) as Record<string, unknown>;
  const spa = (live.spa ?? {}) as Record<string, unknown>;
  writeFileSync(
    planFile,
    `${JSON.stringify({ ...live, description: 'Customer data API for the sales apps', spa: { ...spa, redirectUris: ['https://crm.contoso-emulator.example/app'] }, web, tags: ['crm', 'production'], publisherDomain: 'contoso.example' }, null, 2)}\n`,
  );
  writeFileSync(
    conflictBase,
    `${JSON.stringify({ ...live, displayName: 'CRM API (before the rename)', notes: null }, null, 2)}\n`,
  );
  writeFileSync(
    conflictFile,
    `${JSON.stringify({ ...live, displayName: 'CRM API (my rename)', notes: null }, null, 2)}\n`,
  );
  try {
    // The emulator's test CA: VS Code's network patch must not replace Node's CA list.
    await systemCertificatesOff(ctx);

    await ctx.openEntraContainer();
    await signInWithClientSecret(page, cfg.clientSecret);
    const all = page.locator('.sidebar .monaco-list-row', { hasText: 'All applications' }).first();
    await all.waitFor({ state: 'visible', timeout: 60_000 });
    await page
      .locator('.sidebar .monaco-list-row', { hasText: /^CRM API/ })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });

    await openFile(page, 'crm-api.write-check.manifest.json');
    await ctx.runCommand('Entra: Plan Changes to Tenant');
    const plan = await panelFrame(page, 'Plan: CRM API');
    const text = await plan.locator('body').innerText();
    for (const expected of ['SPA redirect URI', 'Not written', 'PATCH /applications/', 'not change them']) {
      if (!text.includes(expected)) throw new Error(`the plan view lacks "${expected}": ${text.slice(0, 600)}`);
    }
    await ctx.screenshot('write-plan-view');

    // Apply asks first, in a modal dialog listing the changes and the requests; cancelling sends nothing.
    await plan.locator('button[data-action="apply"]').click();
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'Apply 4 change' }).first();
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    const dialogText = await dialog.innerText();
    if (!/adds SPA redirect URI/.test(dialogText) || !/1\. PATCH \/applications\//.test(dialogText))
      throw new Error(`the confirmation says: ${dialogText}`);
    await ctx.screenshot('write-confirm-modal');
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
    // Cancelled: the view is shown again with its Apply button enabled.
    const deadline = Date.now() + 30_000;
    let enabled = false;
    while (!enabled && Date.now() < deadline) {
      for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
        if (
          (await frame
            .locator('button[data-action="apply"]:not([disabled])')
            .count()
            .catch(() => 0)) > 0
        )
          enabled = true;
      }
      if (!enabled) await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => undefined);
    }
    if (!enabled) throw new Error('the plan view did not offer Apply again after the confirmation was cancelled');

    await openFile(page, 'crm-api.write-conflict.manifest.json');
    await ctx.runCommand('Entra: Plan Changes to Tenant');
    const conflict = await panelFrame(page, 'Conflict: CRM API');
    const conflictText = await conflict.locator('body').innerText();
    for (const expected of [
      'CRM API (before the rename)',
      'CRM API (my rename)',
      'Tenant now',
      'Nothing was written',
    ]) {
      if (!conflictText.includes(expected))
        throw new Error(`the conflict view lacks "${expected}": ${conflictText.slice(0, 600)}`);
    }
    await ctx.screenshot('write-conflict-view');
  } finally {
    for (const f of [planFile, conflictFile, conflictBase]) rmSync(f, { force: true });
  }
}
