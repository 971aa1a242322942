/**
 * Notifications (消息): who hears of each request step — the resident whose request moved, the responders a
 * whistle was blown to, the secretary a red warning was escalated to — and their in-app inbox. Other channels
 * (SMS, WeChat) plug in through NotificationChannel; see docs/decisions/0013-notifications.md.
 */

export { CHANNELS, inAppChannel, type NotificationChannel } from './channels';
export { fanOutStep, type Notice, notify } from './fan-out';
export { notificationRoutes } from './notifications.routes';
