// Creating a notification: one row for the recipient, pushed to each of their open windows.
// Other services call notifyUser inside their transaction and pushNotification after it commits.
import type { AppContext } from '../../ipc/context';
import type { Db } from '../../../db/sql';
import { NOTIFICATION_EVENT } from '../../contract/notifications';

export interface NewNotification {
  userId: number;
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
}

/** Insert the row (call inside the transaction of the change it reports); returns its id. */
export function notifyUser(db: Db, n: NewNotification, at: string): number {
  return Number(
    db
      .prepare('INSERT INTO notifications (user_id, kind, title, body, link, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(n.userId, n.kind, n.title, n.body ?? null, n.link ?? null, at).lastInsertRowid,
  );
}

/** After commit: tell every window where the recipient is logged in, so the bell updates at once. */
export function pushNotification(app: AppContext, userId: number, notificationId: number, title: string): void {
  for (const caller of app.sessions.callersOf(userId)) {
    app.events.send(caller, NOTIFICATION_EVENT, { id: notificationId, title });
  }
}

/** "张三、李四、王五 等 12 位" — a short list of names for a notification body. */
export function nameList(names: string[], total: number, t: (k: string, o?: Record<string, unknown>) => string, max = 10): string {
  const shown = names.slice(0, max).join(t('perm.notify.nameSeparator'));
  return total > max ? t('perm.notify.andMore', { names: shown, total }) : shown;
}
