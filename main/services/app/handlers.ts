import type { HandlersOf } from '../../ipc/context';
import type { appContract } from '../../contract/app';
import { SCHEMA_VERSION } from '../../../db/migrations';
import { recordAudit } from '../audit/record';
import { actor } from '../audit/actor';
import { setSetting } from '../settings/store';

export const appHandlers: HandlersOf<typeof appContract> = {
  'app:info': (_input, ctx) => ({
    version: ctx.app.version,
    schemaVersion: SCHEMA_VERSION,
    dataDir: ctx.app.dataDir,
    locale: ctx.app.locale(),
  }),
  'app:setLocale': (input, ctx) => {
    const { db } = ctx.app;
    const old = ctx.app.locale();
    if (old !== input.locale) {
      db.tx(() => {
        setSetting(db, 'locale', input.locale);
        recordAudit(db, { ...actor(ctx), action: 'settings.update', entity: 'settings', changes: [{ field: 'locale', old, new: input.locale }] });
      });
    }
    return { locale: input.locale };
  },
};
