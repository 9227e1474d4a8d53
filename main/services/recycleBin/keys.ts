// Bin items are named '<entity>:<id>' in the API (ids of different tables may collide).
import type { BinEntity } from '../../contract/recycleBin';

export interface BinRef {
  entity: BinEntity;
  id: number;
}

export const TABLE_OF: Record<BinEntity, 'customers' | 'deals' | 'follow_ups'> = { customer: 'customers', deal: 'deals', followUp: 'follow_ups' };

export function parseKeys(keys: readonly string[]): BinRef[] {
  const seen = new Set<string>();
  const out: BinRef[] = [];
  for (const k of keys) {
    if (seen.has(k)) continue;
    seen.add(k);
    const [entity, id] = k.split(':');
    out.push({ entity: entity as BinEntity, id: Number(id) });
  }
  return out;
}

export const keyOf = (entity: string, id: number) => `${entity}:${id}`;
