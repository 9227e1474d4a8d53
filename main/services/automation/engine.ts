// Matching rules to an event, checking their conditions and running their actions, with the loop guard.
import type { Db } from '../../../db/sql';
import type { AutomationRule, Condition, Trigger } from '../../contract/automations';
import { tFor } from '../../i18n';
import { recordAudit } from '../audit/record';
import { activeRules } from './rules';
import { runActions, type Facts } from './actions';
import type { Chain, DomainEvent, EventContext } from './events';

export const CHAIN_DEPTH_LIMIT = 5;

function triggerMatches(trigger: Trigger, e: DomainEvent): boolean {
  if (trigger.type !== e.type) return false;
  switch (trigger.type) {
    case 'deal.stageChanged':
      return trigger.stageId == null || (e.type === 'deal.stageChanged' && e.toStageId === trigger.stageId);
    case 'deal.closed':
      return trigger.result === 'any' || (e.type === 'deal.closed' && e.result === trigger.result);
    case 'customer.statusChanged':
      return trigger.status == null || (e.type === 'customer.statusChanged' && e.toStatus === trigger.status);
    default:
      return true;
  }
}

function ruleMatches(rule: AutomationRule, e: DomainEvent): boolean {
  // the scheduled check asks about one rule at a time (each rule has its own N days)
  if (e.type === 'customer.noFollowUp' && e.ruleId !== rule.id) return false;
  return triggerMatches(rule.trigger, e);
}

function loadFacts(db: Db, e: DomainEvent): Facts | null {
  let deal: Facts['deal'] = null;
  let customerId: number | null = 'customerId' in e ? e.customerId : null;
  if ('dealId' in e) {
    deal =
      (db
        .prepare(
          `SELECT d.id, d.name, d.amount_fen, d.owner_id, d.customer_id, s.name AS stage_name
           FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.id = ?`,
        )
        .get(e.dealId) as Facts['deal'] | undefined) ?? null;
    if (!deal) return null;
    customerId = deal.customer_id;
  }
  if (customerId == null) return null;
  const c = db
    .prepare('SELECT id, name, level, status, source, industry, province, owner_id FROM customers WHERE id = ? AND deleted_at IS NULL')
    .get(customerId) as Omit<NonNullable<Facts['customer']>, 'tags'> | undefined;
  if (!c) return null;
  const tags = db.prepare('SELECT tag FROM customer_tags WHERE customer_id = ?').pluck().all(customerId) as string[];
  return { customer: { ...c, tags }, deal };
}

function fieldValue(f: Facts, field: Condition['field']): unknown {
  switch (field) {
    case 'deal.amountFen':
      return f.deal ? f.deal.amount_fen : undefined;
    case 'customer.tag':
      return f.customer?.tags;
    default:
      return f.customer ? (f.customer as unknown as Record<string, unknown>)[field.slice('customer.'.length)] : undefined;
  }
}

export function conditionHolds(c: Condition, facts: Facts): boolean {
  const v = fieldValue(facts, c.field);
  if (v === undefined) return false;
  const list = Array.isArray(c.value) ? c.value.map(String) : [String(c.value)];
  switch (c.op) {
    case 'eq':
      return String(v ?? '') === String(c.value);
    case 'neq':
      return String(v ?? '') !== String(c.value);
    case 'in':
      return list.includes(String(v ?? ''));
    case 'gte':
      return typeof v === 'number' && v >= Number(c.value);
    case 'lte':
      return typeof v === 'number' && v <= Number(c.value);
    case 'has':
      return Array.isArray(v) && list.some((x) => v.includes(x));
    case 'notHas':
      return Array.isArray(v) && !list.some((x) => v.includes(x));
  }
}

function recordRun(db: Db, rule: AutomationRule, e: DomainEvent, at: string, outcome: string, entity: { type: string; id: number }, dedupeKey: string | null, detail: string | null): boolean {
  const changes = db
    .prepare(
      `INSERT OR IGNORE INTO automation_runs (rule_id, at, trigger_type, entity, entity_id, dedupe_key, outcome, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(rule.id, at, e.type, entity.type, entity.id, dedupeKey, outcome, detail).changes;
  if (changes && outcome === 'done') db.prepare('UPDATE automation_rules SET run_count = run_count + 1, last_run_at = ? WHERE id = ?').run(at, rule.id);
  return changes > 0;
}

/** Runs every matching rule for one event; returns the events its actions raised (the caller continues the chain). */
export function runRulesForEvent(ctx: EventContext, e: DomainEvent, chain: Chain, dedupeKey: string | null): DomainEvent[] {
  const { db, clock, log } = ctx.app;
  const rules = activeRules(db, e.type).filter((r) => ruleMatches(r, e));
  if (!rules.length) return [];
  const facts = loadFacts(db, e);
  if (!facts || !facts.customer) return [];
  const entity = facts.deal && 'dealId' in e ? { type: 'deal', id: facts.deal.id } : { type: 'customer', id: facts.customer.id };
  const at = clock.now().toISOString();
  const t = tFor(ctx.app.locale());
  const who = { at, userId: ctx.user?.id ?? null, userName: ctx.user?.displayName ?? t('automation.actor') };
  const raised: DomainEvent[] = [];

  for (const rule of rules) {
    if (!rule.conditions.every((c) => conditionHolds(c, facts))) continue;
    const stopped = chain.ran.has(rule.id) ? 'loopBlocked' : chain.depth >= CHAIN_DEPTH_LIMIT ? 'depthLimit' : null;
    if (stopped) {
      // recorded, so an admin can see why a rule did not run again
      recordRun(db, rule, e, at, stopped, entity, null, `chain depth ${chain.depth}`);
      recordAudit(db, {
        ...who,
        action: `automation.${stopped}`,
        entity: 'automationRule',
        entityId: rule.id,
        summary: t(`automation.audit.${stopped}`, { rule: rule.name }),
      });
      continue;
    }
    chain.ran.add(rule.id);
    try {
      db.tx(() => {
        if (dedupeKey && !recordRun(db, rule, e, at, 'done', entity, dedupeKey, null)) return; // already ran for this situation
        const out = runActions({ ...ctx, t, who, at }, rule, facts, e);
        if (!dedupeKey) recordRun(db, rule, e, at, 'done', entity, null, null);
        recordAudit(db, {
          ...who,
          action: 'automation.run',
          entity: 'automationRule',
          entityId: rule.id,
          summary: t('automation.audit.run', { rule: rule.name, trigger: t(`audit.summaries.automation.triggers.${e.type}`), target: t(`audit.summaries.automation.target.${entity.type}`, { id: entity.id }) }),
        });
        raised.push(...out);
      });
    } catch (err) {
      // the rule's savepoint is rolled back; the user's change stands
      log.error('automation rule failed', { rule: rule.id, error: err instanceof Error ? err.stack : String(err) });
      recordRun(db, rule, e, at, 'skipped', entity, null, String((err as Error)?.message ?? err).slice(0, 500));
      recordAudit(db, { ...who, action: 'automation.failed', entity: 'automationRule', entityId: rule.id, summary: t('automation.audit.failed', { rule: rule.name }) });
    }
  }
  return raised;
}
