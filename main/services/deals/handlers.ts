// The deal channels (issue #6). Rules live in the modules beside this one; this file only wires them.
import type { HandlersOf } from '../../ipc/context';
import type { dealsContract } from '../../contract/deals';
import { listDeals } from './list';
import { listDealsByCustomField } from './customSort';
import { dealBoard } from './board';
import { getDeal } from './detail';
import { createDeal, deleteDeals, moveDealStage, updateDeal } from './edit';
import { closeDeal, reopenDeal } from './closing';
import { listLossReasons, listStages, updateLossReasons, updateStages } from './stages';

export const dealsHandlers: HandlersOf<typeof dealsContract> = {
  'deals:list': (input, ctx) => (input.customSort ? listDealsByCustomField(input, input.customSort, ctx) : listDeals(input, ctx)),
  'deals:board': (input, ctx) => dealBoard(input, ctx),
  'deals:get': (input, ctx) => getDeal(input.id, ctx),
  'deals:create': (input, ctx) => createDeal(input, ctx),
  'deals:update': (input, ctx) => updateDeal(input, ctx),
  'deals:moveStage': (input, ctx) => moveDealStage(input, ctx),
  'deals:close': (input, ctx) => closeDeal(input, ctx),
  'deals:reopen': (input, ctx) => reopenDeal(input, ctx),
  'deals:delete': (input, ctx) => deleteDeals(input, ctx),
  'deals:options': (_input, ctx) => {
    const { db } = ctx.app;
    const owners = db.prepare('SELECT id, display_name, disabled_at FROM users ORDER BY disabled_at IS NOT NULL, id').all() as {
      id: number;
      display_name: string;
      disabled_at: string | null;
    }[];
    return {
      stages: listStages(db),
      lossReasons: listLossReasons(db),
      owners: owners.map((o) => ({ id: o.id, displayName: o.display_name, active: !o.disabled_at })),
    };
  },
  'stages:list': (input, ctx) => ({ stages: listStages(ctx.app.db, input?.includeArchived) }),
  'stages:update': (input, ctx) => updateStages(input, ctx),
  'lossReasons:list': (_input, ctx) => ({ reasons: listLossReasons(ctx.app.db) }),
  'lossReasons:update': (input, ctx) => updateLossReasons(input, ctx),
};
