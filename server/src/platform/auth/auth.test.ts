import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONES, type Res, startTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('phone + password opens a session; sign-out ends it', async () => {
    const c = await t.client();
    expect((await c.get('/api/me')).status).toBe(401);
    const res = await c.signIn(PHONES.community_secretary);
    expect(res.headers.getSetCookie().join(';')).toMatch(/HttpOnly/i);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.name).toBe('李书记');
    expect(me.body.user.phoneMasked).toBe('138****0002');
    expect(me.body.roles[0]).toMatchObject({ role: 'community_secretary', areaName: '龙腾社区' });
    expect((await c.post('/api/auth/sign-out')).status).toBe(200);
    expect((await c.get('/api/me')).status).toBe(401);
  });

  it('a wrong password is a problem+json 401 with both languages', async () => {
    const c = await t.client();
    const res = await c.post('/api/auth/sign-in/phone-number', {
      phoneNumber: PHONES.resident,
      password: 'wrong-password',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.messages['zh-CN']).toBe('手机号或密码不正确');
    expect(res.body.code).toBe('INVALID_PHONE_NUMBER_OR_PASSWORD');
  });

  it('a malformed phone never reaches the auth library', async () => {
    const c = await t.client();
    const res = await c.post('/api/auth/sign-in/phone-number', { phoneNumber: '12345', password: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('phone + one-time code signs in, and signs up a new resident', async () => {
    const c = await t.client();
    const phone = '13912345678';
    expect((await c.post('/api/auth/phone-number/send-otp', { phoneNumber: phone })).status).toBe(200);
    const code = t.sms.lastCodes.get(phone)!;
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await c.post('/api/auth/phone-number/verify', {
      phoneNumber: phone,
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(wrong.headers.get('content-type')).toContain('problem+json');
    const ok = await c.post('/api/auth/phone-number/verify', { phoneNumber: phone, code });
    expect(ok.status).toBe(200);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.phoneMasked).toBe('139****5678');
    expect(me.body.roles).toEqual([]);
  });

  it('limits one-time codes per phone (429 + Retry-After, problem+json)', async () => {
    const phone = '13700000001';
    const statuses: number[] = [];
    let last: Res | undefined;
    for (let i = 0; i < 7; i++) {
      const c = await t.client();
      last = await c.post('/api/auth/phone-number/send-otp', { phoneNumber: phone });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[6]).toBe(429);
    expect(last!.headers.get('retry-after')).toBeTruthy();
    expect(last!.body.code).toBe('RATE_LIMITED');
  });
});
