// The kanban: one column per open stage (count, ¥ total, cards with latest activity first, per-column
// paging), and won/lost drop zones that open the close dialog. Cards move by HTML5 drag and drop.
import { Button, Card, Empty, Select, Space, Spin, Tag, Typography, message } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { BoardCard, BoardColumn } from '@contract/deals';
import { displayCustomValue } from '../fields/CustomFieldValues';
import { fieldLabel, useFormSections } from '../fields/hooks';
import { invoke } from '../../lib/api';
import { showApiError } from '../../lib/forms';
import { formatDate, formatMoneyFen, formatNumber } from '../../lib/format';
import { useSession } from '../../app/session';
import { useShippedLabel } from '../../lib/shippedLabel';
import { CloseDealDialog, type ClosingDeal } from './CloseDealDialog';
import { dealKeys, useDealOptions, useInvalidateDeals } from './model';

type Board = { columns: BoardColumn[] };

export function DealBoard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const qc = useQueryClient();
  const invalidate = useInvalidateDeals();
  const options = useDealOptions();
  const shipped = useShippedLabel();
  const [ownerId, setOwnerId] = useState<number | undefined>(undefined);
  const [more, setMore] = useState<Record<number, { cards: BoardCard[]; cursor: string | null }>>({});
  const [dragOver, setDragOver] = useState<number | null>(null);
  const [closing, setClosing] = useState<{ deal: ClosingDeal; result: 'won' | 'lost' } | null>(null);
  const key = dealKeys.board(ownerId);
  const board = useQuery({ queryKey: key, queryFn: async () => {
    const b = await invoke('deals:board', { ownerId, limit: 20 });
    setMore({});
    return b;
  } });

  const allCards = (c: BoardColumn) => [...c.cards, ...(more[c.stageId]?.cards ?? [])];
  const findCard = (id: number) => board.data?.columns.flatMap(allCards).find((c) => c.id === id);

  const loadMore = async (c: BoardColumn) => {
    const cursor = more[c.stageId]?.cursor ?? c.nextCursor;
    try {
      const res = await invoke('deals:board', { ownerId, limit: 20, stageId: c.stageId, cursor });
      const col = res.columns[0];
      setMore((m) => ({ ...m, [c.stageId]: { cards: [...(m[c.stageId]?.cards ?? []), ...col.cards], cursor: col.nextCursor } }));
    } catch (e) {
      showApiError(e);
    }
  };

  const drop = async (e: DragEvent, target: BoardColumn) => {
    e.preventDefault();
    setDragOver(null);
    const id = Number(e.dataTransfer.getData('text/plain'));
    const card = findCard(id);
    if (!card || card.stageId === target.stageId) return;
    if (target.kind !== 'open') {
      setClosing({ deal: { id: card.id, name: card.name, version: card.version, amountFen: card.amountFen }, result: target.kind });
      return;
    }
    // optimistic: the card jumps to the top of the target column with the counts and totals adjusted
    qc.setQueryData<Board>(key, (b) =>
      b && {
        columns: b.columns.map((c) => {
          if (c.stageId === card.stageId) return { ...c, count: c.count - 1, totalFen: c.totalFen - card.amountFen, cards: c.cards.filter((x) => x.id !== id) };
          if (c.stageId === target.stageId) return { ...c, count: c.count + 1, totalFen: c.totalFen + card.amountFen, cards: [{ ...card, stageId: c.stageId }, ...c.cards] };
          return c;
        }),
      },
    );
    setMore((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { ...v, cards: v.cards.filter((x) => x.id !== id) }])));
    try {
      await invoke('deals:moveStage', { id, version: card.version, stageId: target.stageId });
      void message.success(t('deals.board.moved', { stage: shipped('stage', target.name) }));
    } catch (err) {
      showApiError(err);
    } finally {
      void invalidate();
    }
  };

  const columnEvents = (c: BoardColumn) => ({
    onDragOver: (e: DragEvent) => {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      if (dragOver !== c.stageId) setDragOver(c.stageId);
    },
    onDragLeave: () => setDragOver((s) => (s === c.stageId ? null : s)),
    onDrop: (e: DragEvent) => void drop(e, c),
  });

  if (board.isLoading) return <Spin data-testid="board-loading" />;
  if (board.error) return <Empty description={(board.error as Error).message} />;
  const open = board.data!.columns.filter((c) => c.kind === 'open');
  const closed = board.data!.columns.filter((c) => c.kind !== 'open');

  return (
    <div data-testid="deal-board">
      {session.user?.scope === 'all' ? (
        <Space style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder={t('deals.board.allOwners')}
            style={{ width: 180 }}
            value={ownerId}
            onChange={(v) => setOwnerId(v)}
            options={(options.data?.owners ?? []).map((o) => ({ value: o.id, label: o.displayName }))}
            data-testid="board-owner"
          />
        </Space>
      ) : null}
      <div className="deal-board">
        {open.map((c) => (
          <div
            key={c.stageId}
            className={`deal-column${dragOver === c.stageId ? ' drag-over' : ''}`}
            data-testid={`board-column-${c.stageId}`}
            data-stage-name={c.name}
            {...columnEvents(c)}
          >
            <div className="deal-column-head">
              <div>
                <Typography.Text strong data-testid="column-name">{shipped('stage', c.name)}</Typography.Text> <Typography.Text type="secondary">{c.probability}%</Typography.Text>
              </div>
              <div className="deal-column-stats">
                <span data-testid="column-count">{t('deals.board.count', { count: c.count, n: formatNumber(c.count) })}</span>
                <span data-testid="column-total">{formatMoneyFen(c.totalFen)}</span>
              </div>
            </div>
            <div className="deal-column-body">
              {allCards(c).map((card) => (
                <DealCard key={card.id} card={card} onOpen={() => navigate(`/deals/${card.id}`)} />
              ))}
              {!c.count ? <div className="deal-column-empty">{t('deals.board.empty')}</div> : null}
              {(more[c.stageId] ? more[c.stageId].cursor : c.nextCursor) ? (
                <Button block type="link" onClick={() => void loadMore(c)} data-testid="column-more">
                  {t('deals.board.loadMore')}
                </Button>
              ) : null}
            </div>
          </div>
        ))}
        <div className="deal-close-zones">
          {closed.map((c) => (
            <div
              key={c.stageId}
              className={`deal-close-zone ${c.kind}${dragOver === c.stageId ? ' drag-over' : ''}`}
              data-testid={`board-column-${c.stageId}`}
              data-stage-name={c.name}
              {...columnEvents(c)}
            >
              <Tag color={c.kind === 'won' ? 'green' : 'default'} data-testid="column-name">{shipped('stage', c.name)}</Tag>
              <div className="deal-column-stats">
                <span data-testid="column-count">{t('deals.board.count', { count: c.count, n: formatNumber(c.count) })}</span>
                <span data-testid="column-total">{formatMoneyFen(c.totalFen)}</span>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('deals.board.dropToClose')}
              </Typography.Text>
            </div>
          ))}
        </div>
      </div>
      <CloseDealDialog deal={closing?.deal ?? null} result={closing?.result} onClose={() => setClosing(null)} />
    </div>
  );
}

