import { chromium } from 'playwright-core';

const BASE = 'http://127.0.0.1:3201';
const OUT = process.env.OUT ?? '/tmp/shots';
const only = process.argv[2];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
const page = await ctx.newPage();
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning')
    console.log('[console]', m.type(), m.text().slice(0, 300));
});
page.on('pageerror', (e) => console.log('[pageerror]', e.message));
const shot = async (name) => {
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${OUT}/${name}.png` });
  console.log('shot', name);
};

await page.goto(BASE + '/login');
await page.getByTestId('login-phone').waitFor();
await shot('console-login');
if (only === 'login') process.exit(0);
await page.getByTestId('login-phone').fill('13800000002');
await page.getByTestId('login-password').fill('demo1234');
await page.getByTestId('login-submit').click();
await page.getByTestId('area-map').waitFor({ timeout: 15000 });
await page.waitForSelector('.ds-map-label');
await shot('console-areas');
// a grid with its worker
await page.locator('.ds-map-label', { hasText: '第1网格' }).first().click({ force: true });
await page.waitForURL(/areas\/3$/);
await page.waitForSelector('text=赵网格');
await shot('console-grid');
if (only === 'grid') process.exit(0);
// import dialog with a finished dry run
await page.goto(BASE + '/areas/2');
await page.getByTestId('import-open').click();
await page.locator('.ant-modal input[type=file]').setInputFiles('/tmp/areas-sample.xlsx');
await page.getByRole('button', { name: /开始检查/ }).click();
await page.waitForSelector('.ds-import-result', { timeout: 15000 });
await shot('console-import');
await page.keyboard.press('Escape');
// party organisations as the street admin (the whole street's tree)
{
  const admin = await (
    await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })
  ).newPage();
  await admin.goto(BASE + '/login');
  await admin.getByTestId('login-phone').fill('13800000001');
  await admin.getByTestId('login-password').fill('demo1234');
  await admin.getByTestId('login-submit').click();
  await admin.waitForSelector('.ds-map-label');
  await admin.waitForTimeout(600);
  await admin.screenshot({ path: `${OUT}/console-street.png` });
  await admin.goto(BASE + '/party');
  await admin.waitForSelector('text=龙腾社区党委');
  await admin.waitForTimeout(600);
  await admin.screenshot({ path: `${OUT}/console-party.png` });
  console.log('shot console-party (street admin)');
}
// English
await page.goto(BASE + '/areas/2');
await page.waitForSelector('.ds-map-label');
await page.locator('.ds-header').getByRole('button', { name: /中文/ }).click();
await page.getByRole('menuitem', { name: 'English' }).click();
await page.waitForSelector('text=Areas & grids');
await shot('console-areas-en');
await page.goto(BASE + '/party');
await page.waitForSelector('text=龙腾社区党委');
await shot('console-party-en');
await page.goto(BASE + '/imports');
await page.waitForTimeout(500);
await shot('console-imports-en');
await browser.close();
