// Definitions and layouts from main, cached by react-query (every form and list of an entity shares them).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CustomField, FieldEntity, FormLayout } from '@contract/fields';
import { invoke } from '../../lib/api';
import i18n from '../../i18n';

export const fieldsKey = (entity: FieldEntity) => ['fields:list', entity] as const;
export const layoutKey = (entity: FieldEntity) => ['forms:get', entity] as const;

export function useFieldDefs(entity: FieldEntity) {
  return useQuery({ queryKey: fieldsKey(entity), queryFn: () => invoke('fields:list', { entity }).then((r) => r.fields), staleTime: 30_000 });
}

export function useFormLayout(entity: FieldEntity) {
  return useQuery({ queryKey: layoutKey(entity), queryFn: () => invoke('forms:get', { entity }).then((r) => r.layout), staleTime: 30_000 });
}

/** Live fields in layout order, grouped by section (what forms and detail pages show). */
export function useFormSections(entity: FieldEntity): { title: string; id: string; fields: CustomField[] }[] {
  const defs = useFieldDefs(entity).data ?? [];
  const layout = useFormLayout(entity).data;
  return sectionsOf(defs, layout);
}

export function sectionsOf(defs: CustomField[], layout: FormLayout | undefined) {
  const active = defs.filter((f) => !f.retiredAt);
  const byKey = new Map(active.map((f) => [f.key, f]));
  const sections = (layout?.sections ?? [{ id: 'custom', title: { zh: '自定义字段', en: 'Custom fields' }, fields: active.map((f) => f.key) }]).map((s) => ({
    id: s.id,
    title: i18n.language === 'en' && s.title.en ? s.title.en : s.title.zh,
    fields: s.fields.map((k) => byKey.get(k)).filter((f): f is CustomField => !!f),
  }));
  const placed = new Set(sections.flatMap((s) => s.fields.map((f) => f.key)));
  const rest = active.filter((f) => !placed.has(f.key));
  if (rest.length && sections.length) sections[sections.length - 1].fields.push(...rest);
  return sections.filter((s) => s.fields.length);
}

export function useInvalidateFields() {
  const qc = useQueryClient();
  return (entity: FieldEntity) => {
    void qc.invalidateQueries({ queryKey: fieldsKey(entity) });
    void qc.invalidateQueries({ queryKey: layoutKey(entity) });
  };
}

export const fieldLabel = (f: CustomField) => (i18n.language === 'en' && f.label.en ? f.label.en : f.label.zh);
