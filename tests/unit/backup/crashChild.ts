// Child process of crash.test.ts: opens the app on a data folder, writes a little, then restores a
// backup and SIGKILLs itself at the named step. Run with tsx: crashChild.ts <dataDir> <backup> <step>
import { createApp } from '../../../main/app/createApp';
import { harnessPlatform } from '../../../main/platform/harness';
import { backupService } from '../../../main/services/backup';
import { setScryptCostForTests } from '../../../main/services/auth/password';
import { addCustomers } from './helpers';

const [dataDir, backupFile, crashAt] = process.argv.slice(2);
const die = () => process.kill(process.pid, 'SIGKILL');

async function main() {
  setScryptCostForTests(2 ** 10);
  const sink = { send: () => {} };
  const app = createApp({ dataDir, platform: harnessPlatform(dataDir, sink).platform, events: sink, scheduler: false });
  // committed writes that live only in the WAL when we die: the old database must keep them
  addCustomers(app.context.db, 5, '崩溃前');
  const svc = backupService(app.context);
  svc.opts.onSwapStep = (step) => {
    if (step === crashAt) die();
  };
  const { stagingId } = await svc.stage(backupFile, undefined, 'w');
  if (crashAt === 'after-stage') die();
  await svc.restore(stagingId, 'w', { userId: 1, userName: 'test' });
  if (crashAt === 'after-restore') die();
  await app.close();
}
void main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(3);
});
