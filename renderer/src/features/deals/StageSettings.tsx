// Stage settings (names, order, default probability, open/won/lost) and the loss reason list.
// Removing a stage that holds deals asks where its deals go (stages:update moveDealsTo).
// Exported for the settings page; also mounted at /deals/stages.
import { Button, Card, Input, InputNumber, Select, Space, Table, Tag, Typography, message } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Stage } from '@contract/deals';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { useSession } from '../../app/session';
import { useDealOptions, useInvalidateDeals } from './model';
import { StepProgress } from '../../lib/stepProgress';
import { formatNumber } from '../../lib/format';
import { useShippedLabel, type ShippedKind } from '../../lib/shippedLabel';

interface StageDraft {
  key: string;
  id?: number;
  name: string;
  probability: number;
  kind: Stage['kind'];
  dealCount: number;
}

let seq = 1;

export function StageSettings() {
  const { t } = useTranslation();
  const session = useSession();
  const options = useDealOptions();
  const shipped = useShippedLabel();
  // the inputs edit the stored name; a shipped name also says how the English UI shows it
  const shownAs = (kind: ShippedKind, name: string, testId?: string) =>
    shipped(kind, name) !== name ? (
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={testId}>
        {t('deals.stages.shownAs', { name: shipped(kind, name) })}
      </Typography.Text>
    ) : null;
  const invalidate = useInvalidateDeals();
  const [drafts, setDrafts] = useState<StageDraft[]>([]);
  const [removed, setRemoved] = useState<StageDraft[]>([]);
  const [moves, setMoves] = useState<Record<number, number>>({});
  const [reasons, setReasons] = useState<{ key: string; id?: number; name: string }[]>([]);
  const [saving, setSaving] = useState(false);
  const editable = session.can('settings.manage');

  useEffect(() => {
    if (!options.data) return;
    setDrafts(options.data.stages.map((s) => ({ key: `s${s.id}`, id: s.id, name: s.name, probability: s.probability, kind: s.kind, dealCount: s.dealCount })));
    setRemoved([]);
    setMoves({});
    setReasons(options.data.lossReasons.map((r) => ({ key: `r${r.id}`, id: r.id, name: r.name })));
  }, [options.data]);

  const set = (i: number, patch: Partial<StageDraft>) => setDrafts((d) => d.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const swap = (i: number, j: number) =>
    setDrafts((d) => {
      if (j < 0 || j >= d.length) return d;
      const copy = [...d];
      [copy[i], copy[j]] = [copy[j], copy[i]];
      return copy;
    });
  const remove = (i: number) => {
    const s = drafts[i];
    if (s.id !== undefined) setRemoved((r) => [...r, s]);
    setDrafts((d) => d.filter((_x, j) => j !== i));
  };

  const save = async () => {
    setSaving(true);
    try {
      const res = await invoke('stages:update', {
        stages: drafts.map((d) => ({ id: d.id, name: d.name, probability: d.probability, kind: d.kind })),
        moveDealsTo: Object.entries(moves).map(([from, to]) => ({ from: Number(from), to })),
      });
      void message.success(t('deals.stages.saved'));
      void invalidate();
      void res;
    } catch (e) {
      showApiError(e);
    } finally {
      setSaving(false);
    }
  };
  const saveReasons = async () => {
    try {
      await invoke('lossReasons:update', { reasons: reasons.map((r) => ({ id: r.id, name: r.name })) });
      void message.success(t('deals.stages.reasonsSaved'));
      void invalidate();
    } catch (e) {
      showApiError(e);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="stage-settings">
      <Card
        title={t('deals.stages.title')}
        extra={
          editable ? (
            <Space>
              <Button icon={<PlusOutlined />} onClick={() => setDrafts((d) => [...d, { key: `n${seq++}`, name: '', probability: 50, kind: 'open', dealCount: 0 }])}>
                {t('deals.stages.add')}
              </Button>
              <Button type="primary" onClick={() => void save()} loading={saving} data-testid="stages-save">
                {t('deals.stages.save')}
              </Button>
            </Space>
          ) : null
        }
      >
        <StepProgress tasks={['stageMove', 'stageProbability']} active={saving} testId="stages-move-progress" />
        <Table<StageDraft>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={drafts}
          columns={[
            {
              title: t('deals.stages.name'),
              render: (_v, d, i) => (
                <Space>
                  <Input value={d.name} disabled={!editable} maxLength={50} style={{ maxWidth: 320 }} onChange={(e) => set(i, { name: e.target.value })} data-testid={`stage-name-${i}`} />
                  {shownAs('stage', d.name, `stage-shown-as-${i}`)}
                </Space>
              ),
            },
            {
              title: t('deals.stages.probability'),
              width: 160,
              render: (_v, d, i) => (
                <InputNumber min={0} max={100} precision={0} value={d.probability} disabled={!editable} onChange={(v) => set(i, { probability: Number(v ?? 0) })} data-testid={`stage-probability-${i}`} />
              ),
            },
            {
              title: t('deals.stages.kind'),
              width: 130,
              render: (_v, d, i) => (
                <Select
                  value={d.kind}
                  disabled={!editable || d.dealCount > 0}
                  style={{ width: 110 }}
                  onChange={(k) => set(i, { kind: k })}
                  options={(['open', 'won', 'lost'] as const).map((k) => ({ value: k, label: t(`deals.kind.${k}`) }))}
                />
              ),
            },
            { title: t('deals.stages.deals'), width: 90, dataIndex: 'dealCount', align: 'right', render: (n: number) => formatNumber(n) },
            {
              width: 130,
              render: (_v, _d, i) =>
                editable ? (
                  <Space size={0}>
                    <Button type="text" icon={<ArrowUpOutlined />} aria-label={t('deals.stages.up')} onClick={() => swap(i, i - 1)} />
                    <Button type="text" icon={<ArrowDownOutlined />} aria-label={t('deals.stages.down')} onClick={() => swap(i, i + 1)} />
                    <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('deals.stages.remove')} onClick={() => remove(i)} data-testid={`stage-remove-${i}`} />
                  </Space>
                ) : null,
            },
          ]}
        />
        {removed.filter((r) => r.dealCount > 0).map((r) => (
          <div key={r.key} style={{ marginTop: 12 }} data-testid={`stage-move-${r.id}`}>
            <Tag color="orange">{shipped('stage', r.name)}</Tag>
            <Typography.Text type="secondary">{t('deals.stages.inUseHint', { count: r.dealCount })}</Typography.Text>{' '}
            <Select
              style={{ width: 180 }}
              placeholder={t('deals.stages.moveTo')}
              value={moves[r.id!]}
              onChange={(to) => setMoves((m) => ({ ...m, [r.id!]: to }))}
              data-testid={`stage-move-to-${r.id}`}
              options={drafts.filter((d) => d.id !== undefined && d.kind === r.kind).map((d) => ({ value: d.id!, label: shipped('stage', d.name) }))}
            />
          </div>
        ))}
      </Card>
      <Card
        title={t('deals.stages.lossReasons')}
        extra={
          editable ? (
            <Space>
              <Button icon={<PlusOutlined />} onClick={() => setReasons((r) => [...r, { key: `n${seq++}`, name: '' }])}>
                {t('deals.stages.addReason')}
              </Button>
              <Button type="primary" onClick={() => void saveReasons()}>
                {t('deals.stages.saveReasons')}
              </Button>
            </Space>
          ) : null
        }
      >
        <Space wrap>
          {reasons.map((r, i) => (
            <Space key={r.key} orientation="vertical" size={0}>
              <Space.Compact>
                <Input value={r.name} disabled={!editable} style={{ width: 150 }} maxLength={50} onChange={(e) => setReasons((x) => x.map((y, j) => (j === i ? { ...y, name: e.target.value } : y)))} />
                {editable ? <Button icon={<DeleteOutlined />} onClick={() => setReasons((x) => x.filter((_y, j) => j !== i))} /> : null}
              </Space.Compact>
              {shownAs('lossReason', r.name)}
            </Space>
          ))}
        </Space>
      </Card>
    </Space>
  );
}
