import type { HandlersOf } from '../../ipc/context';
import type { usersContract } from '../../contract/users';
import { userHandlers } from './userHandlers';
import { roleHandlers } from './roleHandlers';

export const usersHandlers: HandlersOf<typeof usersContract> = { ...userHandlers, ...roleHandlers };
