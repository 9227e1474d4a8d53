// The right-hand column of a deal: stage history (with time in stage), contract-term history and the
// change history (审计记录 of this deal), each a timeline.
import { Empty, Tabs, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChannelOutput } from '@contract/index';
import { formatDate, formatDateTime, formatMoneyFen } from '../../lib/format';
import { durationText, useDealOptions } from './model';
import { useShippedLabel } from '../../lib/shippedLabel';
import { displayCustomValue } from '../fields/CustomFieldValues';
import { fieldLabel, useFieldDefs } from '../fields/hooks';

type Detail = ChannelOutput<'deals:get'>;

export function DealHistory({ detail }: { detail: Detail }) {
  const { t, i18n } = useTranslation();
  const options = useDealOptions();
  const shipped = useShippedLabel();
  const stageName = (id: unknown) => {
    const name = options.data?.stages.find((s) => s.id === id)?.name;
    return name === undefined ? `#${String(id)}` : shipped('stage', name);
  };
  const ownerName = (id: unknown) => (id === null ? '—' : (options.data?.owners.find((o) => o.id === id)?.displayName ?? `#${String(id)}`));
  const reasonName = (id: unknown) => {
    const name = options.data?.lossReasons.find((r) => r.id === id)?.name;
    return name === undefined ? `#${String(id)}` : shipped('lossReason', name);
  };
  // audit changes of custom fields are named `custom.<key>`: shown with the field's label and formatting
  const fieldDefs = useFieldDefs('deal').data;
  const customDef = (field: string) => (field.startsWith('custom.') ? fieldDefs?.find((f) => f.key === field.slice('custom.'.length)) : undefined);
  const label = (field: string) => {
    const def = customDef(field);
    return def ? fieldLabel(def) : t(`deals.field.${field}`, { defaultValue: field });
  };
  const value = (field: string, v: unknown) => {
    const def = customDef(field);
    return def ? displayCustomValue(def, v) : show(field, v);
  };
  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    switch (field) {
      case 'amountFen':
        return formatMoneyFen(v as number);
      case 'stageId':
        return stageName(v);
      case 'ownerId':
        return ownerName(v);
      case 'lossReasonId':
        return reasonName(v);
      case 'probability':
        return `${String(v)}%`;
      case 'closedAt':
      case 'deletedAt':
        return formatDate(v as string);
      case 'status':
        return t(`deals.status.${String(v)}`);
      case 'amountSource':
        return v === 'items' ? t('deals.fields.amountItems') : t('deals.fields.amountManual');
      case 'items':
        return (v as { product: string; quantity: number; totalFen: number }[]).map((i) => `${i.product}×${i.quantity} ${formatMoneyFen(i.totalFen)}`).join('；') || '—';
      default:
        return String(v);
    }
  };

  const stageItems = detail.stageHistory
    .slice()
    .reverse()
    .map((h) => ({
      key: h.id,
      color: h.durationMs === null ? 'blue' : 'gray',
      content: (
        <div data-testid="stage-history-item">
          <div>
            {h.fromStageName ? (
              <>
                {shipped('stage', h.fromStageName)} → <strong>{shipped('stage', h.toStageName)}</strong>
              </>
            ) : (
              t('deals.detail.created', { stage: shipped('stage', h.toStageName) })
            )}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(h.at)} · {h.userName} ·{' '}
            {h.durationMs === null ? t('deals.detail.current') : t('deals.detail.timeInStage', { d: durationText(h.durationMs, i18n.language) })}
          </Typography.Text>
        </div>
      ),
    }));

  const termItems = detail.termsHistory.map((h) => ({
    key: `${h.auditId}`,
    content: (
      <div data-testid="terms-history-item">
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(h.at)} · {h.userName}
        </Typography.Text>
        <div className="deal-history-diff">
          {h.old ? <del>{h.old}</del> : null}
          {h.old ? <br /> : null}
          <ins>{h.new ?? '—'}</ins>
        </div>
      </div>
    ),
  }));

  const historyItems = detail.history.map((h) => ({
    key: h.id,
    color: h.action === 'deal.reopen' ? 'red' : h.action.startsWith('deal.close') ? 'green' : 'blue',
    content: (
      <div data-testid="history-item" data-action={h.action}>
        <div>
          <strong>{t(`deals.audit.${h.action}`, { defaultValue: h.action })}</strong>
          {h.action === 'deal.reopen' && h.summary ? <span>：{h.summary}</span> : null}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(h.at)} · {h.userName}
        </Typography.Text>
        {h.action === 'deal.create'
          ? null
          : h.changes.map((c) => (
              <div key={c.field} className="deal-history-diff">
                {label(c.field)}：<del>{value(c.field, c.old)}</del> → <ins>{value(c.field, c.new)}</ins>
              </div>
            ))}
      </div>
    ),
  }));

  return (
    <Tabs
      data-testid="deal-history-tabs"
      items={[
        { key: 'stages', label: <span data-testid="tab-stage-history">{t('deals.detail.stageHistory')}</span>, children: <Timeline items={stageItems} /> },
        {
          key: 'terms',
          label: <span data-testid="tab-terms-history">{t('deals.detail.termsHistory')}</span>,
          children: termItems.length ? <Timeline items={termItems} /> : <Empty description={t('deals.detail.noTermsHistory')} />,
        },
        { key: 'history', label: <span data-testid="tab-history">{t('deals.detail.history')}</span>, children: <Timeline items={historyItems} /> },
      ]}
    />
  );
}
