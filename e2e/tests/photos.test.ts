import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, shot, signInConsole, signInH5 } from '../browser';
import { type Running, startDoorstep, stop } from '../server';

/**
 * Photos and the map pin: the resident attaches a phone-sized photo (downscaled in the browser before upload) and
 * picks the place on the map; the thumbnail shows on her request; the property company marks it handled with an
 * evidence photo in the console, and the resident sees that photo on the step.
 */
let server: Running;
let browser: Browser;
beforeAll(async () => {
  server = await startDoorstep({ env: { JOBS: 'false' } });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  if (server) await stop(server.proc);
});

const phone = (phoneNo: string) => signInH5(browser, server.url, phoneNo, { ready: 'h5-my-community' });

async function desk(phoneNo: string, width = 1366): Promise<Page> {
  const page = await signInConsole(browser, server.url, phoneNo, { width, height: width < 500 ? 844 : 768 });
  if (width >= 500) {
    await page.getByTestId('requests-nav').click();
    await page.getByTestId('requests-table').waitFor();
  }
  return page;
}

/** A JPEG made in the page's canvas: a phone-sized picture (4032×3024) or a small one. */
async function makeJpeg(page: Page, width: number, height: number, hue: number): Promise<Buffer> {
  const b64 = await page.evaluate(
    ({ width, height, hue }) => {
      const c = document.createElement('canvas');
      c.width = width;
      c.height = height;
      const g = c.getContext('2d')!;
      const grad = g.createLinearGradient(0, 0, width, height);
      grad.addColorStop(0, `hsl(${hue}, 60%, 70%)`);
      grad.addColorStop(1, `hsl(${hue + 40}, 50%, 35%)`);
      g.fillStyle = grad;
      g.fillRect(0, 0, width, height);
      // noise, so the JPEG is as heavy as a real photo
      for (let i = 0; i < 4000; i++) {
        g.fillStyle = `hsla(${(i * 37) % 360}, 70%, 50%, 0.5)`;
        g.fillRect((i * 7919) % width, (i * 104729) % height, 40, 40);
      }
      g.fillStyle = '#fff';
      g.font = `${Math.round(height / 8)}px sans-serif`;
      g.fillText('现场', width / 10, height / 2);
      return c.toDataURL('image/jpeg', 0.95).split(',')[1]!;
    },
    { width, height, hue },
  );
  return Buffer.from(b64, 'base64');
}

/** Opening animations done (a screenshot mid-fade shows a half-transparent preview). */
const settled = (page: Page) =>
  page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));

