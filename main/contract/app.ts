import { z } from 'zod';
import { channel, empty } from './define';

export const localeSchema = z.enum(['zh-CN', 'en']);

export const appContract = {
  'app:info': channel({
    summary: 'Version, schema version, data folder and UI language of this installation.',
    input: empty,
    output: z.object({
      version: z.string(),
      schemaVersion: z.number().int(),
      dataDir: z.string(),
      locale: localeSchema,
    }),
    access: 'public',
    permission: null,
    mutates: false,
  }),
  'app:setLocale': channel({
    summary: "Remember the UI language (zh-CN or en) for this installation and the caller's session.",
    input: z.object({ locale: localeSchema }).strict(),
    output: z.object({ locale: localeSchema }),
    access: 'public',
    permission: null,
    mutates: true,
  }),
};
