import type { NotificationItem } from '@doorstep/contract';

/**
 * Where a notification is delivered. The in-app inbox (the notifications table) is the record every channel
 * starts from: the fan-out writes it inside the request step's transaction, so a notification exists exactly
 * when its step does. A later channel (SMS, WeChat subscription message) plugs in here and is driven from that
 * table after commit — a pg-boss job that reads new rows and calls `deliver` — so a slow or failing gateway
 * never holds up or rolls back a request action. See docs/decisions/0013-notifications.md.
 */
export interface NotificationChannel {
  /** 'in_app', 'sms', 'wechat'… */
  readonly name: string;
  /** Sends already-stored notifications; the text comes from notificationTitle() in the recipient's language. */
  deliver(items: readonly NotificationItem[]): Promise<void>;
}

/** The inbox itself: storing the row was the delivery, and the client polls for it. */
export const inAppChannel: NotificationChannel = {
  name: 'in_app',
  deliver: async () => {},
};

/** The channels in use; only the inbox for now. */
export const CHANNELS: readonly NotificationChannel[] = [inAppChannel];
