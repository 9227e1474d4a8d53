// The one contract: every channel of every domain. Adding a domain = one import and one spread here,
// plus its handlers in main/ipc/handlers.ts (a missing handler is a compile error there).
import type { ChannelMap, InputOf, OutputOf } from './define';
import { appContract } from './app';
import { authContract } from './auth';
import { customersContract } from './customers';

export const contract = {
  ...appContract,
  ...authContract,
  ...customersContract,
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
