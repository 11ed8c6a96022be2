// The sandbox walk in code-server, signed in with the emulator's admin client: a workspace copy
// of CRM API's manifest gets a new SPA redirect URI; Plan lists it, Apply (confirmed in the modal)
// changes the tenant, and Undo from the notification puts it back. Screenshots of each step.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { crmApi, openFile, type Ctx } from './write';
import { openSetting, panelFrame, signInWithClientSecret, systemCertificatesOff } from './lib/steps';

export const name = "Sandbox walk: CRM API's manifest edited, planned, applied and undone";

// The emulator's admin client (Application.ReadWrite.All), documented in test/emulator/README.md.
const admin = { clientId: 'c1000000-0000-4000-8000-000000000010', clientSecret: 'Emulator~Admin~Client~Secret~0006' };
const walkUri = 'https://crm.contoso-emulator.example/walk';

async function redirectUris(ctx: Ctx): Promise<string[]> {
  const app = await crmApi(ctx.emulator!);
  return ((app.spa as { redirectUris?: string[] } | undefined)?.redirectUris ?? []).slice();
}

async function until(what: string, ready: () => Promise<boolean>, page: Page, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready()) return;
    await page.waitForEvent('framenavigated', { timeout: 1000 }).catch(() => undefined);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function check(ctx: Ctx): Promise<void> {
  const { page } = ctx;
  const cfg = ctx.emulator;
  if (!cfg) throw new Error('the tenant emulator is not running (test/emulator missing?)');
  const file = join(ctx.workspace, 'crm-api.walk.manifest.json');
  const live = await crmApi(cfg);
  if ((await redirectUris(ctx)).includes(walkUri)) throw new Error('the tenant already has the walk URI');
  const spa = (live.spa ?? {}) as { redirectUris?: string[] };
  writeFileSync(
    file,
    `${JSON.stringify({ ...live, spa: { ...spa, redirectUris: [...(spa.redirectUris ?? []), walkUri] } }, null, 2)}\n`,
  );
  try {
    await systemCertificatesOff(ctx);
    // The admin client: set in the Settings editor, then read back until it has been saved.
    const clientIdInput = (p: Page) =>
      p.locator('.settings-editor .setting-item-contents', { hasText: 'Client Id' }).locator('input').first();
    await openSetting(ctx, 'entra.signIn.clientId', async (p) => {
      const input = clientIdInput(p);
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      await input.fill(admin.clientId);
      await input.press('Tab');
    });
    let saved = '';
    await until(
      'the admin client id to be saved',
      async () => {
        await openSetting(ctx, 'entra.signIn.clientId', async (p) => {
          const input = clientIdInput(p);
          await input.waitFor({ state: 'visible', timeout: 30_000 });
          saved = await input.inputValue();
        });
        return saved === admin.clientId;
      },
      page,
    );

    await ctx.openEntraContainer();
    await signInWithClientSecret(page, admin.clientSecret);
    await page
      .locator('.sidebar .monaco-list-row', { hasText: /^CRM API/ })
      .first()
      .waitFor({ state: 'visible', timeout: 60_000 });

    // Plan: the view lists the one change and its PATCH.
    await openFile(page, 'crm-api.walk.manifest.json');
    await ctx.runCommand('Entra: Plan Changes to Tenant');
    const plan = await panelFrame(page, 'Plan: CRM API');
    const text = await plan.locator('body').innerText();
    for (const expected of [`adds SPA redirect URI ${walkUri}`, 'Changes (1)', 'PATCH /applications/']) {
      if (!text.includes(expected)) throw new Error(`the plan view lacks "${expected}": ${text.slice(0, 600)}`);
    }
    if (/can read app registrations but not change them/.test(text))
      throw new Error('the walk is signed in read-only (the admin client setting was not taken)');
    await ctx.screenshot('walk-1-plan');

    // Apply, confirmed in the modal.
    await plan.locator('button[data-action="apply"]').click();
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'Apply 1 change' }).first();
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    await ctx.screenshot('walk-2-confirm');
    await dialog
      .locator('.monaco-button', { hasText: /^Apply$/ })
      .first()
      .click();
    const applied = page.locator('.notification-toast', { hasText: 'Applied 1 change to CRM API' }).first();
    await applied.waitFor({ state: 'visible', timeout: 60_000 });
    if (!(await redirectUris(ctx)).includes(walkUri)) throw new Error('the tenant did not get the redirect URI');
    await ctx.screenshot('walk-3-applied');

    // Undo from the notification: confirmed as a new plan; the tenant is back.
    await applied.locator('.monaco-button', { hasText: 'Undo' }).first().click();
    const undo = page.locator('.monaco-dialog-box', { hasText: 'Undo:' }).first();
    await undo.waitFor({ state: 'visible', timeout: 30_000 });
    const undoText = await undo.innerText();
    if (!undoText.includes(`removes SPA redirect URI ${walkUri}`))
      throw new Error(`the undo confirmation says: ${undoText}`);
    await undo
      .locator('.monaco-button', { hasText: /^Apply$/ })
      .first()
      .click();
    await until('the undo to reach the tenant', async () => !(await redirectUris(ctx)).includes(walkUri), page);
    await page
      .locator('.notification-toast', { hasText: 'Applied 1 change to CRM API' })
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    await ctx.screenshot('walk-4-undone');
  } finally {
    rmSync(file, { force: true });
  }
}
