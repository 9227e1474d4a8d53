// The one contract: every channel of every domain. Adding a domain = one import and one spread here,
// plus its handlers in main/ipc/handlers.ts (a missing handler is a compile error there).
import type { ChannelMap, InputOf, OutputOf } from './define';
import { appContract } from './app';
import { authContract } from './auth';
import { customersContract } from './customers';
import { usersContract } from './users';
import { transferContract } from './transfer';
import { poolContract } from './pool';
import { notificationsContract } from './notifications';
import { dealsContract } from './deals';
import { backupContract } from './backup';
import { dialogContract } from './dialog';
import { followUpsContract } from './followUps';
import { remindersContract } from './reminders';
import { automationsContract } from './automations';
import { reportsContract } from './reports';
import { importContract } from './import';
import { exportContract } from './export';
import { recycleBinContract } from './recycleBin';
import { auditContract } from './audit';
import { fieldsContract } from './fields';

export const contract = {
  ...appContract,
  ...authContract,
  ...customersContract,
  ...usersContract,
  ...transferContract,
  ...poolContract,
  ...notificationsContract,
  ...dealsContract,
  ...backupContract,
  ...dialogContract,
  ...followUpsContract,
  ...remindersContract,
  ...automationsContract,
  ...reportsContract,
  ...importContract,
  ...exportContract,
  ...recycleBinContract,
  ...auditContract,
  ...fieldsContract,
} satisfies ChannelMap;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<C extends ChannelName> = InputOf<Contract[C]>;
export type ChannelOutput<C extends ChannelName> = OutputOf<Contract[C]>;

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];
export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export type { Envelope, ErrorCode, AppErrorShape } from './define';
