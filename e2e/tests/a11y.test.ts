import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/** axe-core (WCAG 2 A/AA) on the first screens of the console and the H5: no serious or critical violation. */
let server: Running;
let browser: Browser;
beforeAll(async () => {
  server = await startDoorstep();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  if (server) await stop(server.proc);
});

async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes.length}× ${v.nodes.map((n) => `${n.target.join(' ')} [${n.any[0]?.message ?? ''}]`).join(' | ')} — ${v.help}`,
    );
}

describe('accessibility', () => {
  it('console: login and the area tree', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('login-phone').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.getByTestId('login-phone').fill('13800000002');
    await page.getByTestId('login-password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('area-tree').getByText('龙腾社区').first().waitFor();
    await page.getByTestId('area-map').locator('path.leaflet-interactive').first().waitFor();
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });

  it('H5: login and home, also in large-text mode', async () => {
    const page = await (
      await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })
    ).newPage();
    await page.goto(`${server.url}/h5/`);
    await page.getByTestId('h5-phone').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.getByTestId('h5-phone').fill('13800000008');
    await page.getByTestId('h5-password').fill('demo1234');
    await page.getByTestId('h5-login-submit').click();
    await page.getByTestId('h5-my-community').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.getByTestId('h5-tab-me').click();
    await page.getByTestId('h5-large-text').click();
    await page.getByTestId('h5-tab-home').click();
    await page.getByTestId('h5-my-community').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.context().close();
  });
});
