// A file path a channel takes (picked in a dialog of the calling window, or an entry of a list main gave).
import { z } from 'zod';

// A lone UTF-16 surrogate or a NUL names no file the system can open: the long fuzz run's path "\ud800" reached
// the backup worker and came back as INTERNAL. Such input is refused at the door with a field error.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const filePath = (max: number, min = 1) =>
  (min > 0 ? z.string().min(min) : z.string()).max(max).refine((s) => !s.includes('\0') && !LONE_SURROGATE.test(s), { message: 'validation.path' });
