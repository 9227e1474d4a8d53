// Which columns the list shows (remembered per user on this computer).
import { Button, Checkbox, Popover, Space } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { COLUMNS, DEFAULT_COLUMNS, type ColumnDef } from '../model/columns';

/** `extra`: custom field columns, listed after the built-in ones. */
export function ColumnPicker({ value, onChange, extra = [] }: { value: string[]; onChange(cols: string[]): void; extra?: ColumnDef[] }) {
  const { t } = useTranslation();
  const all = [...COLUMNS, ...extra];
  const content = (
    <div className="cust-column-picker" data-testid="column-picker">
      <Checkbox.Group
        value={value}
        // keep the table's column order, not the click order
        onChange={(v) => onChange(all.map((c) => c.key).filter((k) => (v as string[]).includes(k)))}
      >
        <Space orientation="vertical" size={4}>
          {all.map((c) => (
            <Checkbox key={c.key} value={c.key} disabled={c.key === 'name'} data-testid={`column-toggle-${c.key}`}>
              {c.title(t)}
            </Checkbox>
          ))}
        </Space>
      </Checkbox.Group>
      <div style={{ marginTop: 8 }}>
        <Button size="small" type="link" onClick={() => onChange(DEFAULT_COLUMNS)} style={{ padding: 0 }}>
          {t('customers.resetColumns')}
        </Button>
      </div>
    </div>
  );
  return (
    <Popover content={content} trigger="click" placement="bottomRight">
      <Button icon={<SettingOutlined />} data-testid="columns-button">
        {t('customers.columns')}
      </Button>
    </Popover>
  );
}
