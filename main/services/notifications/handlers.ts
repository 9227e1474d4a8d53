import type { HandlersOf } from '../../ipc/context';
import type { notificationsContract, NotificationRow } from '../../contract/notifications';
import { recordAudit } from '../audit/record';
import { actor } from '../audit/actor';

interface Row {
  id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

const toNotification = (r: Row): NotificationRow => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  createdAt: r.created_at,
  readAt: r.read_at,
});

export const notificationsHandlers: HandlersOf<typeof notificationsContract> = {
  'notifications:list': (input, ctx) => {
    const { db } = ctx.app;
    const limit = input?.limit ?? 30;
    const rows = db
      .prepare(
        `SELECT id, kind, title, body, link, created_at, read_at FROM notifications
         WHERE user_id = ? AND (? = 0 OR read_at IS NULL) AND id < ?
         ORDER BY id DESC LIMIT ?`,
      )
      .all(ctx.user.id, input?.unreadOnly ? 1 : 0, input?.before ?? Number.MAX_SAFE_INTEGER, limit + 1) as Row[];
    const unread = (db.prepare('SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL').get(ctx.user.id) as { n: number }).n;
    return { rows: rows.slice(0, limit).map(toNotification), unread, hasMore: rows.length > limit };
  },

  'notifications:markRead': (input, ctx) => {
    const { db } = ctx.app;
    const now = ctx.app.clock.now().toISOString();
    return db.tx(() => {
      let marked = 0;
      if (input.all) {
        marked = db.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL').run(now, ctx.user.id).changes;
      } else if (input.ids?.length) {
        // user_id in the WHERE: another user's notification ids are silently not touched
        const stmt = db.prepare('UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL');
        for (const id of input.ids) marked += stmt.run(now, id, ctx.user.id).changes;
      }
      recordAudit(db, { ...actor(ctx), action: 'notification.read', entity: 'user', entityId: ctx.user.id, summary: `${marked}` });
      const unread = (db.prepare('SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL').get(ctx.user.id) as { n: number }).n;
      return { marked, unread };
    });
  },
};
