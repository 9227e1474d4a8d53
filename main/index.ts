// The Electron shell: app lifecycle, the one window with secure defaults, IPC registration.
import { app, BrowserWindow, dialog, ipcMain, session, webContents } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp, type CrmApp } from './app/createApp';
import { resolveDataDir } from './app/dataDir';
import { registerIpc, EVENT_CHANNEL } from './ipc/register';
import { electronPlatform } from './platform/electron';
import {
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  permissionRequestHandler,
  windowOpenHandler,
  windowOptions,
} from './window/security';
import { DatabaseOpenError } from '../db/migrate';
import { backupOnQuit } from './services/backup';
import { isBackupError } from './services/backup/errors';

const ourWindows = new Set<number>();
const indexFile = path.join(__dirname, '..', 'renderer', 'index.html');
const indexUrl = pathToFileURL(indexFile).toString();
let crm: CrmApp | null = null;

function nativeBinding(): string | undefined {
  // `npm start` builds better-sqlite3 for Electron into .native/ so node_modules stays built for Node (tests).
  // The packaged app has the Electron build in place (scripts/after-pack.cjs). The working directory is a
  // second place to look: the Electron e2e spec launches a build folder outside the checkout (CRM_DIST).
  if (app.isPackaged) return undefined;
  return [app.getAppPath(), process.cwd()]
    .map((base) => path.join(base, '.native', 'electron', 'better_sqlite3.node'))
    .find((p) => fs.existsSync(p));
}

function createWindow(): void {
  const options = windowOptions(path.join(__dirname, '..', 'preload', 'index.js'));
  // the isolation flags spelled out where the window is made (same values as windowOptions, which is unit
  // tested), so the static scan in npm test (electronegativity) sees them
  const win = new BrowserWindow({ ...options, webPreferences: { ...options.webPreferences, contextIsolation: true, sandbox: true, nodeIntegration: false } });
  const id = win.webContents.id;
  ourWindows.add(id);
  win.on('closed', () => ourWindows.delete(id));
  win.webContents.on('will-navigate', (e, url) => {
    if (!isAllowedNavigation(url, indexUrl)) e.preventDefault();
  });
  win.webContents.on('will-redirect', (e, url) => {
    if (!isAllowedNavigation(url, indexUrl)) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(windowOpenHandler);
  win.once('ready-to-show', () => win.show());
  void win.loadFile(indexFile);
}

// The data folder has the same ASCII name on every OS (~/.config/zhanggui-crm, %APPDATA%\zhanggui-crm,
// ~/Library/Application Support/zhanggui-crm) as main/app/dataDir.ts; Electron would use "掌柜 CRM".
app.setPath('userData', path.join(app.getPath('appData'), 'zhanggui-crm'));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const w = BrowserWindow.getAllWindows()[0];
    if (w) {
      if (w.isMinimized()) w.restore();
      w.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (ev) => ev.preventDefault());
    contents.setWindowOpenHandler(windowOpenHandler);
  });

  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, permission, cb) => cb(permissionRequestHandler(permission)));
    session.defaultSession.setPermissionCheckHandler(() => false);
    session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
      cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });

    const dataDir = resolveDataDir(process.argv, process.env, app.getPath('userData'));
    try {
      crm = createApp({
        dataDir,
        platform: electronPlatform(),
        nativeBinding: nativeBinding(),
        events: {
          send(caller, event, payload) {
            const wc = webContents.fromId(Number(caller));
            if (wc && ourWindows.has(wc.id)) wc.send(EVENT_CHANNEL, { event, payload });
          },
        },
      });
    } catch (e) {
      const msg = e instanceof DatabaseOpenError || isBackupError(e) ? e.message : `The database could not be opened: ${(e as Error).message}`;
      dialog.showErrorBox('掌柜 CRM', `${msg}\n\n${path.join(dataDir)}`);
      app.exit(1);
      return;
    }
    registerIpc(ipcMain, crm.dispatch, ourWindows, () => indexUrl);
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // One last automatic backup if data changed (the quit waits for it, at most a minute), then the core closes:
  // the process ends only once every worker thread has exited and the database is closed (crm.close()).
  let quitting = false;
  app.on('before-quit', (e) => {
    if (!crm) return;
    e.preventDefault();
    if (quitting) return; // a second quit request while closing: the first one ends the process
    quitting = true;
    const core = crm;
    const limit = new Promise<void>((r) => setTimeout(r, 60_000).unref());
    void Promise.race([backupOnQuit(core.context), limit])
      .catch(() => {})
      .then(() => core.close())
      .catch((err: unknown) => core.context.log.error('close failed', { error: String(err) }))
      .finally(() => app.exit(0));
  });
}
