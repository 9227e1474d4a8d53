// pool:list — the customers list restricted to customers without an owner: same search, filters,
// sort and keyset paging as customers:list (it is the customers service's list function).
import type { UserCallContext } from '../../ipc/context';
import type { ChannelInput, ChannelOutput } from '../../contract';
import { listCustomers } from '../customers/list';
import { claimsLeft } from './settings';

type Input = NonNullable<ChannelInput<'pool:list'>>;
type Output = ChannelOutput<'pool:list'>;

export function listPool(ctx: UserCallContext, input: Input): Output {
  const { db, clock } = ctx.app;
  const page = listCustomers(
    db,
    ctx.user,
    { ...input, limit: input.limit ?? 50, filter: { ...input.filter, ownerIds: [null] } },
    clock.now(),
    () => ctx.t('customers.errors.badCursor'),
  );
  return { ...page, claimsLeft: claimsLeft(db, ctx.user, clock.now()) };
}
