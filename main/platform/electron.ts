// Electron implementations of the platform adapters (dialogs, notifications, PDF).
import { BrowserWindow, dialog, Notification, webContents } from 'electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Platform } from './types';
import { GrantedPaths } from './pathGrants';

function windowOf(caller: string): BrowserWindow | undefined {
  const wc = webContents.fromId(Number(caller));
  return wc ? (BrowserWindow.fromWebContents(wc) ?? undefined) : undefined;
}

export function electronPlatform(): Platform {
  const paths = new GrantedPaths();
  return {
    paths,
    dialogs: {
      async openFile(caller, opts) {
        const win = windowOf(caller);
        const r = win
          ? await dialog.showOpenDialog(win, { title: opts.title, filters: opts.filters, properties: ['openFile'] })
          : await dialog.showOpenDialog({ title: opts.title, filters: opts.filters, properties: ['openFile'] });
        if (r.canceled || !r.filePaths[0]) return null;
        paths.grant(caller, r.filePaths[0], 'read');
        return r.filePaths[0];
      },
      async saveFile(caller, opts) {
        const win = windowOf(caller);
        const o = { title: opts.title, defaultPath: opts.defaultName, filters: opts.filters };
        const r = win ? await dialog.showSaveDialog(win, o) : await dialog.showSaveDialog(o);
        if (r.canceled || !r.filePath) return null;
        paths.grant(caller, r.filePath, 'write');
        return r.filePath;
      },
    },
    notifier: {
      show(_caller, n) {
        if (Notification.isSupported()) new Notification({ title: n.title, body: n.body ?? '' }).show();
      },
    },
    pdf: {
      async htmlToPdf(html, outPath) {
        const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zg-pdf-')), 'report.html');
        fs.writeFileSync(tmp, html);
        const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, javascript: false } });
        try {
          await win.loadFile(tmp);
          const pdf = await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
          fs.writeFileSync(outPath, pdf);
        } finally {
          win.destroy();
          fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
        }
      },
    },
  };
}
