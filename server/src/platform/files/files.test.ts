import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formOf } from '../../test/fixtures';
import { type Client, PHONES, startTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
let c: Client;
beforeAll(async () => {
  t = await startTestApp();
  c = await t.client(PHONES.resident);
});
afterAll(() => t.close());

/** A JPEG carrying a GPS position in its EXIF, as phones write them. */
async function photoWithGps() {
  return sharp({ create: { width: 3000, height: 1600, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'X' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '30/1 36/1 47/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '104/1 2/1 54/1',
      },
    })
    .toBuffer();
}

describe('photo upload (R6)', () => {
  it('stores a photo without EXIF (no GPS), scaled to 2048 px, with a thumbnail, once per content', async () => {
    const input = await photoWithGps();
    expect((await sharp(input).metadata()).exif).toBeTruthy(); // the test photo really carries EXIF
    const res = await c.request(
      'POST',
      '/api/files',
      formOf({ file: { name: 'IMG_0001.jpg', data: input } }),
    );
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^[a-f0-9]{64}$/);
    expect(res.body.width).toBe(2048);
    const stored = await c.get(res.body.url);
    expect(stored.status).toBe(200);
    expect(stored.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(stored.body as Buffer).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.width).toBe(2048);
    const thumb = await c.get(res.body.thumbUrl);
    expect((await sharp(thumb.body as Buffer).metadata()).width).toBe(320);
    const again = await c.request('POST', '/api/files', formOf({ file: { name: 'copy.jpg', data: input } }));
    expect(again.body.id).toBe(res.body.id);
  });

  it('judges by content, not by name: text named .jpg is refused; a PNG named .txt is accepted', async () => {
    const fake = await c.request(
      'POST',
      '/api/files',
      formOf({ file: { name: 'photo.jpg', data: 'not an image at all' } }),
    );
    expect(fake.status).toBe(422);
    expect(fake.body.code).toBe('FILE_NOT_IMAGE');
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: '#fff' } })
      .png()
      .toBuffer();
    const ok = await c.request('POST', '/api/files', formOf({ file: { name: 'notes.txt', data: png } }));
    expect(ok.status).toBe(201);
    const broken = await c.request(
      'POST',
      '/api/files',
      formOf({
        file: { name: 'x.jpg', data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(100)]) },
      }),
    );
    expect(broken.status).toBe(422);
    expect(broken.body.code).toBe('FILE_UNREADABLE');
  });

  it('refuses files over 10 MB with 413 problem+json', async () => {
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(11 * 1024 * 1024)]);
    const res = await c.request('POST', '/api/files', formOf({ file: { name: 'big.jpg', data: big } }));
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('serves photos to signed-in users only', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const up = await c.request('POST', '/api/files', formOf({ file: { name: 'a.png', data: png } }));
    const anon = await t.client();
    expect((await anon.get(up.body.url)).status).toBe(401);
    expect(
      (await c.get('/api/files/0000000000000000000000000000000000000000000000000000000000000000')).status,
    ).toBe(404);
  });
});
