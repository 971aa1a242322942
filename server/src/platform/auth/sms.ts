import type { Logger } from 'pino';

/** Sends a one-time code by SMS. Production plugs in a real provider (Aliyun, Tencent Cloud…). */
export interface SmsProvider {
  sendOtp(phone: string, code: string): Promise<void>;
}

/** Development provider: writes the code to the log and keeps the last one per phone (tests read it). */
export class ConsoleSms implements SmsProvider {
  readonly lastCodes = new Map<string, string>();
  constructor(private readonly log: Logger) {}
  async sendOtp(phone: string, code: string): Promise<void> {
    this.lastCodes.set(phone, code);
    this.log.info({ phone, code }, `SMS 验证码 / one-time code for ${phone}: ${code}`);
  }
}
