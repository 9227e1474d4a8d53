// Line items editor: product, quantity, unit price (yuan → fen), discount (% → basis points) and the
// line total computed with the same integer arithmetic main stores (contract/dealMoney.ts).
import { Button, Input, InputNumber, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { bpToPercentText, itemsTotalFen, lineTotalFen, parsePercentToBp } from '@contract/dealMoney';
import type { DealItem } from '@contract/deals';
import { formatMoneyFen } from '../../lib/format';
import { MoneyInput } from './MoneyInput';

export interface ItemDraft {
  key: string;
  product: string;
  description: string;
  quantity: number | null;
  unitPriceFen: number | null;
  discountText: string;
}

let nextKey = 1;
export const newItemDraft = (): ItemDraft => ({ key: `n${nextKey++}`, product: '', description: '', quantity: 1, unitPriceFen: null, discountText: '' });
export const draftsFromItems = (items: DealItem[]): ItemDraft[] =>
  items.map((i) => ({
    key: `i${i.id}`,
    product: i.product,
    description: i.description ?? '',
    quantity: i.quantity,
    unitPriceFen: i.unitPriceFen,
    discountText: i.discountBp ? bpToPercentText(i.discountBp) : '',
  }));

/** The API form of the drafts; null if a line is not valid yet (the editor shows which). */
export function itemsFromDrafts(drafts: ItemDraft[]) {
  const out = [];
  for (const d of drafts) {
    const bp = d.discountText.trim() === '' ? 0 : parsePercentToBp(d.discountText);
    if (d.quantity === null || !Number.isSafeInteger(d.unitPriceFen ?? NaN) || bp === null) return null;
    out.push({ product: d.product, description: d.description || null, quantity: d.quantity, unitPriceFen: d.unitPriceFen!, discountBp: bp });
  }
  return out;
}

export type ItemProblem = { row: number; key: 'product' | 'quantity' | 'unitPrice' | 'discount' | 'tooLarge' };

/** The first line that cannot be saved and why (row counts from 1, as the user sees the table), or null. */
export function itemsProblem(drafts: readonly ItemDraft[]): ItemProblem | null {
  for (const [i, d] of drafts.entries()) {
    const row = i + 1;
    if (!d.product.trim()) return { row, key: 'product' };
    if (d.quantity === null) return { row, key: 'quantity' };
    if (d.unitPriceFen === null || !Number.isSafeInteger(d.unitPriceFen)) return { row, key: 'unitPrice' };
    const bp = d.discountText.trim() === '' ? 0 : parsePercentToBp(d.discountText);
    if (bp === null) return { row, key: 'discount' };
    if (lineTotalFen({ quantity: d.quantity, unitPriceFen: d.unitPriceFen, discountBp: bp }) === null) return { row, key: 'tooLarge' };
  }
  return null;
}

export function draftsTotalFen(drafts: ItemDraft[]): number | null {
  const items = itemsFromDrafts(drafts);
  return items ? itemsTotalFen(items) : null;
}

interface Props {
  value?: ItemDraft[];
  onChange?(v: ItemDraft[]): void;
  readOnly?: boolean;
}

export function ItemsEditor({ value = [], onChange, readOnly }: Props) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<ItemDraft>) => onChange?.(value.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const total = draftsTotalFen(value);
  const line = (d: ItemDraft) => {
    const bp = d.discountText.trim() === '' ? 0 : parsePercentToBp(d.discountText);
    if (d.quantity === null || d.unitPriceFen === null || !Number.isSafeInteger(d.unitPriceFen) || bp === null) return null;
    return lineTotalFen({ quantity: d.quantity, unitPriceFen: d.unitPriceFen, discountBp: bp });
  };
  return (
    <div data-testid="deal-items">
      <Table<ItemDraft>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={value}
        locale={{ emptyText: t('deals.items.empty') }}
        columns={[
          {
            title: t('deals.items.product'),
            onCell: () => ({ style: { minWidth: 160 } }),
            render: (_v, d, i) =>
              readOnly ? d.product : <Input value={d.product} onChange={(e) => set(i, { product: e.target.value })} data-testid={`item-product-${i}`} />,
          },
          {
            title: t('deals.items.quantity'),
            width: 84,
            render: (_v, d, i) =>
              readOnly ? d.quantity : (
                <InputNumber min={0} precision={0} value={d.quantity} onChange={(v) => set(i, { quantity: v === null ? null : Math.trunc(Number(v)) })} style={{ width: '100%' }} data-testid={`item-quantity-${i}`} />
              ),
          },
          {
            title: t('deals.items.unitPrice'),
            width: 128,
            render: (_v, d, i) =>
              readOnly ? formatMoneyFen(d.unitPriceFen) : <MoneyInput value={d.unitPriceFen} onChange={(v) => set(i, { unitPriceFen: v })} data-testid={`item-price-${i}`} />,
          },
          {
            title: t('deals.items.discount'),
            width: 92,
            render: (_v, d, i) =>
              readOnly ? (d.discountText ? `${d.discountText}%` : '') : (
                <Input
                  suffix="%"
                  value={d.discountText}
                  status={d.discountText && parsePercentToBp(d.discountText) === null ? 'error' : undefined}
                  onChange={(e) => set(i, { discountText: e.target.value })}
                  data-testid={`item-discount-${i}`}
                />
              ),
          },
          {
            title: t('deals.items.total'),
            width: 120,
            align: 'right',
            render: (_v, d, i) => <span data-testid={`item-total-${i}`}>{formatMoneyFen(line(d))}</span>,
          },
          ...(readOnly
            ? []
            : [
                {
                  width: 44,
                  render: (_v: unknown, _d: ItemDraft, i: number) => (
                    <Button type="text" icon={<DeleteOutlined />} aria-label="remove" onClick={() => onChange?.(value.filter((_x, j) => j !== i))} />
                  ),
                },
              ]),
        ]}
        summary={() =>
          value.length ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('deals.items.rounding')}
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <strong data-testid="items-sum">{formatMoneyFen(total)}</strong>
              </Table.Summary.Cell>
              {readOnly ? null : <Table.Summary.Cell index={2} />}
            </Table.Summary.Row>
          ) : null
        }
      />
      {readOnly ? null : (
        <Button type="dashed" icon={<PlusOutlined />} onClick={() => onChange?.([...value, newItemDraft()])} style={{ marginTop: 8 }} data-testid="item-add">
          {t('deals.items.add')}
        </Button>
      )}
    </div>
  );
}
