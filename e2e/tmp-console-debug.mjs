import { chromium } from 'playwright-core';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
await page.goto('http://127.0.0.1:3201/login');
await page.getByTestId('login-phone').fill('13800000002');
await page.getByTestId('login-password').fill('demo1234');
await page.getByTestId('login-submit').click();
await page.waitForSelector('.ds-descriptions');
console.log(
  await page.evaluate(() => {
    const out = [];
    for (const sheet of document.styleSheets) {
      let rules;
      try {
        rules = sheet.cssRules;
      } catch {
        continue;
      }
      const walk = (rs) => {
        for (const r of rs) {
          if (r.cssRules) walk(r.cssRules);
          if (r.selectorText && r.selectorText.includes('descriptions-row') && /padding/.test(r.cssText))
            out.push(r.cssText.slice(0, 300));
        }
      };
      walk(rules);
    }
    return out.join('\n');
  }),
);
await browser.close();
