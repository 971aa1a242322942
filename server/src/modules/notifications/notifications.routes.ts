import { MarkReadBody, MarkReadResult, NotificationList, NotificationListQuery } from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../platform/context';
import { listNotifications, markRead } from './inbox';

const tags = ['notifications'];

/** 消息: a signed-in user's own inbox. Nobody reads or marks anyone else's: every query is by the caller's id. */
export async function notificationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/my/notifications', {
    schema: {
      tags,
      summary: '我的消息（分页，含未读数）/ My notifications, with the unread count',
      querystring: NotificationListQuery,
      response: { 200: NotificationList },
    },
    handler: (req) => listNotifications(ctx.pool, req.actor.userId, req.query),
  });

  r.post('/api/my/notifications/read', {
    schema: {
      tags,
      summary: '标为已读（指定或全部）/ Mark read (some or all)',
      body: MarkReadBody,
      response: { 200: MarkReadResult },
    },
    handler: (req) => markRead(ctx.pool, req.actor.userId, req.body),
  });
}