describe('photos and the map pin', () => {
  it('resident attaches a photo and pins the place; responder adds evidence; resident sees both', async () => {
    // 1. 孙阿姨 reports with a photo and a point picked on the map
    const resident = await phone('13800000008');
    await resident.getByTestId('h5-report-entry').click();
    await resident.getByTestId('h5-report-text').fill('小区东门外的井盖松动了，踩上去会晃，晚上很危险。');

    const big = await makeJpeg(resident, 4032, 3024, 20);
    expect(big.length).toBeGreaterThan(1_000_000);
    const uploads: number[] = [];
    resident.on('request', (r) => {
      if (r.url().endsWith('/api/files') && r.method() === 'POST')
        uploads.push(r.postDataBuffer()?.length ?? 0);
    });
    // the first try meets a dead network: the photo stays listed with 重试, and the retry goes through
    await resident.route('**/api/files', (route) => route.abort('internetdisconnected'), { times: 1 });
    await resident
      .getByTestId('h5-photos')
      .locator('input[type=file]')
      .setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: big });
    const failed = resident.getByTestId('h5-photos-failed');
    await failed.waitFor({ timeout: 30_000 });
    await failed.scrollIntoViewIfNeeded();
    await shot(resident, 'photos-0-upload-failed-retry');
    // sending now is held back until the photo is retried or removed
    await resident.getByTestId('h5-report-submit').click();
    await resident.getByText('有照片没有传上去', { exact: false }).first().waitFor();
    expect(await resident.getByTestId('h5-report-done').count()).toBe(0);
    await failed.getByTestId('h5-photo-retry').click();
    await resident.getByTestId('h5-photos').locator('.adm-image-uploader-cell img').first().waitFor();
    await expect.poll(() => resident.getByTestId('h5-photos-uploading').count(), { timeout: 30_000 }).toBe(0);
    expect(await resident.getByTestId('h5-photos-failed').count()).toBe(0);
    // downscaled in the browser: far smaller than the 4032×3024 original
    expect(uploads.length).toBe(2);
    expect(uploads[1]!).toBeLessThan(big.length / 2);

    await resident.getByTestId('h5-report-use-map').click();
    const map = resident.getByTestId('h5-pin-canvas');
    await map.locator('.leaflet-marker-icon').waitFor();
    await expect.poll(() => resident.getByTestId('h5-pin-confirm').isEnabled()).toBe(true);
    await shot(resident, 'photos-1-pin-map');
    // tap the map ~400 m north-west of the street's centre: 龙腾社区 第1网格
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width / 2 - 37, y: box.height / 2 - 84 } });
    await expect.poll(() => resident.getByTestId('h5-pin-grid').textContent()).toMatch(/网格/);
    await resident.getByTestId('h5-pin-confirm').click();
    await resident.getByTestId('h5-report-pinned').waitFor();
    expect(await resident.getByTestId('h5-report-pinned').textContent()).toMatch(/已在地图上选点/);
    await resident.getByTestId('h5-photos').scrollIntoViewIfNeeded();
    await shot(resident, 'photos-2-report-with-photo-and-pin');

    // the draft (photos and pin included) survives a reload
    await resident.reload();
    await resident.getByTestId('h5-photos').locator('.adm-image-uploader-cell img').first().waitFor();
    await resident.getByTestId('h5-report-pinned').waitFor();

    await resident.getByTestId('h5-report-submit').click();
    await resident.getByTestId('h5-report-done').waitFor({ timeout: 20_000 });
    const publicNo = /DS\d{8}-\d{6}/.exec(
      (await resident.getByTestId('h5-report-done').textContent()) ?? '',
    )?.[0];
    expect(publicNo).toBeTruthy();
    await resident.getByTestId('h5-report-done-timeline').click();
    const photos = resident.getByTestId('h5-request-photos');
    await photos.locator('img').first().waitFor();
    const id = Number(/requests\/(\d+)/.exec(resident.url())?.[1]);
    const detail = await resident.evaluate(async (id) => (await fetch(`/api/requests/${id}`)).json(), id);
    expect(detail.photos).toHaveLength(1);
    expect(detail.lng).toBeCloseTo(104.0484, 2);
    expect(detail.lat).toBeCloseTo(30.6131, 2);
    expect(detail.gridName).toMatch(/网格/);
    // the thumbnail loads (an image, not an error)
    await expect
      .poll(() =>
        photos
          .locator('img')
          .first()
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBeGreaterThan(0);
    await shot(resident, 'photos-3-resident-detail');
    // tapping it opens the full photo
    await photos.locator('button').first().click();
    await resident.locator('.adm-image-viewer-content img, .adm-image-viewer-slides img').first().waitFor();
    // antd-mobile fades the viewer in with JS springs: wait for the mask to be opaque
    await resident.waitForFunction(() => {
      const masks = Array.from(document.querySelectorAll('.adm-mask'));
      return masks.length > 0 && masks.every((m) => getComputedStyle(m).opacity === '1');
    });
    await shot(resident, 'photos-4-resident-viewer');
    await resident.keyboard.press('Escape');
    await resident.goBack();

    // 2. 赵网格 whistles the property company; 刘经理 accepts and marks it handled with an evidence photo
    const worker = await desk('13800000004');
    await worker.getByTestId('requests-table').getByText(publicNo!).first().click();
    await worker.getByTestId('request-detail').waitFor();
    await worker.getByTestId('request-photos').locator('img').first().waitFor();
    await worker.getByTestId('request-action-dispatch').click();
    for (const [testId, text] of [
      ['dispatch-kind', '业主吹哨'],
      ['dispatch-org', '金茂物业'],
    ] as const) {
      await worker.getByTestId(testId).click();
      await worker
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
        .first()
        .click();
    }
    await worker.getByTestId('request-action-submit').click();
    await worker.locator('.ant-modal').waitFor({ state: 'hidden' });

    const responder = await desk('13800000005');
    await responder.getByTestId('requests-table').getByText(publicNo!).first().click();
    await responder.getByTestId('request-detail').waitFor();
    await responder.getByTestId('request-action-accept').click();
    await responder.getByTestId('request-action-submit').click();
    await responder.locator('.ant-modal').waitFor({ state: 'hidden' });
    await responder.getByTestId('request-action-handle').click();
    await responder.locator('.ant-modal textarea').first().fill('已更换井盖并加固底座，现场照片见附件。');
    const evidence = await makeJpeg(responder, 1200, 900, 200);
    await responder
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: 'evidence.jpg', mimeType: 'image/jpeg', buffer: evidence });
    await responder.locator('.ant-modal .ant-upload-list-item-done').first().waitFor();
    await expect.poll(() => responder.getByTestId('request-action-submit').isEnabled()).toBe(true);
    await shot(responder, 'photos-5-console-handle-with-evidence');
    await responder.getByTestId('request-action-submit').click();
    await responder.locator('.ant-modal').waitFor({ state: 'hidden' });
    const stepPhotos = responder.getByTestId('request-event-photos');
    await stepPhotos.locator('img').first().waitFor();
    await stepPhotos.scrollIntoViewIfNeeded();
    await shot(responder, 'photos-6-console-timeline-photos');
    // the thumbnail opens the full photo in the preview
    await stepPhotos.locator('img').first().click();
    await responder.locator('.ant-image-preview img').first().waitFor();
    await settled(responder);
    await shot(responder, 'photos-7-console-preview');
    await responder.keyboard.press('Escape');

    // the console at phone width
    const narrow = await desk('13800000005', 390);
    await narrow.goto(`${server.url}/requests/${id}`);
    await narrow.getByTestId('request-event-photos').locator('img').first().waitFor();
    await narrow.getByTestId('request-event-photos').scrollIntoViewIfNeeded();
    await shot(narrow, 'photos-8-console-390');

    // the secretary's intake desk takes photos too (a 12345 referral with its attachment)
    const secretary = await desk('13800000002');
    await secretary.getByTestId('intake-open').click();
    await secretary.getByTestId('intake-description').fill('12345转办：小区东门井盖松动，市民来电反映。');
    await secretary
      .getByTestId('intake-form')
      .locator('input[type=file]')
      .setInputFiles({ name: 'referral.jpg', mimeType: 'image/jpeg', buffer: evidence });
    await secretary.getByTestId('intake-form').locator('.ant-upload-list-item-done').first().waitFor();
    await shot(secretary, 'photos-10-console-intake');
    await secretary.getByTestId('intake-submit').click();
    await secretary.getByTestId('request-photos').locator('img').first().waitFor({ timeout: 20_000 });

    // 3. 孙阿姨 sees the evidence photo on the 办结 step
    await resident.goto(`${server.url}/h5/requests/${id}`);
    const step = resident.getByTestId('h5-step-photos');
    await step.locator('img').first().waitFor();
    await step.scrollIntoViewIfNeeded();
    await shot(resident, 'photos-9-resident-sees-evidence');
    const after = await resident.evaluate(async (id) => (await fetch(`/api/requests/${id}`)).json(), id);
    const handled = after.timeline.find((e: { type: string }) => e.type === 'handle');
    expect(handled.photos).toHaveLength(1);
    expect(handled.photos[0]).not.toBe(detail.photos[0]);
  });
});
