// "Entra: Decode Token" in code-server: paste a token into the (masked) input box, see the panel,
// ask for verification (and retry it after the issuer failed once), and look at a .jwt file
// coloured by segment with its CodeLens.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { emulatorRequest, panelFrame, type EmulatorConfig } from './lib/steps';

export const name = 'Token decoder: palette → input box → panel, Verify signature, .jwt colouring';

interface Ctx {
  page: Page;
  workspace: string;
  emulator?: EmulatorConfig;
  screenshot(name: string): Promise<string>;
  readmeScreenshot(name: string): Promise<string>;
  runCommand(title: string): Promise<void>;
}

/** Opens the palette's "Entra: Decode Token" and returns its (masked) input box. */
async function openDecodeInput(ctx: Ctx) {
  // Right after the workbench loads, the palette can list contributed commands late: try again.
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.runCommand('Entra: Decode Token');
      break;
    } catch (err) {
      if (attempt === 4) throw err;
      await ctx.page.keyboard.press('Escape');
    }
  }
  const input = ctx.page.locator('.quick-input-widget input[type="password"]');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  return input;
}

/** The verify button's label and whether it can be pressed. */
async function verifyButton(frame: Frame): Promise<{ label: string; enabled: boolean }> {
  const button = frame.locator('#verify');
  return { label: (await button.innerText()).trim(), enabled: await button.isEnabled() };
}

export async function check(ctx: Ctx): Promise<void> {
  const { page } = ctx;
  const token = readFileSync(join(ctx.workspace, 'tokens', 'crm-delegated.jwt'), 'utf8').trim();

  const input = await openDecodeInput(ctx);
  // A path is not a token: the box says to paste the token itself.
  await input.fill('/work/shared/corpus/tokens/teamsfx-v2-access-sso.jwt');
  const message = page.locator('.quick-input-widget .quick-input-message');
  await message.filter({ hasText: 'looks like a file path' }).waitFor({ state: 'visible', timeout: 10_000 });
  const said = await message.innerText();
  if (!/paste the token itself/.test(said) || /Not a complete JWT|opaque/.test(said))
    throw new Error(`the input box says "${said}" for a file path`);
  await ctx.screenshot('token-input-path');
  await input.fill(`Bearer ${token}`);
  await page.keyboard.press('Enter');

  await panelFrame(page, 'Access token v2.0 · delegated');
  // The workspace mapping is read in the background; the panel re-renders with it.
  const frame = await panelFrame(page, 'Effective permissions on CRM API');
  const body = await frame.locator('body').innerText();
  for (const expected of [
    'Effective permissions on CRM API',
    'Crm.Read.Team',
    'megan@contoso-emulator.example',
    'Verify signature',
    'Copy whole token',
  ]) {
    if (!body.includes(expected)) throw new Error(`the panel does not show "${expected}"`);
  }
  if (body.includes(token.split('.')[2]!)) throw new Error('the panel shows the signature');
  await ctx.screenshot('token-panel');
  await ctx.readmeScreenshot('token');

  // Verification is a separate, visible step; the fixture's signature is fake (or the keys are out of reach).
  await frame.locator('#verify').click();
  await frame.locator('#sig-status:not([data-status="unchecked"])').waitFor({ timeout: 20_000 });
  const status = await frame.locator('#sig-status').getAttribute('data-status');
  if (status !== 'invalid' && status !== 'cannot-verify') throw new Error(`a fake signature verified as ${status}`);
  await frame.locator('#claims-title').scrollIntoViewIfNeeded();
  await ctx.screenshot('token-panel-verified-claims');

  // A verification that failed for a reason that may pass (the issuer answered 503 once) can be
  // retried from the panel: the button is enabled again and says so, and the retry succeeds.
  if (!ctx.emulator) throw new Error('the tenant emulator is not running (test/emulator missing?)');
  const cfg = ctx.emulator;
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: cfg.clientId,
    client_secret: cfg.clientSecret,
    scope: 'api://c1000000-0000-4000-8000-000000000001/.default',
  });
  const issued = await emulatorRequest(
    cfg,
    'POST',
    `/${cfg.tenantId}/oauth2/v2.0/token`,
    form.toString(),
    'application/x-www-form-urlencoded',
  );
  const emulatorToken = (issued.json as { access_token?: string } | undefined)?.access_token;
  if (issued.status !== 200 || !emulatorToken) throw new Error(`the emulator issued no token (HTTP ${issued.status})`);
  const fault = await emulatorRequest(
    cfg,
    'POST',
    '/_emulator/faults',
    JSON.stringify({
      method: 'GET',
      path: `/${cfg.tenantId}/v2.0/.well-known/openid-configuration`,
      times: 1,
      fault: { kind: 'status', status: 503 },
    }),
    'application/json',
  );
  if (fault.status !== 201) throw new Error(`the emulator refused the fault (HTTP ${fault.status})`);
  try {
    const again = await openDecodeInput(ctx);
    await again.fill(emulatorToken);
    await page.keyboard.press('Enter');
    const appFrame = await panelFrame(page, 'Access token v2.0 · app-only');
    await appFrame.locator('#verify').click();
    await appFrame.locator('#sig-status[data-status="cannot-verify"]').waitFor({ timeout: 20_000 });
    const reason = await appFrame.locator('#sig-reason').innerText();
    if (!/HTTP 503/.test(reason)) throw new Error(`unexpected reason after the 503: ${reason}`);
    await appFrame.locator('#verify:not([disabled])').waitFor({ timeout: 5_000 });
    const retry = await verifyButton(appFrame);
    if (retry.label !== 'Retry verification' || !retry.enabled)
      throw new Error(`after a 503 the button is "${retry.label}" (${retry.enabled ? 'enabled' : 'disabled'})`);
    await appFrame.locator('#sig-title').scrollIntoViewIfNeeded();
    await ctx.screenshot('token-verify-retry');
    await appFrame.locator('#verify').click();
    await appFrame.locator('#sig-status[data-status="valid"]').waitFor({ timeout: 20_000 });
    const after = await verifyButton(appFrame);
    if (after.label !== 'Verify signature') throw new Error(`after a valid verdict the button is "${after.label}"`);
    await ctx.screenshot('token-verify-retried-valid');
  } finally {
    await emulatorRequest(cfg, 'DELETE', '/_emulator/faults', '', 'application/json').catch(() => undefined);
  }

  // The .jwt file: language mode JWT, segments coloured, CodeLens above the token in the .http file.
  await page.keyboard.press('Control+P');
  const quick = page.locator('.quick-input-widget input');
  await quick.waitFor({ state: 'visible', timeout: 15_000 });
  await quick.fill('crm-delegated.jwt');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'crm-delegated.jwt' })
    .first()
    .waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: 'JWT' }).first().waitFor({ timeout: 20_000 });
  await ctx.screenshot('token-jwt-file');
}
