// Users, roles and security settings (权限设置). Password hashes never appear in any output here.
import { z } from 'zod';
import { channel, empty, id } from './define';
import { displayNameSchema, passwordSchema, usernameSchema } from './auth';
import { PERMISSIONS } from './permissions';

export const userRowSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roleId: z.number().int(),
  roleName: z.string(),
  disabled: z.boolean(),
  disabledAt: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  /** set while the account waits after too many wrong passwords */
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type UserRow = z.infer<typeof userRowSchema>;

export const roleNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'validation.required' })
  .max(30, { message: 'validation.tooLong' });

export const roleRowSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** 'admin' | 'manager' | 'sales' for the shipped roles (cannot be deleted), null for custom roles */
  builtinKey: z.string().nullable(),
  permissions: z.array(z.enum(PERMISSIONS)),
  scope: z.enum(['own', 'all']),
  /** active and disabled users holding the role */
  userCount: z.number().int(),
  version: z.number().int(),
});
export type RoleRow = z.infer<typeof roleRowSchema>;

export const securitySettingsSchema = z.object({
  /** minutes without input before the window locks and returns to the login screen; 0 = never */
  idleMinutes: z.number().int().min(0).max(24 * 60),
});
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

const permissionsInput = z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length);

export const usersContract = {
  'users:list': channel({
    summary: 'Every user account with its role and state (never the password hash).',
    input: empty,
    output: z.object({ users: z.array(userRowSchema) }),
    access: 'session',
    permission: 'users.manage',
    mutates: false,
  }),
  'users:options': channel({
    summary: 'Names of the users (id, display name, active) for owner pickers such as the transfer dialog, and of the roles (id, name) for the audit trail.',
    input: empty,
    output: z.object({
      users: z.array(z.object({ id: z.number().int(), displayName: z.string(), roleName: z.string(), active: z.boolean() })),
      roles: z.array(z.object({ id: z.number().int(), name: z.string() })),
    }),
    access: 'session',
    permission: null,
    mutates: false,
  }),
  'users:create': channel({
    summary: 'Create a user with a role and an initial password.',
    input: z
      .object({ username: usernameSchema, displayName: displayNameSchema, password: passwordSchema, roleId: id })
      .strict(),
    output: userRowSchema,
    access: 'session',
    permission: 'users.manage',
    mutates: true,
  }),
  'users:update': channel({
    summary: "Change a user's display name or role. Their open sessions pick up the new role at once.",
    input: z
      .object({ id, version: z.number().int().min(1), displayName: displayNameSchema.optional(), roleId: id.optional() })
      .strict(),
    output: userRowSchema,
    access: 'session',
    permission: 'users.manage',
    mutates: true,
  }),
  'users:disable': channel({
    summary: 'Disable an account: it can no longer log in and its open sessions end. Its records stay.',
    input: z.object({ id }).strict(),
    output: userRowSchema,
    access: 'session',
    permission: 'users.manage',
    mutates: true,
  }),
  'users:enable': channel({
    summary: 'Enable a disabled account again.',
    input: z.object({ id }).strict(),
    output: userRowSchema,
    access: 'session',
    permission: 'users.manage',
    mutates: true,
  }),
  'users:resetPassword': channel({
    summary: "Set a new password for a user (clears a login lockout); the user's other sessions end.",
    input: z.object({ id, newPassword: passwordSchema }).strict(),
    output: z.object({ reset: z.boolean() }),
    access: 'session',
    permission: 'users.manage',
    mutates: true,
  }),
  'roles:list': channel({
    summary: 'Every role with its permissions, data scope and how many users hold it.',
    input: empty,
    output: z.object({ roles: z.array(roleRowSchema) }),
    access: 'session',
    permission: 'roles.manage',
    mutates: false,
  }),
  'roles:create': channel({
    summary: 'Create a custom role (name, permissions, data scope own | all).',
    input: z.object({ name: roleNameSchema, permissions: permissionsInput, scope: z.enum(['own', 'all']) }).strict(),
    output: roleRowSchema,
    access: 'session',
    permission: 'roles.manage',
    mutates: true,
  }),
  'roles:update': channel({
    summary:
      "Change a role's name, permissions or scope (built-in roles too). Sessions of its users refresh at once. " +
      'Refused if no active user could manage users and roles afterwards.',
    input: z
      .object({
        id,
        version: z.number().int().min(1),
        name: roleNameSchema.optional(),
        permissions: permissionsInput.optional(),
        scope: z.enum(['own', 'all']).optional(),
      })
      .strict(),
    output: roleRowSchema,
    access: 'session',
    permission: 'roles.manage',
    mutates: true,
  }),
  'roles:delete': channel({
    summary: 'Delete a custom role that no user holds. Built-in roles cannot be deleted.',
    input: z.object({ id }).strict(),
    output: z.object({ deleted: z.boolean() }),
    access: 'session',
    permission: 'roles.manage',
    mutates: true,
  }),
  'security:settings': channel({
    summary: 'Security settings every window needs (idle lock minutes).',
    input: empty,
    output: securitySettingsSchema,
    access: 'session',
    permission: null,
    mutates: false,
  }),
  'security:updateSettings': channel({
    summary: 'Change the security settings (idle lock minutes, 0 = never lock).',
    input: securitySettingsSchema.strict(),
    output: securitySettingsSchema,
    access: 'session',
    permission: 'settings.manage',
    mutates: true,
  }),
};
