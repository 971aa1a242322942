import type { FormRule } from 'antd';

/** Mainland mobile number, as the server's Phone schema. */
export const PHONE_RE = /^1[3-9]\d{9}$/;

export const phoneRule = (message: string): FormRule => ({
  required: true,
  validator: (_r, v: string | undefined) =>
    PHONE_RE.test((v ?? '').trim()) ? Promise.resolve() : Promise.reject(new Error(message)),
});
