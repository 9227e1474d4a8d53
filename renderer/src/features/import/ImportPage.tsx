// 数据导入: the wizard — file, sheet + header row, column mapping, preview with errors and duplicates,
// commit with progress + cancel, result with error report and undo. All reading and checking happens in
// main (in a worker); this page only shows it.
import { useState } from 'react';
import { Alert, Button, Card, Space, Steps, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, invoke } from '../../lib/api';
import { useSession } from '../../app/session';
import { FileStep } from './steps/FileStep';
import { SheetStep } from './steps/SheetStep';
import { MappingStep } from './steps/MappingStep';
import { PreviewStep } from './steps/PreviewStep';
import { CommitStep } from './steps/CommitStep';
import { hasNameColumn, type CommitResult, type Preview, type WizardState } from './model';
import { newJobId, useTaskProgress } from './useTaskProgress';
import './import.css';

const EMPTY: WizardState = { path: null, preview: null, mapping: [], unmapped: 'ignore', onDuplicate: 'skip', allOrNothing: false };

export function ImportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const [step, setStep] = useState(0);
  const [state, setState] = useState<WizardState>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<CommitResult | null>(null);
  const progress = useTaskProgress(jobId);
  const patch = (p: Partial<WizardState>) => setState((s) => ({ ...s, ...p }));

  const load = async (input: { sheet?: string; headerRow?: number; mapping?: WizardState['mapping']; savedMapping?: string }) => {
    if (!state.path) return null;
    setBusy(true);
    setError(null);
    try {
      const p = await invoke('import:preview', { path: state.path, unmapped: state.unmapped, ...input });
      patch({ preview: p, mapping: p.mapping });
      return p;
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      return null;
    } finally {
      setBusy(false);
    }
  };
  const onLoaded = (path: string, p: Preview) => {
    setState({ ...EMPTY, path, preview: p, mapping: p.mapping });
    setStep(1);
  };
  const toPreview = async () => {
    if (await load({ sheet: state.preview!.sheet, headerRow: state.preview!.headerRow, mapping: state.mapping })) setStep(3);
  };
  const start = async () => {
    const p = state.preview!;
    const id = newJobId();
    setJobId(id);
    setRunning(true);
    setResult(null);
    setError(null);
    setStep(4);
    try {
      setResult(
        await invoke('import:commit', {
          path: state.path!,
          sheet: p.sheet,
          headerRow: p.headerRow,
          mapping: state.mapping,
          unmapped: state.unmapped,
          onDuplicate: state.onDuplicate,
          allOrNothing: state.allOrNothing,
          jobId: id,
          previewId: p.previewId,
        }),
      );
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };
  const again = () => {
    setState(EMPTY);
    setResult(null);
    setJobId(null);
    setStep(0);
  };

  if (!session.can('customers.import')) return <Alert type="warning" showIcon title={t('errors.forbidden', { defaultValue: '' })} />;
  const p = state.preview;
  const items = (['file', 'sheet', 'mapping', 'preview', 'commit'] as const).map((k) => ({ title: t(`importer.steps.${k}`) }));
  return (
    <div className="imp-page" data-testid="import-page" data-step={step}>
      <Space style={{ marginBottom: 16 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/customers')}>
          {t('importer.back')}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('importer.title')}
        </Typography.Title>
      </Space>
      <Steps current={step} items={items} style={{ marginBottom: 24 }} data-testid="import-steps" />
      <Card>
        {step === 0 && <FileStep path={state.path} onLoaded={onLoaded} />}
        {step === 1 && p && <SheetStep preview={p} busy={busy} onChange={(sheet, headerRow) => void load({ sheet, headerRow })} />}
        {step === 2 && p && (
          <MappingStep
            preview={p}
            mapping={state.mapping}
            unmapped={state.unmapped}
            onMapping={(mapping) => patch({ mapping })}
            onUnmapped={(unmapped) => patch({ unmapped })}
            onUseSaved={(savedMapping) => void load({ sheet: p.sheet, headerRow: p.headerRow, savedMapping })}
          />
        )}
        {step === 3 && p && <PreviewStep preview={p} state={state} onChange={patch} />}
        {step === 4 && jobId && <CommitStep jobId={jobId} running={running} progress={progress} result={result} error={error} onAgain={again} />}
        {error && step < 4 && <Alert style={{ marginTop: 16 }} type="error" showIcon title={error} data-testid="import-error" />}
        {step > 0 && step < 4 && (
          <Space style={{ marginTop: 24 }}>
            <Button onClick={() => setStep(step - 1)} disabled={busy}>
              {t('importer.prev')}
            </Button>
            {step === 1 && (
              <Button type="primary" onClick={() => setStep(2)} disabled={busy} data-testid="import-next">
                {t('importer.next')}
              </Button>
            )}
            {step === 2 && (
              <Button type="primary" loading={busy} disabled={!hasNameColumn(state.mapping)} onClick={() => void toPreview()} data-testid="import-next">
                {t('importer.next')}
              </Button>
            )}
            {step === 3 && (
              <>
                <Button loading={busy} onClick={() => void toPreview()} data-testid="import-refresh">
                  {t('importer.preview.refresh')}
                </Button>
                <Button type="primary" disabled={busy || !p || p.stats.valid === 0} onClick={() => void start()} data-testid="import-start">
                  {t('importer.preview.start')}
                </Button>
              </>
            )}
          </Space>
        )}
      </Card>
    </div>
  );
}
