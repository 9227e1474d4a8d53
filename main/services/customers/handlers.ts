// Replaced by the customers service (issue 3). Kept compiling so the contract has a handler per channel.
import type { HandlersOf } from '../../ipc/context';
import type { customersContract } from '../../contract/customers';
import { AppError } from '../../ipc/errors';

const notYet = () => {
  throw new AppError('INTERNAL', 'The customer module is not built yet.');
};

export const customersHandlers: HandlersOf<typeof customersContract> = {
  'customers:list': notYet,
  'customers:get': notYet,
  'customers:create': notYet,
  'customers:update': notYet,
  'customers:delete': notYet,
  'customers:deletePreview': notYet,
  'customers:batchPreview': notYet,
  'customers:batchUpdate': notYet,
  'customers:findDuplicates': notYet,
  'customers:options': notYet,
  'views:list': notYet,
  'views:save': notYet,
  'views:delete': notYet,
};
