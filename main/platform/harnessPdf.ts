// The browser harness's PdfPrinter: Chromium headless --print-to-pdf on a temporary HTML file.
// (The Electron app uses webContents.printToPDF, main/platform/electron.ts.) Executable: $CHROMIUM_PATH
// or /usr/bin/chromium. JavaScript is off and the page has no external resources.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PdfPrinter } from './types';

export class ChromiumPdf implements PdfPrinter {
  constructor(
    private readonly executable = process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    private readonly timeoutMs = 60_000,
  ) {}

  async htmlToPdf(html: string, outPath: string): Promise<void> {
    if (!fs.existsSync(this.executable)) throw new Error(`Chromium not found at ${this.executable} (set CHROMIUM_PATH)`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-pdf-'));
    const file = path.join(dir, 'report.html');
    fs.writeFileSync(file, html);
    try {
      await new Promise<void>((resolve, reject) => {
        execFile(
          this.executable,
          [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-javascript',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            `--user-data-dir=${path.join(dir, 'profile')}`,
            '--no-pdf-header-footer',
            `--print-to-pdf=${path.resolve(outPath)}`,
            `file://${file}`,
          ],
          { timeout: this.timeoutMs },
          (err, _stdout, stderr) => {
            if (err) return reject(new Error(`Chromium failed: ${err.message} ${String(stderr).slice(0, 300)}`));
            if (!fs.existsSync(outPath) || fs.statSync(outPath).size === 0) return reject(new Error('Chromium wrote no PDF'));
            resolve();
          },
        );
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
