// The browser harness's stand-ins for Electron's dialogs, notifications and PDF printing.
// Tests script the dialogs (POST /api/dialog); notifications go to the window as an event.
import fs from 'node:fs';
import path from 'node:path';
import type { Dialogs, DesktopNotifier, PdfPrinter, Platform } from './types';
import type { EventSink } from '../ipc/context';
import { TrustedPaths } from './pathGrants';
import { ChromiumPdf } from './harnessPdf';

export class ScriptedDialogs implements Dialogs {
  private readonly next = new Map<string, { open: (string | null)[]; save: (string | null)[] }>();
  constructor(private readonly defaultDir: string) {}

  script(caller: string, kind: 'open' | 'save', answer: string | null): void {
    let q = this.next.get(caller);
    if (!q) this.next.set(caller, (q = { open: [], save: [] }));
    q[kind].push(answer);
  }
  async openFile(caller: string): Promise<string | null> {
    const q = this.next.get(caller)?.open;
    return q && q.length ? q.shift()! : null;
  }
  async saveFile(caller: string, opts: { defaultName?: string }): Promise<string | null> {
    const q = this.next.get(caller)?.save;
    if (q && q.length) return q.shift()!;
    // Unscripted: write into <data>/exports like a user accepting the suggested name would.
    fs.mkdirSync(this.defaultDir, { recursive: true });
    return path.join(this.defaultDir, opts.defaultName ?? 'export');
  }
}

export class EventNotifier implements DesktopNotifier {
  readonly shown: { caller: string; title: string; body?: string }[] = [];
  constructor(private readonly events: EventSink) {}
  show(caller: string, n: { title: string; body?: string }): void {
    this.shown.push({ caller, ...n });
    this.events.send(caller, 'desktopNotification', n);
  }
}

export class UnavailablePdf implements PdfPrinter {
  async htmlToPdf(): Promise<void> {
    throw new Error('PDF printing is provided by the export module');
  }
}

export function harnessPlatform(dataDir: string, events: EventSink, pdf: PdfPrinter = new ChromiumPdf()) {
  const dialogs = new ScriptedDialogs(path.join(dataDir, 'exports'));
  const notifier = new EventNotifier(events);
  const platform: Platform = { dialogs, notifier, pdf, paths: new TrustedPaths() };
  return { platform, dialogs, notifier };
}
