/** Performs the suite's UI steps (test/integration/uiProtocol.ts) in the workbench page. */
import type { UiStep } from '../../test/integration/uiProtocol';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { runFromPalette, type Page } from './browser';

const SCREENSHOTS = path.join(__dirname, '..', '..', '.vscode-test', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

export async function performSteps(page: Page, steps: UiStep[]): Promise<void> {
  for (const [i, s] of steps.entries()) {
    try {
      await performStep(page, s);
    } catch (error) {
      throw new Error(
        `UI step ${i + 1} ${JSON.stringify(s)} failed: ${(error as Error).message.split('\n')[0]}`,
      );
    }
  }
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
