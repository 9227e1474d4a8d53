// 表单编辑器: sections and custom field order of an entity's form, by drag and drop (HTML5 DnD; up/down
// buttons as the keyboard way), with a live preview of the form next to it. Saved with forms:update.
import { useEffect, useMemo, useState, type DragEvent } from 'react';
import { App, Button, Card, Col, Empty, Form, Input, Row, Space, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CustomField, FieldEntity, FormLayout } from '@contract/fields';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { CustomFieldInputs } from './CustomFieldInputs';
import { fieldLabel, sectionsOf, useFieldDefs, useFormLayout, useInvalidateFields } from './hooks';

type Section = FormLayout['sections'][number];

export function FormEditor({ entity }: { entity: FieldEntity }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const defsData = useFieldDefs(entity).data;
  const defs = useMemo(() => defsData ?? [], [defsData]);
  const stored = useFormLayout(entity).data;
  const invalidate = useInvalidateFields();
  const [sections, setSections] = useState<Section[]>([]);
  const [dragKey, setDragKey] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (stored) setSections(stored.sections.map((s) => ({ ...s, fields: [...s.fields] })));
  }, [stored]);

  const byKey = useMemo(() => new Map(defs.map((f) => [f.key, f])), [defs]);
  const preview = useMemo(() => sectionsOf(defs, { sections }), [defs, sections]);

  /** Move a field to section `to` before `beforeKey` (or at the end). */
  const move = (key: string, to: string, beforeKey: string | null) => {
    setSections((prev) => {
      const next = prev.map((s) => ({ ...s, fields: s.fields.filter((k) => k !== key) }));
      const target = next.find((s) => s.id === to);
      if (!target) return prev;
      const at = beforeKey ? target.fields.indexOf(beforeKey) : -1;
      if (at < 0) target.fields.push(key);
      else target.fields.splice(at, 0, key);
      return next;
    });
  };
  const step = (sectionId: string, key: string, d: -1 | 1) => {
    const s = sections.find((x) => x.id === sectionId)!;
    const i = s.fields.indexOf(key);
    const j = i + d;
    if (j >= 0 && j < s.fields.length) move(key, sectionId, d < 0 ? s.fields[j] : (s.fields[j + 1] ?? null));
    else if (j >= s.fields.length) move(key, sectionId, null);
  };
  const onDrop = (e: DragEvent, sectionId: string, beforeKey: string | null) => {
    e.preventDefault();
    e.stopPropagation();
    const key = e.dataTransfer.getData('text/plain') || dragKey;
    if (key && key !== beforeKey) move(key, sectionId, beforeKey);
    setDragKey(null);
  };
  const addSection = () => {
    const id = `s${Date.now().toString(36)}`;
    setSections([...sections, { id, title: { zh: t('customFields.form.newSection'), en: 'New section' }, fields: [] }]);
  };
  const removeSection = (id: string) => {
    if (sections.length <= 1) return;
    const gone = sections.find((s) => s.id === id)!;
    const rest = sections.filter((s) => s.id !== id);
    rest[rest.length - 1] = { ...rest[rest.length - 1], fields: [...rest[rest.length - 1].fields, ...gone.fields] };
    setSections(rest);
  };
  const save = async () => {
    setSaving(true);
    try {
      await invoke('forms:update', { entity, layout: { sections } });
      invalidate(entity);
      void message.success(t('customFields.form.saved'));
    } catch (e) {
      showApiError(e);
    } finally {
      setSaving(false);
    }
  };

  const fieldItem = (s: Section, f: CustomField) => (
    <div
      key={f.key}
      className="cf-drag-item"
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData('text/plain', f.key);
        e.dataTransfer.effectAllowed = 'move';
        setDragKey(f.key);
      }}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => onDrop(e, s.id, f.key)}
      data-testid={`layout-field-${f.key}`}
      style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '6px 8px', marginBottom: 6, border: '1px solid #d9d9d9', borderRadius: 6, background: dragKey === f.key ? '#e6f4ff' : '#fff', cursor: 'grab' }}
    >
      <HolderOutlined style={{ color: '#999' }} />
      <span style={{ flex: 1 }}>
        {fieldLabel(f)} <Typography.Text type="secondary">· {t(`customFields.types.${f.type}`)}</Typography.Text>
        {f.hidden && <Typography.Text type="warning"> · {t('customFields.hidden')}</Typography.Text>}
      </span>
      <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label={t('customFields.form.up')} onClick={() => step(s.id, f.key, -1)} data-testid={`layout-up-${f.key}`} />
      <Button size="small" type="text" icon={<ArrowDownOutlined />} aria-label={t('customFields.form.down')} onClick={() => step(s.id, f.key, 1)} data-testid={`layout-down-${f.key}`} />
    </div>
  );

  return (
    <Row gutter={16} data-testid="form-editor">
      <Col xs={24} lg={11}>
        <Card
          size="small"
          title={t('customFields.form.sections')}
          extra={
            <Space>
              <Button icon={<PlusOutlined />} onClick={addSection} data-testid="layout-add-section">
                {t('customFields.form.addSection')}
              </Button>
              <Button type="primary" loading={saving} onClick={() => void save()} data-testid="layout-save">
                {t('customFields.form.save')}
              </Button>
            </Space>
          }
        >
          <Typography.Paragraph type="secondary">{t('customFields.form.dragHint')}</Typography.Paragraph>
          {sections.map((s) => (
            <div
              key={s.id}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => onDrop(e, s.id, null)}
              data-testid={`layout-section-${s.id}`}
              style={{ border: '1px dashed #bbb', borderRadius: 8, padding: 8, marginBottom: 12, background: '#fafafa' }}
            >
              <Space style={{ marginBottom: 8, width: '100%' }}>
                <Input
                  value={s.title.zh}
                  aria-label={t('customFields.form.sectionTitle')}
                  onChange={(e) => setSections(sections.map((x) => (x.id === s.id ? { ...x, title: { ...x.title, zh: e.target.value, en: x.title.en } } : x)))}
                  maxLength={60}
                  data-testid={`layout-section-title-${s.id}`}
                />
                <Button type="text" danger icon={<DeleteOutlined />} disabled={sections.length <= 1} onClick={() => removeSection(s.id)} aria-label={t('customFields.form.removeSection')} />
              </Space>
              {s.fields.map((k) => byKey.get(k)).filter((f): f is CustomField => !!f).map((f) => fieldItem(s, f))}
              {!s.fields.length && <Typography.Text type="secondary">{t('customFields.form.emptySection')}</Typography.Text>}
            </div>
          ))}
        </Card>
      </Col>
      <Col xs={24} lg={13}>
        <Card size="small" title={t('customFields.form.preview')} data-testid="form-preview">
          {preview.length ? (
            <Form layout="vertical">
              <CustomFieldInputs entity={entity} sections={preview} />
            </Form>
          ) : (
            <Empty />
          )}
        </Card>
      </Col>
    </Row>
  );
}
