// Worker thread for a big 变更所属人 (more customers than one quick transaction on main): moving 10,000
// customers with their deals, rollups and audit rows takes seconds at 1M, and better-sqlite3 is synchronous, so
// it must not run on main's event loop. Started by main/services/transfer/transferCustomers.ts; the work itself is
// main/services/transfer/transferTask.ts. After each chunk it posts the chunk and waits for main's go.
import { serveChunks } from '../platform/chunkedWrites';
import { runTransferTask } from '../services/transfer/transferTask';

serveChunks(runTransferTask);
