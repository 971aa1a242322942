import type { Problem } from '@doorstep/contract';
import i18n from './i18n';

/** An error from the API, carrying the server's problem+json (code and both messages). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? `HTTP ${status}`);
  }
  /** The message in the user's current language. */
  get userMessage(): string {
    if (!this.problem) return i18n.t('common.networkError');
    const lang = i18n.language?.startsWith('en') ? 'en-US' : 'zh-CN';
    return this.problem.messages?.[lang] ?? this.problem.detail;
  }
}

/** fetch with cookies, JSON in and out, Accept-Language from the UI language, problem+json → ApiError. */
export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('accept-language', i18n.language?.startsWith('en') ? 'en-US' : 'zh-CN');
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, null);
  }
  if (!res.ok) {
    const problem = await res.json().catch(() => null);
    throw new ApiError(res.status, problem);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? res.json() : res.text()) as Promise<T>;
}

/** Uploads a file with progress (XHR: fetch has no upload progress), returning the parsed JSON. */
export function upload<T>(path: string, form: FormData, onProgress: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept-language', i18n.language?.startsWith('en') ? 'en-US' : 'zh-CN');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {}
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else reject(new ApiError(xhr.status, data as Problem));
    };
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.send(form);
  });
}

/** Auth calls (better-auth endpoints under /api/auth). */
export const authApi = {
  signInPassword: (phoneNumber: string, password: string) =>
    api('/api/auth/sign-in/phone-number', {
      method: 'POST',
      json: { phoneNumber, password, rememberMe: true },
    }),
  sendOtp: (phoneNumber: string) =>
    api('/api/auth/phone-number/send-otp', { method: 'POST', json: { phoneNumber } }),
  verifyOtp: (phoneNumber: string, code: string) =>
    api('/api/auth/phone-number/verify', { method: 'POST', json: { phoneNumber, code } }),
  signOut: () => api('/api/auth/sign-out', { method: 'POST', json: {} }),
};
