// Every channel's handler. Typed against the contract: a channel without a handler does not compile.
import type { Handlers } from './context';
import { appHandlers } from '../services/app/handlers';
import { authHandlers } from '../services/auth/handlers';
import { customersHandlers } from '../services/customers/handlers';
import { usersHandlers } from '../services/users/handlers';
import { transferHandlers } from '../services/transfer/handlers';
import { poolHandlers } from '../services/pool/handlers';
import { notificationsHandlers } from '../services/notifications/handlers';
import { dealsHandlers } from '../services/deals/handlers';
import { backupHandlers } from '../services/backup/handlers';
import { dialogHandlers } from '../services/dialog/handlers';
import { followUpsHandlers } from '../services/followUps/handlers';
import { remindersHandlers } from '../services/reminders/handlers';
import { automationsHandlers } from '../services/automation/handlers';
import { reportsHandlers } from '../services/reports/handlers';
import { importHandlers } from '../services/import/handlers';
import { exportHandlers } from '../services/export/handlers';
import { recycleBinHandlers } from '../services/recycleBin/handlers';
import { auditHandlers } from '../services/audit/handlers';
import { fieldsHandlers } from '../services/fields/handlers';

export const handlers: Handlers = {
  ...appHandlers,
  ...authHandlers,
  ...customersHandlers,
  ...usersHandlers,
  ...transferHandlers,
  ...poolHandlers,
  ...notificationsHandlers,
  ...dealsHandlers,
  ...backupHandlers,
  ...dialogHandlers,
  ...followUpsHandlers,
  ...remindersHandlers,
  ...automationsHandlers,
  ...reportsHandlers,
  ...importHandlers,
  ...exportHandlers,
  ...recycleBinHandlers,
  ...auditHandlers,
  ...fieldsHandlers,
};
