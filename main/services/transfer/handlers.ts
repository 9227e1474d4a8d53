import type { HandlersOf } from '../../ipc/context';
import type { transferContract } from '../../contract/transfer';
import { transferCustomers } from './transferCustomers';

export const transferHandlers: HandlersOf<typeof transferContract> = {
  'customers:transfer': (input, ctx) => transferCustomers(ctx, input),
};
