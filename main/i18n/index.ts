// Messages main sends to the user (errors, notifications) in the installation's language.
import i18next, { type TFunction } from 'i18next';
import { zhCN } from './zh-CN';
import { en } from './en';

export type Locale = 'zh-CN' | 'en';
export const DEFAULT_LOCALE: Locale = 'zh-CN';

const instance = i18next.createInstance();
void instance.init({
  initImmediate: false,
  lng: DEFAULT_LOCALE,
  fallbackLng: 'en',
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  interpolation: { escapeValue: false },
  returnNull: false,
} as Parameters<typeof instance.init>[0]);

export function tFor(locale: Locale): TFunction {
  return instance.getFixedT(locale);
}

export function isLocale(v: unknown): v is Locale {
  return v === 'zh-CN' || v === 'en';
}
