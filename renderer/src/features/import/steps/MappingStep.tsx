// Step 3: which field each column becomes (auto-mapped, editable), saved mappings, and what happens to
// the columns left unmapped.
import { useState } from 'react';
import { Alert, Button, Input, Radio, Select, Space, Table, message } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { invoke } from '../../../lib/api';
import { FIELDS, hasNameColumn, type Mapping, type Preview } from '../model';
import { useCustomImportTargets } from '../../fields/importSupport';

interface Props {
  preview: Preview;
  mapping: Mapping;
  unmapped: 'ignore' | 'notes';
  onMapping(m: Mapping): void;
  onUnmapped(u: 'ignore' | 'notes'): void;
  onUseSaved(name: string): void;
}

export function MappingStep({ preview, mapping, unmapped, onMapping, onUnmapped, onUseSaved }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const saved = useQuery({ queryKey: ['import', 'mappings'], queryFn: () => invoke('import:mappings') });
  const [name, setName] = useState('');
  const setField = (column: number, field: Mapping[number]['field']) =>
    onMapping(mapping.map((m) => (m.column === column ? { ...m, field } : field && m.field === field ? { ...m, field: null } : m)));
  const save = async () => {
    const columns = mapping.map((m) => ({ header: preview.headers[m.column] ?? '', field: m.field }));
    await invoke('import:saveMapping', { name: name.trim(), columns });
    void message.success(t('importer.mapping.savedOk', { name: name.trim() }));
    void qc.invalidateQueries({ queryKey: ['import', 'mappings'] });
  };
  const samples = (c: number) =>
    preview.sample
      .slice(0, 3)
      .map((r) => r.cells[c])
      .filter(Boolean)
      .join(' · ');
  const customTargets = useCustomImportTargets();
  const options = [{ value: '', label: t('importer.mapping.ignore') }, ...FIELDS.map((f) => ({ value: f, label: t(`importer.fields.${f}`) })), ...customTargets];
  return (
    <div data-testid="import-step-mapping">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ minWidth: 220 }}
          placeholder={t('importer.mapping.saved')}
          options={(saved.data?.mappings ?? []).map((m) => ({ value: m.name, label: m.name }))}
          onChange={(v: string) => onUseSaved(v)}
          value={null}
          data-testid="import-saved-mapping"
        />
        <Input style={{ width: 180 }} placeholder={t('importer.mapping.saveName')} value={name} onChange={(e) => setName(e.target.value)} maxLength={50} data-testid="import-mapping-name" />
        <Button disabled={!name.trim()} onClick={() => void save()} data-testid="import-mapping-save">
          {t('importer.mapping.save')}
        </Button>
      </Space>
      <Table
        size="small"
        pagination={false}
        rowKey="column"
        dataSource={mapping}
        scroll={{ y: 420 }}
        columns={[
          { key: 'h', title: t('importer.mapping.column'), width: 200, render: (_: unknown, m) => preview.headers[m.column] || `#${m.column + 1}` },
          { key: 's', title: t('importer.mapping.samples'), ellipsis: true, render: (_: unknown, m) => samples(m.column) },
          {
            key: 'f',
            title: t('importer.mapping.field'),
            width: 200,
            render: (_: unknown, m) => (
              <Select
                style={{ width: 180 }}
                value={m.field ?? ''}
                options={options}
                onChange={(v: string) => setField(m.column, (v || null) as Mapping[number]['field'])}
                data-testid={`import-map-${m.column}`}
              />
            ),
          },
        ]}
        data-testid="import-mapping-table"
      />
      <Space style={{ marginTop: 12 }}>
        {t('importer.mapping.unmapped')}：
        <Radio.Group value={unmapped} onChange={(e) => onUnmapped(e.target.value)} data-testid="import-unmapped">
          <Radio value="ignore">{t('importer.mapping.unmappedIgnore')}</Radio>
          <Radio value="notes">{t('importer.mapping.unmappedNotes')}</Radio>
        </Radio.Group>
      </Space>
      {!hasNameColumn(mapping) && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('importer.mapping.needName')} data-testid="import-need-name" />}
    </div>
  );
}
