import { BUILTIN_ROLES, type BuiltinRoleKey } from './permissions';

// The shipped roles' names in each UI language; shared by main and the renderer (as PERMISSION_LABELS).
export const BUILTIN_ROLE_LABELS: Record<BuiltinRoleKey, { 'zh-CN': string; en: string }> = {
  admin: { 'zh-CN': BUILTIN_ROLES.admin.name, en: 'Administrator' },
  manager: { 'zh-CN': BUILTIN_ROLES.manager.name, en: 'Sales manager' },
  sales: { 'zh-CN': BUILTIN_ROLES.sales.name, en: 'Sales rep' },
};

const SHIPPED = new Map(Object.values(BUILTIN_ROLE_LABELS).map((l) => [l['zh-CN'], l]));

/**
 * A role's name as the UI shows it. Role names are data (roles.name); the three shipped names are our words, so
 * a role still called by one of them is shown in the UI language, and a name a user typed (a renamed built-in
 * role, a custom role) is shown as typed. roles.name is UNIQUE, so the name alone tells: the caller needs no
 * builtin key (the session, the users list and the owner pickers carry only the name).
 */
export function roleLabel(name: string, locale: 'zh-CN' | 'en'): string {
  return SHIPPED.get(name)?.[locale] ?? name;
}
