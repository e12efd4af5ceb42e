/** Performs the suite's UI steps (test/integration/uiProtocol.ts) in the workbench page. */
import type { UiStep } from '../../test/integration/uiProtocol';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { runFromPalette, type Page } from './browser';

const SCREENSHOTS = path.join(__dirname, '..', '..', '.vscode-test', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** Where the workbench under test shows a notification that just arrived. */
export type NotificationSurface =
  /** As a toast, `.notifications-toasts` (what a user sees). */
  | 'toasts'
  /**
   * Only in the notification center: a built web workbench shows no toasts with the smoke-test driver on,
   * which 1.139 needs to read the suite's payload (runtimes.ts).
   */
  | 'center';

export interface StepOptions {
  notifications: NotificationSurface;
}

const TOASTS = '.notifications-toasts';
const CENTER = '.notifications-center';

export async function performSteps(page: Page, steps: UiStep[], options: StepOptions): Promise<void> {
  for (const [i, s] of steps.entries()) {
    try {
      await performStep(page, await onSurface(page, s, options));
    } catch (error) {
      throw new Error(
        `UI step ${i + 1} ${JSON.stringify(s)} failed: ${(error as Error).message.split('\n')[0]}`,
      );
    }
  }
}

/**
 * A step aimed at the toasts, aimed at the notification center where toasts are not shown: the center is
 * opened first (a notification arriving while it is open is listed there), and it holds only what is up,
 * since the suite clears notifications before each test (resetFixture).
 */
async function onSurface(page: Page, s: UiStep, options: StepOptions): Promise<UiStep> {
  const fields = s as { selector?: string; within?: string };
  const aimed = [fields.selector, fields.within].some((f) => f?.includes(TOASTS));
  if (options.notifications === 'toasts' || !aimed) return s;
  await openNotificationCenter(page);
  const moved = (f: string | undefined): string | undefined => f?.split(TOASTS).join(CENTER);
  return {
    ...s,
    ...(fields.selector !== undefined ? { selector: moved(fields.selector) } : {}),
    ...(fields.within !== undefined ? { within: moved(fields.within) } : {}),
  } as UiStep;
}

/** Opens the notification center from the status bar's bell unless it is open (a click toggles it). */
async function openNotificationCenter(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
  if ((await page.locator(`${CENTER}.visible`).count()) > 0) return;
  await page.locator('[id="status.notifications"]').first().click();
  await page.locator(`${CENTER}.visible`).waitFor({ state: 'visible', timeout: 10_000 });
}

async function performStep(page: Page, s: UiStep): Promise<void> {
  switch (s.op) {
    case 'palette':
      return runFromPalette(page, s.title);
    case 'type':
      return page.keyboard.type(s.text, { delay: 5 });
    case 'press':
      return page.keyboard.press(s.key);
    case 'clickRow': {
      const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: s.text }).first();
      await row.waitFor({ timeout: 15_000 });
      return row.click();
    }
    case 'clickButton': {
      const scope = s.within ?? '.monaco-workbench';
      const button = page.locator(`${scope} .monaco-button`).filter({ hasText: s.text }).first();
      await button.waitFor({ timeout: 15_000 });
      return button.click();
    }
    case 'waitFor': {
      let target = page.locator(s.selector);
      if (s.text !== undefined) target = target.filter({ hasText: s.text });
      return target.first().waitFor({ state: 'visible', timeout: s.timeoutMs ?? 15_000 });
    }
    case 'rightClick': {
      let target = page.locator(s.selector);
      if (s.text !== undefined) target = target.filter({ hasText: s.exact ? exactly(s.text) : s.text });
      await target.first().waitFor({ timeout: 15_000 });
      return target.first().click({ button: 'right' });
    }
    case 'click': {
      let target = page.locator(s.selector);
      if (s.text !== undefined) target = target.filter({ hasText: s.text });
      await target.first().waitFor({ timeout: 15_000 });
      return target.first().click();
    }
    case 'clickInRow': {
      const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: s.row }).first();
      await row.waitFor({ timeout: 15_000 });
      await row.hover();
      const target = row.locator(s.selector).first();
      await target.waitFor({ timeout: 15_000 });
      return target.click();
    }
    case 'clickInListRow': {
      const rows = page.locator(`${s.within ?? '.monaco-workbench'} .monaco-list-row`);
      const row = rows.filter({ hasText: s.row }).first();
      await row.waitFor({ timeout: 15_000 });
      await row.hover();
      const target = row.locator(s.selector).first();
      await target.waitFor({ timeout: 15_000 });
      return target.click();
    }
    case 'hover': {
      let target = page.locator(s.selector);
      if (s.text !== undefined) target = target.filter({ hasText: s.text });
      await target.first().waitFor({ timeout: 15_000 });
      return target.first().hover();
    }
    case 'clickMenuItem': {
      const item = page.locator('.monaco-menu .action-item').filter({ hasText: s.text }).first();
      await item.waitFor({ timeout: 15_000 });
      // Menus ignore a mouse-up that comes right after they open (it is taken for the right-click's own).
      await page.waitForTimeout(400);
      await item.hover();
      await item.click();
      const menu = page.locator('.monaco-menu');
      if ((await menu.count()) > 0) await page.keyboard.press('Enter'); // the hovered item is the active one
      return;
    }
    case 'present':
    case 'absent': {
      let target = page.locator(s.selector);
      for (const text of s.texts) target = target.filter({ hasText: text });
      const count = await target.count();
      if (count > 0 !== (s.op === 'present'))
        throw new Error(`${count} element(s) ${s.selector} contain ${JSON.stringify(s.texts)}`);
      return;
    }
    case 'sleep':
      return page.waitForTimeout(s.ms);
    case 'screenshot': {
      await page.waitForTimeout(300); // let the last render settle
      const file = path.join(SCREENSHOTS, `${s.name}.png`);
      await page.screenshot({ path: file });
      console.log(`screenshot: ${file}`);
      return;
    }
  }
}

function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
