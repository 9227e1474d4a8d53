import { z } from 'zod';
import { channel, empty, LIMITS, shortText } from './define';
import { PERMISSIONS } from './permissions';

export const usernameSchema = z
  .string()
  .trim()
  .min(2, { message: 'validation.username.tooShort' })
  .max(32, { message: 'validation.username.tooLong' })
  .regex(/^[A-Za-z0-9_.@-]+$/, { message: 'validation.username.chars' });

export const passwordSchema = z
  .string()
  .min(8, { message: 'validation.password.tooShort' })
  .max(LIMITS.password, { message: 'validation.password.tooLong' });

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'validation.required' })
  .max(50, { message: 'validation.tooLong' });

export const sessionUserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roleId: z.number().int(),
  roleName: z.string(),
  scope: z.enum(['own', 'all']),
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const authContract = {
  'auth:status': channel({
    summary: 'Whether the first-run setup is still needed, and who is logged in on this window.',
    input: empty,
    output: z.object({ needsSetup: z.boolean(), user: sessionUserSchema.nullable() }),
    access: 'public',
    permission: null,
    mutates: false,
  }),
  'auth:setup': channel({
    summary: 'First run only: create the owner (administrator) account and log it in.',
    input: z
      .object({ username: usernameSchema, password: passwordSchema, displayName: displayNameSchema })
      .strict(),
    output: z.object({ user: sessionUserSchema }),
    access: 'public',
    permission: null,
    mutates: true,
  }),
  'auth:login': channel({
    summary: 'Log in on this window. Wrong passwords count towards a lockout with growing delays.',
    input: z.object({ username: shortText, password: z.string().max(LIMITS.password) }).strict(),
    output: z.object({ user: sessionUserSchema }),
    access: 'public',
    permission: null,
    mutates: true,
  }),
  'auth:logout': channel({
    summary: 'End the session of this window.',
    input: empty,
    output: z.object({ loggedOut: z.boolean() }),
    access: 'session',
    permission: null,
    mutates: true,
  }),
  'auth:changePassword': channel({
    summary: "Change the logged-in user's own password (needs the current one).",
    input: z.object({ oldPassword: z.string().max(LIMITS.password), newPassword: passwordSchema }).strict(),
    output: z.object({ changed: z.boolean() }),
    access: 'session',
    permission: null,
    mutates: true,
  }),
};
