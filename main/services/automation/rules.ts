// Automation rules as stored (JSON columns) and as the API shows them.
import type { Db } from '../../../db/sql';
import { actionSchema, conditionSchema, triggerSchema, type AutomationRule, type TriggerType } from '../../contract/automations';
import { z } from 'zod';

export interface RuleRow {
  id: number;
  name: string;
  enabled: number;
  trigger_type: string;
  trigger_config: string;
  conditions: string;
  actions: string;
  run_count: number;
  last_run_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export const RULE_COLUMNS =
  'id, name, enabled, trigger_type, trigger_config, conditions, actions, run_count, last_run_at, created_at, updated_at, version';

/** Stored JSON is re-validated on read: a rule saved by an older version that no longer parses is skipped, not run. */
export function toRule(r: RuleRow): AutomationRule | null {
  const trigger = triggerSchema.safeParse({ ...JSON.parse(r.trigger_config || '{}'), type: r.trigger_type });
  const conditions = z.array(conditionSchema).safeParse(JSON.parse(r.conditions || '[]'));
  const actions = z.array(actionSchema).safeParse(JSON.parse(r.actions || '[]'));
  if (!trigger.success || !conditions.success || !actions.success) return null;
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled === 1,
    trigger: trigger.data,
    conditions: conditions.data,
    actions: actions.data,
    runCount: r.run_count,
    lastRunAt: r.last_run_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

export function activeRules(db: Db, type: TriggerType): AutomationRule[] {
  const rows = db
    .prepare(`SELECT ${RULE_COLUMNS} FROM automation_rules WHERE trigger_type = ? AND enabled = 1 AND deleted_at IS NULL ORDER BY id`)
    .all(type) as RuleRow[];
  return rows.map(toRule).filter((r): r is AutomationRule => r !== null);
}

export function triggerConfigJson(trigger: AutomationRule['trigger']): string {
  const { type: _type, ...config } = trigger;
  return JSON.stringify(config);
}
