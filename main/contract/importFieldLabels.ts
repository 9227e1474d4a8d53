import type { ImportFieldKey } from './import';

// The customer fields' names in an import (the wizard's mapping, the template's headers, main's cell messages,
// export columns): one list for main's bundle (main/i18n/impex.ts) and the renderer's (features/import/i18n.ts),
// as PERMISSION_LABELS.
export const IMPORT_FIELD_LABELS: Record<ImportFieldKey, { 'zh-CN': string; en: string }> = {
  name: { 'zh-CN': '客户名称', en: 'Name' },
  kind: { 'zh-CN': '客户类型', en: 'Type' },
  contactName: { 'zh-CN': '联系人', en: 'Contact' },
  gender: { 'zh-CN': '性别', en: 'Gender' },
  birthday: { 'zh-CN': '生日', en: 'Birthday' },
  mobile: { 'zh-CN': '手机', en: 'Mobile' },
  phone: { 'zh-CN': '电话', en: 'Landline' },
  email: { 'zh-CN': '邮箱', en: 'Email' },
  wechat: { 'zh-CN': '微信', en: 'WeChat' },
  province: { 'zh-CN': '省份', en: 'Province' },
  city: { 'zh-CN': '城市', en: 'City' },
  address: { 'zh-CN': '地址', en: 'Address' },
  industry: { 'zh-CN': '行业', en: 'Industry' },
  company: { 'zh-CN': '公司', en: 'Company' },
  position: { 'zh-CN': '职位', en: 'Position' },
  source: { 'zh-CN': '来源', en: 'Source' },
  level: { 'zh-CN': '意向等级', en: 'Intent' },
  status: { 'zh-CN': '状态', en: 'Status' },
  tags: { 'zh-CN': '标签', en: 'Tags' },
  owner: { 'zh-CN': '负责人', en: 'Owner' },
  notes: { 'zh-CN': '备注', en: 'Notes' },
};

/** The labels of one language, as an i18n bundle's `fields` object. */
export function importFieldLabels(locale: 'zh-CN' | 'en'): Record<ImportFieldKey, string> {
  return Object.fromEntries(Object.entries(IMPORT_FIELD_LABELS).map(([k, l]) => [k, l[locale]])) as Record<ImportFieldKey, string>;
}
