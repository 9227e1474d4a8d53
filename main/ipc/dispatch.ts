// The single entry for every call from a renderer, over Electron IPC or the browser harness:
// allow-list -> zod input -> session -> permission -> handler -> envelope. No 'electron' import here.
import { z } from 'zod';
import { zhCN as zodZh } from 'zod/v4/locales';
import { en as zodEn } from 'zod/v4/locales';
import { contract, isChannelName, type Contract } from '../contract';
import type { ChannelDef, Envelope } from '../contract/define';
import { PERMISSION_LABELS } from '../contract/permissionLabels';
import { AppError } from './errors';
import { isJsonShaped } from './jsonInput';
import type { AppContext, CallContext, Handlers } from './context';
import { tFor, type Locale } from '../i18n';

type ZodErrorMap = z.core.$ZodErrorMap;

/**
 * zod's own texts for the limits people hit while typing speak of types ("数值过大：期望 string <=100 字符",
 * "Too big: expected string to have <=100 characters"): say it in the user's words instead. Everything
 * else keeps zod's localized text; a schema's own message wins over both.
 */
function withAppTexts(locale: Locale, base: ZodErrorMap): ZodErrorMap {
  const t = tFor(locale);
  return (issue) => {
    if (issue.code === 'too_big' || issue.code === 'too_small') {
      const limit = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
      if (issue.origin === 'string') {
        if (issue.code === 'too_big') return t('validation.textTooLong', { max: limit });
        return limit <= 1 ? t('validation.required') : t('validation.textTooShort', { min: limit });
      }
      // bounds that exclude the limit (positive(), lt()) keep zod's text: "不能小于 0" would be wrong for 0
      if (issue.origin === 'number' && issue.inclusive !== false) return t(issue.code === 'too_big' ? 'validation.numberTooBig' : 'validation.numberTooSmall', { limit });
      if (issue.origin === 'array' && issue.code === 'too_big') return t('validation.tooManyItems', { max: limit });
    }
    return base(issue);
  };
}

const zodLocales = { 'zh-CN': withAppTexts('zh-CN', zodZh().localeError), en: withAppTexts('en', zodEn().localeError) } as const;

export interface DispatchOptions {
  /** channels/handlers to use instead of the app's (tests only) */
  contract?: Record<string, ChannelDef>;
}

export type Dispatch = (caller: string, channel: unknown, input: unknown) => Promise<Envelope<unknown>>;

export function createDispatch(app: AppContext, handlers: Handlers, opts: DispatchOptions = {}): Dispatch {
  const channels = (opts.contract ?? contract) as Record<string, ChannelDef>;
  const table = handlers as unknown as Record<string, (input: unknown, ctx: CallContext) => unknown>;
  const known = (name: unknown): name is string =>
    opts.contract ? typeof name === 'string' && Object.hasOwn(channels, name) : isChannelName(name);

  return async function dispatch(caller, channelName, input) {
    const locale = app.locale();
    const t = tFor(locale);
    try {
      if (!known(channelName)) {
        throw new AppError('UNKNOWN_CHANNEL', t('errors.unknownChannel', { channel: String(channelName).slice(0, 80) }));
      }
      const def = channels[channelName];
      if (!isJsonShaped(input)) throw new AppError('INVALID_INPUT', t('errors.notJson'), { fieldErrors: { _: t('errors.notJson') } });
      const parsed = def.input.safeParse(input, { error: zodLocales[locale] });
      if (!parsed.success) throw zodToAppError(parsed.error, locale);

      const session = app.sessions.get(caller);
      if (def.access === 'session' && !session) throw new AppError('UNAUTHENTICATED', t('errors.unauthenticated'));
      if (def.permission && !session?.user.permissions.includes(def.permission)) {
        throw new AppError('FORBIDDEN', t('errors.forbidden', { permission: PERMISSION_LABELS[def.permission][locale] }), {
          permission: def.permission,
        });
      }
      if (session) app.sessions.touch(caller, app.clock.now());

      const ctx: CallContext = { app, caller, locale, t, user: session?.user ?? null };
      const value = await table[channelName](parsed.data, ctx);
      return { ok: true, value: value === undefined ? null : value };
    } catch (e) {
      return { ok: false, error: toErrorShape(e, app, t, String(channelName)) };
    }
  };
}

function toErrorShape(e: unknown, app: AppContext, t: (k: string) => string, channel: string) {
  if (e instanceof AppError) {
    return e.details === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, details: e.details };
  }
  // Every unexpected failure is logged with its stack; the user sees only a sentence (never the raw text).
  app.log.error(`channel ${channel} failed`, { error: e instanceof Error ? e.stack : String(e) });
  const code = (e as { code?: unknown })?.code;
  const sqliteCode = typeof code === 'string' ? code : '';
  if (sqliteCode === 'SQLITE_FULL') return { code: 'INTERNAL' as const, message: t('errors.diskFull'), details: { reason: 'disk-full' } };
  // extended codes too: SQLITE_READONLY_DBMOVED, SQLITE_READONLY_DIRECTORY, ...
  if (sqliteCode.startsWith('SQLITE_READONLY') || sqliteCode === 'SQLITE_CANTOPEN' || sqliteCode === 'SQLITE_IOERR_WRITE')
    return { code: 'INTERNAL' as const, message: t('errors.readOnly'), details: { reason: 'read-only' } };
  if (sqliteCode === 'SQLITE_BUSY') return { code: 'INTERNAL' as const, message: t('errors.busy'), details: { reason: 'busy' } };
  return { code: 'INTERNAL' as const, message: t('errors.internal') };
}

/** Field errors keyed by dotted path, each a sentence in the user's language. */
export function zodToAppError(error: z.ZodError, locale: Locale): AppError {
  const t = tFor(locale);
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const prefix = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      // name each unexpected field, so the caller sees which one to drop
      for (const k of issue.keys) {
        const key = prefix ? `${prefix}.${k}` : k;
        fieldErrors[key] ??= t('validation.unknownField');
      }
      continue;
    }
    const key = prefix || '_';
    if (fieldErrors[key]) continue;
    const msg = issue.message.startsWith('validation.') ? t(issue.message) : issue.message;
    fieldErrors[key] = msg;
  }
  const first = Object.entries(fieldErrors)[0];
  const detail = first ? (first[0] === '_' ? first[1] : `${first[0]}: ${first[1]}`) : '';
  return new AppError('INVALID_INPUT', t('errors.invalidInput', { detail }), { fieldErrors });
}

export type { Contract };
