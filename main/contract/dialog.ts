// File dialogs. In the app they are Electron's dialogs and the chosen path is granted to the calling
// window (main/platform/pathGrants.ts); channels that take a `path` accept only granted paths.
// In the browser harness the answers are scripted by the test (POST /api/dialog).
import { z } from 'zod';
import { channel, shortText } from './define';

const filterSchema = z.object({ name: shortText, extensions: z.array(z.string().max(16)).max(20) }).strict();

export const dialogContract = {
  'dialog:openFile': channel({
    summary: 'Ask the user for a file to read; the path is granted to this window for reading. null when cancelled.',
    input: z.object({ title: shortText.optional(), filters: z.array(filterSchema).max(10).optional() }).strict().optional(),
    output: z.object({ path: z.string().nullable() }),
    access: 'session',
    permission: null,
    mutates: false,
  }),
  'dialog:saveFile': channel({
    summary: 'Ask the user where to write a file; the path is granted to this window for writing. null when cancelled.',
    input: z
      .object({ title: shortText.optional(), defaultName: shortText.optional(), filters: z.array(filterSchema).max(10).optional() })
      .strict()
      .optional(),
    output: z.object({ path: z.string().nullable() }),
    access: 'session',
    permission: null,
    mutates: false,
  }),
};
