// What a rule can do. Each action writes its own audit row naming the rule, in the rule's savepoint.
import type { TFunction } from 'i18next';
import type { AutomationAction, AutomationRule } from '../../contract/automations';
import type { AuditEntry } from '../audit/record';
import { recordAudit } from '../audit/record';
import { notifyUser, pushNotification } from '../notifications/notify';
import { insertReminder } from '../reminders/store';
import { wakeReminderScheduler } from '../reminders/wake';
import type { DomainEvent, EventContext } from './events';
import { shippedLabel } from '../../contract/shippedLabels';

export interface Facts {
  customer: {
    id: number;
    name: string;
    level: string | null;
    status: string;
    source: string | null;
    industry: string | null;
    province: string | null;
    owner_id: number | null;
    tags: string[];
  } | null;
  deal: { id: number; name: string; amount_fen: number; owner_id: number | null; customer_id: number; stage_name: string } | null;
}

export interface ActionContext extends EventContext {
  t: TFunction;
  who: Pick<AuditEntry, 'at' | 'userId' | 'userName'>;
  at: string;
}

const DAY_MS = 86_400_000;

/** {customer} {deal} {stage} {owner} in a rule's text; a shipped stage name in the app's language when written
 * (contract/shippedLabels.ts), like the rest of the stored text. */
function fill(text: string, facts: Facts, ownerName: string | null, locale: 'zh-CN' | 'en'): string {
  return text
    .replaceAll('{customer}', facts.customer?.name ?? '')
    .replaceAll('{deal}', facts.deal?.name ?? '')
    .replaceAll('{stage}', facts.deal ? shippedLabel('stage', facts.deal.stage_name, locale) : '')
    .replaceAll('{owner}', ownerName ?? '');
}

export function runActions(ctx: ActionContext, rule: AutomationRule, facts: Facts, e: DomainEvent): DomainEvent[] {
  const raised: DomainEvent[] = [];
  for (const action of rule.actions) raised.push(...runAction(ctx, rule, facts, e, action));
  return raised;
}

function runAction(ctx: ActionContext, rule: AutomationRule, facts: Facts, e: DomainEvent, action: AutomationAction): DomainEvent[] {
  const { db } = ctx.app;
  const c = facts.customer!;
  // the record's owner: the deal's for deal events, else the customer's
  const ownerId = (facts.deal && 'dealId' in e ? facts.deal.owner_id : null) ?? c.owner_id;
  const ownerName = ownerId ? ((db.prepare('SELECT display_name FROM users WHERE id = ?').pluck().get(ownerId) as string | undefined) ?? null) : null;
  const ruleNote = ctx.t('automation.audit.byRule', { rule: rule.name });

  switch (action.type) {
    case 'createReminder': {
      if (!ownerId) return []; // customer in the pool: nobody to remind (the run itself is audited)
      const dueAt = new Date(Date.parse(ctx.at) + action.days * DAY_MS).toISOString();
      const id = insertReminder(db, {
        userId: ownerId,
        dueAt,
        content: fill(action.content, facts, ownerName, ctx.app.locale()),
        customerId: c.id,
        dealId: facts.deal?.id ?? null,
        source: 'automation',
        ruleId: rule.id,
        createdBy: ctx.user?.id ?? null,
        now: ctx.at,
      });
      recordAudit(db, {
        ...ctx.who,
        action: 'reminder.create',
        entity: 'reminder',
        entityId: id,
        summary: ruleNote,
        changes: [
          { field: 'dueAt', old: null, new: dueAt },
          { field: 'userId', old: null, new: ownerId },
        ],
      });
      wakeReminderScheduler(ctx.app);
      return [];
    }
    case 'notify': {
      const ids = new Set<number>(action.userIds ?? []);
      if (action.owner && ownerId) ids.add(ownerId);
      if (action.roleIds?.length) {
        const members = db
          .prepare(`SELECT id FROM users WHERE disabled_at IS NULL AND role_id IN (${action.roleIds.map(() => '?').join(',')})`)
          .pluck()
          .all(...action.roleIds) as number[];
        members.forEach((m) => ids.add(m));
      }
      const active = [...ids].filter((id) => db.prepare('SELECT 1 FROM users WHERE id = ? AND disabled_at IS NULL').get(id));
      const title = ctx.t('automation.notifyTitle', { rule: rule.name });
      const body = fill(action.message, facts, ownerName, ctx.app.locale());
      const link = facts.deal && 'dealId' in e ? `/deals/${facts.deal.id}` : `/customers/${c.id}`;
      const sent = active.map((userId) => ({ userId, id: notifyUser(db, { userId, kind: 'automation', title, body, link }, ctx.at) }));
      recordAudit(db, { ...ctx.who, action: 'automation.notify', entity: 'customer', entityId: c.id, summary: `${ruleNote}: ${active.length}`, changes: [{ field: 'notified', old: null, new: active }] });
      // after the surrounding transaction commits
      queueMicrotask(() => sent.forEach((s) => pushNotification(ctx.app, s.userId, s.id, title)));
      return [];
    }
    case 'setCustomerStatus':
    case 'setCustomerLevel': {
      const field = action.type === 'setCustomerStatus' ? 'status' : 'level';
      const next = action.type === 'setCustomerStatus' ? action.status : action.level;
      const old = c[field];
      if (old === next) return [];
      db.prepare(`UPDATE customers SET ${field} = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`).run(
        next,
        ctx.at,
        ctx.user?.id ?? null,
        c.id,
      );
      c[field] = next; // later actions and conditions of this run see the new value
      recordAudit(db, { ...ctx.who, action: 'customer.update', entity: 'customer', entityId: c.id, summary: ruleNote, changes: [{ field, old, new: next }] });
      return field === 'status' ? [{ type: 'customer.statusChanged', customerId: c.id, fromStatus: old, toStatus: next }] : [];
    }
    case 'addTag': {
      const added = db.prepare('INSERT OR IGNORE INTO customer_tags (customer_id, tag) VALUES (?, ?)').run(c.id, action.tag).changes;
      if (!added) return [];
      db.prepare('UPDATE customers SET updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?').run(ctx.at, ctx.user?.id ?? null, c.id);
      const old = [...c.tags];
      c.tags.push(action.tag);
      recordAudit(db, { ...ctx.who, action: 'customer.update', entity: 'customer', entityId: c.id, summary: ruleNote, changes: [{ field: 'tags', old, new: [...c.tags] }] });
      return [];
    }
  }
}
