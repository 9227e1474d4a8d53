// All translation bundles. A feature adds its strings by importing its i18n.ts here (namespaced by key).
import { common } from './common';

type Bundle = { 'zh-CN': Record<string, unknown>; en: Record<string, unknown> };
const bundles: Bundle[] = [common];

export const resources = {
  'zh-CN': { translation: Object.assign({}, ...bundles.map((b) => b['zh-CN'])) },
  en: { translation: Object.assign({}, ...bundles.map((b) => b.en)) },
};
