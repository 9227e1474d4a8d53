// forms:get / forms:update — the layout (sections, custom field order) of an entity's create/edit form
// and detail page. Stored as one JSON row per entity; reading it drops keys of fields that no longer
// exist or are retired and appends active fields not placed yet to the last section, so a new field
// shows up in the form without anyone editing the layout.
import type { FieldEntity, FormLayout } from '../../contract/fields';
import type { UserCallContext } from '../../ipc/context';
import { invalid } from '../../ipc/errors';
import type { Db } from '../../../db/sql';
import { actor } from '../audit/actor';
import { recordAudit } from '../audit/record';
import { activeFields } from './definitions';

export const DEFAULT_SECTION = { id: 'custom', title: { zh: '自定义字段', en: 'Custom fields' } };

function stored(db: Db, entity: FieldEntity): FormLayout | null {
  const row = db.prepare('SELECT layout FROM form_layouts WHERE entity = ?').get(entity) as { layout: string } | undefined;
  return row ? (JSON.parse(row.layout) as FormLayout) : null;
}

/** The effective layout: only active fields, each exactly once, unplaced ones appended. */
export function getLayout(db: Db, entity: FieldEntity): FormLayout {
  const active = activeFields(db, entity).map((f) => f.key);
  const base = stored(db, entity) ?? { sections: [{ ...DEFAULT_SECTION, fields: [] }] };
  const placed = new Set<string>();
  const sections = base.sections.map((s) => ({
    ...s,
    fields: s.fields.filter((k) => active.includes(k) && !placed.has(k) && placed.add(k)),
  }));
  const rest = active.filter((k) => !placed.has(k));
  sections[sections.length - 1].fields.push(...rest);
  return { sections };
}

export function updateLayout(ctx: UserCallContext, entity: FieldEntity, layout: FormLayout) {
  const { db } = ctx.app;
  const ids = new Set<string>();
  for (const s of layout.sections) {
    if (ids.has(s.id)) throw invalid(ctx.t('fields.errors.badLayout', { reason: s.id }), { layout: s.id });
    ids.add(s.id);
  }
  return db.tx(() => {
    const before = stored(db, entity);
    const clean = {
      sections: layout.sections.map((s) => ({ id: s.id, title: { zh: s.title.zh, en: s.title.en || s.title.zh }, fields: s.fields })),
    };
    db.prepare(
      `INSERT INTO form_layouts (entity, layout, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT(entity) DO UPDATE SET layout = excluded.layout, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run(entity, JSON.stringify(clean), ctx.app.clock.now().toISOString(), ctx.user.id);
    recordAudit(db, { ...actor(ctx), action: 'form.update', entity: 'formLayout', entityId: null, changes: [{ field: 'layout', old: before, new: clean }], summary: ctx.t('audit.summaries.formLayout', { entity: ctx.t(`audit.summaries.fieldEntity.${entity}`) }) });
    return { entity, layout: getLayout(db, entity) };
  });
}
