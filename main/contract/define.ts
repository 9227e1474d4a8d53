// The building blocks of the contract: a channel is a name, a zod input schema, a zod output schema,
// who may call it and whether it changes data. main's dispatch, the preload's type and the renderer's
// client are all derived from the channel map built from these.
import { z } from 'zod';
import type { Permission } from './permissions';

export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'LOCKED',
  'UNKNOWN_CHANNEL',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/**
 * access:
 *  - 'public'  works without a session (app:info, auth:status, auth:setup, auth:login only)
 *  - 'session' needs a logged-in user; `permission` (if set) must be in the user's role
 */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  input: I;
  output: O;
  access: 'public' | 'session';
  permission: Permission | null;
  /** true when the channel may change stored data: it must write an audit row in the same transaction */
  mutates: boolean;
}

export function channel<I extends z.ZodType, O extends z.ZodType>(def: ChannelDef<I, O>): ChannelDef<I, O> {
  return def;
}

export type ChannelMap = Record<string, ChannelDef>;
export type InputOf<D extends ChannelDef> = z.input<D['input']>;
export type ParsedInputOf<D extends ChannelDef> = z.output<D['input']>;
export type OutputOf<D extends ChannelDef> = z.output<D['output']>;

/** Limits shared by every text field so an oversized string is an INVALID_INPUT, never a crash. */
export const LIMITS = {
  shortText: 200,
  longText: 20_000,
  password: 256,
  pageSize: 500,
} as const;

// Common schema pieces. Messages are keys resolved in the caller's language by dispatch.
export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const shortText = z.string().max(LIMITS.shortText);
export const longText = z.string().max(LIMITS.longText);
export const isoDateTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();
export const empty = z.object({}).strict().optional();
