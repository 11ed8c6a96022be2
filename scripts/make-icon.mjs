#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128x128) with headless Chromium. Run after editing the SVG.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumLaunchOptions } from './lib/host.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const svg = readFileSync(join(root, 'media/icon.svg'), 'utf8');
const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: join(root, 'media/icon.png'), omitBackground: true });
await browser.close();
console.log('wrote media/icon.png');
