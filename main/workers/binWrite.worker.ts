// Worker thread for a delete of many customers to the recycle bin, or a restore of many records from it: at 1M
// customers 10,000 with their deals and follow-ups take seconds, and better-sqlite3 is synchronous, so it must
// not run on main's event loop. Started by main/services/customers/softDelete.ts and recycleBin/restore.ts; the
// work itself is main/services/recycleBin/binTask.ts. After each chunk it posts the chunk and waits for main's go.
import { serveChunks } from '../platform/chunkedWrites';
import { runBinTask } from '../services/recycleBin/binTask';

serveChunks(runBinTask);
