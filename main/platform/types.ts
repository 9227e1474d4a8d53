// Electron-only capabilities behind small interfaces, so the flows above them are the same code in
// the app (main/platform/electron*.ts) and in the browser harness (main/platform/harness.ts).

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface Dialogs {
  /** Ask the user for a file to read; the chosen path is granted to that window for reading. */
  openFile(caller: string, opts: { title?: string; filters?: FileFilter[] }): Promise<string | null>;
  /** Ask the user where to write; the chosen path is granted to that window for writing. */
  saveFile(caller: string, opts: { title?: string; defaultName?: string; filters?: FileFilter[] }): Promise<string | null>;
}

export interface DesktopNotifier {
  show(caller: string, n: { title: string; body?: string }): void;
}

export interface PdfPrinter {
  /** Render the given self-contained HTML page to a PDF file. */
  htmlToPdf(html: string, outPath: string): Promise<void>;
}

/**
 * Paths a window may touch: only those its user picked in a dialog of that window.
 * `check` throws FORBIDDEN for anything else (see main/platform/pathGrants.ts).
 */
export interface PathPolicy {
  grant(caller: string, path: string, mode: 'read' | 'write'): void;
  check(caller: string, path: string, mode: 'read' | 'write'): string;
}

export interface Platform {
  dialogs: Dialogs;
  notifier: DesktopNotifier;
  pdf: PdfPrinter;
  paths: PathPolicy;
}
