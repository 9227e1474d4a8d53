// The dialog channels only forward to the platform adapter, which records the grant for the caller.
import type { HandlersOf } from '../../ipc/context';
import type { dialogContract } from '../../contract/dialog';

export const dialogHandlers: HandlersOf<typeof dialogContract> = {
  'dialog:openFile': async (input, ctx) => ({
    path: await ctx.app.platform.dialogs.openFile(ctx.caller, { title: input?.title, filters: input?.filters }),
  }),
  'dialog:saveFile': async (input, ctx) => ({
    path: await ctx.app.platform.dialogs.saveFile(ctx.caller, { title: input?.title, defaultName: input?.defaultName, filters: input?.filters }),
  }),
};
