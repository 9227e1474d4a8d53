// automations:* — the admin's rule list (settings.manage).
import type { HandlersOf, UserCallContext } from '../../ipc/context';
import type { automationsContract, AutomationRule } from '../../contract/automations';
import { AppError, invalid } from '../../ipc/errors';
import { recordAudit } from '../audit/record';
import { actor } from '../audit/actor';
import { RULE_COLUMNS, toRule, triggerConfigJson, type RuleRow } from './rules';

type RuleFields = Omit<AutomationRule, 'id' | 'runCount' | 'lastRunAt' | 'createdAt' | 'updatedAt' | 'version'>;

function load(ctx: UserCallContext, id: number): AutomationRule {
  const row = ctx.app.db.prepare(`SELECT ${RULE_COLUMNS} FROM automation_rules WHERE id = ? AND deleted_at IS NULL`).get(id) as RuleRow | undefined;
  const rule = row && toRule(row);
  if (!rule) throw new AppError('NOT_FOUND', ctx.t('automation.errors.notFound'));
  return rule;
}

/** References must exist: a rule pointing at a deleted stage or user would silently never work. */
function validate(ctx: UserCallContext, r: RuleFields): void {
  const { db } = ctx.app;
  const errors: Record<string, string> = {};
  if (r.trigger.type === 'deal.stageChanged' && r.trigger.stageId != null) {
    if (!db.prepare("SELECT 1 FROM stages WHERE id = ? AND kind = 'open'").get(r.trigger.stageId)) errors['trigger.stageId'] = ctx.t('automation.errors.stage');
  }
  r.actions.forEach((a, i) => {
    if (a.type !== 'notify') return;
    for (const u of a.userIds ?? []) if (!db.prepare('SELECT 1 FROM users WHERE id = ?').get(u)) errors[`actions.${i}.userIds`] = ctx.t('automation.errors.user');
    for (const ro of a.roleIds ?? []) if (!db.prepare('SELECT 1 FROM roles WHERE id = ?').get(ro)) errors[`actions.${i}.roleIds`] = ctx.t('automation.errors.role');
    if (!a.owner && !a.userIds?.length && !a.roleIds?.length) errors[`actions.${i}.userIds`] = ctx.t('automation.errors.noRecipients');
  });
  r.conditions.forEach((c, i) => {
    const numeric = c.field === 'deal.amountFen';
    if (numeric !== (typeof c.value === 'number') || ((c.op === 'gte' || c.op === 'lte') && !numeric)) errors[`conditions.${i}.value`] = ctx.t('automation.errors.condition');
    if (r.trigger.type.startsWith('customer.') && numeric) errors[`conditions.${i}.field`] = ctx.t('automation.errors.dealFieldOnCustomer');
  });
  const keys = Object.keys(errors);
  if (keys.length) throw invalid(ctx.t('errors.invalidInput', { detail: errors[keys[0]] }), errors);
}

function summary(r: RuleFields) {
  return { name: r.name, enabled: r.enabled, trigger: r.trigger, conditions: r.conditions, actions: r.actions };
}

export const automationsHandlers: HandlersOf<typeof automationsContract> = {
  'automations:list': (_input, ctx) => {
    const rows = ctx.app.db.prepare(`SELECT ${RULE_COLUMNS} FROM automation_rules WHERE deleted_at IS NULL ORDER BY id`).all() as RuleRow[];
    return { rows: rows.map(toRule).filter((r): r is AutomationRule => r !== null) };
  },

  'automations:options': (_input, ctx) => {
    const { db } = ctx.app;
    return {
      stages: db.prepare('SELECT id, name, kind FROM stages WHERE archived_at IS NULL ORDER BY position').all() as { id: number; name: string; kind: 'open' | 'won' | 'lost' }[],
      users: db.prepare('SELECT id, display_name AS displayName FROM users WHERE disabled_at IS NULL ORDER BY id').all() as { id: number; displayName: string }[],
      roles: db.prepare('SELECT id, name FROM roles ORDER BY id').all() as { id: number; name: string }[],
      tags: db.prepare('SELECT DISTINCT tag FROM customer_tags ORDER BY tag LIMIT 500').pluck().all() as string[],
    };
  },

  'automations:create': (input, ctx) => {
    const { db } = ctx.app;
    const r: RuleFields = { name: input.name, enabled: input.enabled ?? true, trigger: input.trigger, conditions: input.conditions ?? [], actions: input.actions };
    validate(ctx, r);
    const now = ctx.app.clock.now().toISOString();
    return db.tx(() => {
      const id = Number(
        db
          .prepare(
            `INSERT INTO automation_rules (name, enabled, trigger_type, trigger_config, conditions, actions, created_at, created_by, updated_at, updated_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(r.name, r.enabled ? 1 : 0, r.trigger.type, triggerConfigJson(r.trigger), JSON.stringify(r.conditions), JSON.stringify(r.actions), now, ctx.user.id, now, ctx.user.id)
          .lastInsertRowid,
      );
      recordAudit(db, { ...actor(ctx), action: 'automation.create', entity: 'automationRule', entityId: id, summary: r.name, changes: [{ field: 'rule', old: null, new: summary(r) }] });
      return load(ctx, id);
    });
  },

  'automations:update': (input, ctx) => {
    const { db } = ctx.app;
    const now = ctx.app.clock.now().toISOString();
    return db.tx(() => {
      const cur = load(ctx, input.id);
      if (cur.version !== input.version) throw new AppError('CONFLICT', ctx.t('automation.errors.stale'), { current: cur });
      const next: RuleFields = {
        name: input.patch.name ?? cur.name,
        enabled: input.patch.enabled ?? cur.enabled,
        trigger: input.patch.trigger ?? cur.trigger,
        conditions: input.patch.conditions ?? cur.conditions,
        actions: input.patch.actions ?? cur.actions,
      };
      validate(ctx, next);
      db.prepare(
        `UPDATE automation_rules SET name = ?, enabled = ?, trigger_type = ?, trigger_config = ?, conditions = ?, actions = ?,
           updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`,
      ).run(next.name, next.enabled ? 1 : 0, next.trigger.type, triggerConfigJson(next.trigger), JSON.stringify(next.conditions), JSON.stringify(next.actions), now, ctx.user.id, cur.id);
      recordAudit(db, { ...actor(ctx), action: 'automation.update', entity: 'automationRule', entityId: cur.id, summary: next.name, changes: [{ field: 'rule', old: summary(cur), new: summary(next) }] });
      return load(ctx, cur.id);
    });
  },

  'automations:delete': (input, ctx) => {
    const { db } = ctx.app;
    const now = ctx.app.clock.now().toISOString();
    return db.tx(() => {
      const cur = load(ctx, input.id);
      db.prepare('UPDATE automation_rules SET deleted_at = ?, deleted_by = ?, enabled = 0, version = version + 1 WHERE id = ?').run(now, ctx.user.id, cur.id);
      recordAudit(db, { ...actor(ctx), action: 'automation.delete', entity: 'automationRule', entityId: cur.id, summary: cur.name });
      return { deleted: true };
    });
  },
};
