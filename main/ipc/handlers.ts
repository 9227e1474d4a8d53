// Every channel's handler. Typed against the contract: a channel without a handler does not compile.
import type { Handlers } from './context';
import { appHandlers } from '../services/app/handlers';
import { authHandlers } from '../services/auth/handlers';
import { customersHandlers } from '../services/customers/handlers';

export const handlers: Handlers = {
  ...appHandlers,
  ...authHandlers,
  ...customersHandlers,
};
