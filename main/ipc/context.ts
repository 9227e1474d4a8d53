// What a handler gets: the app (db, clock, adapters) and the call (who, from which window, in which language).
import type { TFunction } from 'i18next';
import type { SessionUser } from '../contract/auth';
import type { ChannelDef, OutputOf, ParsedInputOf } from '../contract/define';
import type { Contract } from '../contract';
import type { Db } from '../../db/sql';
import type { SessionStore } from '../session/sessions';
import type { Platform } from '../platform/types';
import type { Locale } from '../i18n';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface Logger {
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}

/** Pushes an event to one window (caller); the preload's `on` / the harness's event stream deliver it. */
export interface EventSink {
  send(caller: string, event: string, payload: unknown): void;
}

export interface AppContext {
  db: Db;
  dataDir: string;
  dbFile: string;
  /** better_sqlite3.node built for the running runtime (Electron); workers pass it to their own connection */
  nativeBinding?: string;
  version: string;
  sessions: SessionStore;
  clock: Clock;
  platform: Platform;
  events: EventSink;
  log: Logger;
  /** installation-wide UI language (persisted in settings) */
  locale(): Locale;
}

export interface CallContext {
  app: AppContext;
  /** the window that called: webContents id in Electron, token in the harness */
  caller: string;
  locale: Locale;
  t: TFunction;
  /** the logged-in user, null only on public channels */
  user: SessionUser | null;
}

export interface UserCallContext extends CallContext {
  user: SessionUser;
}

export type Handler<D extends ChannelDef> = (
  input: ParsedInputOf<D>,
  ctx: D['access'] extends 'public' ? CallContext : UserCallContext,
) => OutputOf<D> | Promise<OutputOf<D>>;

export type HandlersOf<M extends Record<string, ChannelDef>> = { [K in keyof M]: Handler<M[K]> };
export type Handlers = HandlersOf<Contract>;
