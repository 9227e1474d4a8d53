// Saved column mappings (header text -> field), shared by everyone who imports on this installation.
import type { UserCallContext } from '../../ipc/context';
import type { SavedImportMapping } from '../../contract/import';
import { getSetting, setSetting } from '../settings/store';
import { recordAudit } from '../audit/record';
import { actor } from '../audit/actor';

const KEY = 'import.mappings';
const MAX = 50;

export function listMappings(ctx: UserCallContext): SavedImportMapping[] {
  const v = getSetting<unknown>(ctx.app.db, KEY, []);
  return Array.isArray(v) ? (v as SavedImportMapping[]) : [];
}

export function saveMapping(ctx: UserCallContext, input: { name: string; columns: SavedImportMapping['columns'] }): SavedImportMapping {
  const saved: SavedImportMapping = { name: input.name, columns: input.columns, savedAt: ctx.app.clock.now().toISOString() };
  ctx.app.db.tx(() => {
    const rest = listMappings(ctx).filter((m) => m.name !== input.name);
    setSetting(ctx.app.db, KEY, [saved, ...rest].slice(0, MAX));
    recordAudit(ctx.app.db, { ...actor(ctx), action: 'import.saveMapping', entity: 'setting', summary: input.name });
  });
  return saved;
}
