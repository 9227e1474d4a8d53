// Step 1: choose the file (open dialog) or save the template first.
import { useState } from 'react';
import { Alert, Button, Space, Typography, message } from 'antd';
import { DownloadOutlined, FolderOpenOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, invoke } from '../../../lib/api';
import type { Preview } from '../model';
import { fileName } from '../model';

const FILTERS = [{ name: 'Spreadsheet', extensions: ['xlsx', 'xls', 'xlsb', 'xlsm', 'ods', 'et', 'csv', 'txt'] }];

export function FileStep({ path, onLoaded }: { path: string | null; onLoaded(path: string, p: Preview): void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const choose = async () => {
    setError(null);
    const picked = await invoke('dialog:openFile', { title: t('importer.file.choose'), filters: FILTERS });
    if (!picked.path) return;
    setBusy(true);
    try {
      onLoaded(picked.path, await invoke('import:preview', { path: picked.path }));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const template = async () => {
    const target = await invoke('dialog:saveFile', { defaultName: '客户导入模板.xlsx', filters: [{ name: 'Excel', extensions: ['xlsx'] }] });
    if (!target.path) return;
    const r = await invoke('import:template', { path: target.path });
    void message.success(t('importer.file.templateSaved', { path: r.path }));
  };
  return (
    <div data-testid="import-step-file">
      <Typography.Paragraph type="secondary">{t('importer.file.intro')}</Typography.Paragraph>
      <Space size="middle">
        <Button type="primary" size="large" icon={<FolderOpenOutlined />} loading={busy} onClick={() => void choose()} data-testid="import-choose">
          {busy ? t('importer.file.reading') : t('importer.file.choose')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={() => void template()} data-testid="import-template">
          {t('importer.file.template')}
        </Button>
      </Space>
      {path && !error && <Typography.Paragraph style={{ marginTop: 16 }}>{t('importer.file.chosen', { name: fileName(path) })}</Typography.Paragraph>}
      {error && <Alert style={{ marginTop: 16 }} type="error" showIcon title={error} data-testid="import-file-error" />}
    </div>
  );
}
