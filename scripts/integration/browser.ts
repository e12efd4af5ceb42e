/**
 * Headless Chromium through playwright-core (loaded from the runtime prefix, not the repo), plus the few
 * workbench gestures the UI tests need. Only the slice of Playwright's API used here is typed.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export interface Locator {
  first(): Locator;
  filter(options: { hasText: string | RegExp }): Locator;
  locator(selector: string): Locator;
  click(options?: { timeout?: number; button?: 'left' | 'right' }): Promise<void>;
  hover(options?: { timeout?: number }): Promise<void>;
  waitFor(options?: { state?: 'visible' | 'attached' | 'hidden'; timeout?: number }): Promise<void>;
  count(): Promise<number>;
  innerText(): Promise<string>;
}

export interface Page {
  goto(
    url: string,
    options?: { timeout?: number; waitUntil?: 'load' | 'domcontentloaded' },
  ): Promise<unknown>;
  locator(selector: string): Locator;
  keyboard: {
    press(key: string): Promise<void>;
    type(text: string, options?: { delay?: number }): Promise<void>;
  };
  on(event: 'console', listener: (msg: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  waitForTimeout(ms: number): Promise<void>;
  screenshot(options: { path: string }): Promise<unknown>;
}

export interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

interface Chromium {
  launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The apt-installed Chromium unless CHROMIUM_PATH says otherwise. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(runtimeDir: string, executablePath = CHROMIUM): Promise<Browser> {
  const req = createRequire(path.join(path.resolve(runtimeDir), 'package.json'));
  const { chromium } = req('playwright-core') as { chromium: Chromium };
  // Playwright gives each launch a fresh profile directory.
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** Waits until an element matching `selector` shows `text`. */
export function waitForText(page: Page, selector: string, text: string, timeoutMs = 60_000): Promise<void> {
  return page
    .locator(selector)
    .filter({ hasText: text })
    .first()
    .waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Runs a command through the palette the way a user does: type its title, click the matching row. */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 10_000 });
  await page.keyboard.type(title, { delay: 5 });
  // Enter right after typing can pick a stale row; click the exact one instead.
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
}
