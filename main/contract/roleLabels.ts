import { BUILTIN_ROLES, type BuiltinRoleKey } from './permissions';

// The shipped roles' names in each UI language; shared by main and the renderer (as PERMISSION_LABELS). How a role
// name is shown: roleLabel() in shippedLabels.ts.
export const BUILTIN_ROLE_LABELS: Record<BuiltinRoleKey, { 'zh-CN': string; en: string }> = {
  admin: { 'zh-CN': BUILTIN_ROLES.admin.name, en: 'Administrator' },
  manager: { 'zh-CN': BUILTIN_ROLES.manager.name, en: 'Sales manager' },
  sales: { 'zh-CN': BUILTIN_ROLES.sales.name, en: 'Sales rep' },
};