function DealCard({ card, onOpen }: { card: BoardCard; onOpen(): void }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      className="deal-card"
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData('text/plain', String(card.id));
        e.dataTransfer.effectAllowed = 'move';
      }}
      onClick={onOpen}
      data-testid={`deal-card-${card.id}`}
      data-deal-name={card.name}
    >
      <div className="deal-card-name">{card.name}</div>
      <div className="deal-card-customer">{card.customerName}</div>
      <div className="deal-card-foot">
        <strong>{formatMoneyFen(card.amountFen)}</strong>
        <span>{card.expectedCloseDate ? formatDate(card.expectedCloseDate) : ''}</span>
      </div>
      <div className="deal-card-owner">
        {card.ownerName ?? t('nav.pool')} · {card.probability}%
      </div>
      <DealCardCustom values={card.custom} />
    </Card>
  );
}

/** Up to three custom values of a card (form order, short types only), one per line. */
const CARD_TYPES = new Set(['singleSelect', 'multiSelect', 'boolean', 'text', 'number', 'money', 'date', 'phone']);
function DealCardCustom({ values }: { values: Record<string, unknown> | undefined }) {
  const fields = useFormSections('deal').flatMap((s) => s.fields);
  const shown = fields
    .filter((f) => CARD_TYPES.has(f.type))
    .filter((f) => {
      const v = values?.[f.key];
      return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length);
    })
    .slice(0, 3);
  if (!shown.length) return null;
  return (
    <div className="deal-card-custom" data-testid="deal-card-custom">
      {shown.map((f) => (
        <div key={f.key} data-testid={`deal-card-custom-${f.key}`}>
          <Typography.Text type="secondary">{fieldLabel(f)}：</Typography.Text>
          {displayCustomValue(f, values?.[f.key])}
        </div>
      ))}
    </div>
  );
}
