// Error reports of finished imports, kept on disk so "download the error report" still works after the app
// restarts: <data>/import-reports/<jobId>.xlsx, written by the commit worker (a 100k-row report takes
// seconds to build: never on main's event loop), plus <jobId>.json naming the user who may download it.
// Not the staging dir: that one is emptied at every start. Reports live as long as the app remembers
// recent imports: the newest KEEP_REPORTS, none older than MAX_AGE_DAYS (pruned when an import starts).
import fs from 'node:fs';
import path from 'node:path';

export const KEEP_REPORTS = 20;
export const MAX_AGE_DAYS = 30;

export interface StoredReportMeta {
  userId: number;
  rows: number;
  fileName: string;
}

/** Job ids come from the renderer: only plain ids name a file. */
const SAFE_ID = /^[A-Za-z0-9-]{1,64}$/;

export const reportDir = (dataDir: string) => path.join(dataDir, 'import-reports');

/** Where the worker writes this job's report (null for an id that cannot name a file). */
export function reportFiles(dataDir: string, jobId: string): { xlsx: string; meta: string } | null {
  if (!SAFE_ID.test(jobId)) return null;
  const base = path.join(reportDir(dataDir), jobId);
  return { xlsx: `${base}.xlsx`, meta: `${base}.json` };
}

/** After the worker wrote the .xlsx: record who may download it (the report counts only with its meta). */
export async function saveReportMeta(dataDir: string, jobId: string, meta: StoredReportMeta): Promise<void> {
  const f = reportFiles(dataDir, jobId);
  if (!f) return;
  await fs.promises.writeFile(f.meta, JSON.stringify(meta));
}

/** The stored report of this job, if this user may have it. */
export async function storedReport(dataDir: string, jobId: string, userId: number): Promise<(StoredReportMeta & { file: string }) | null> {
  const f = reportFiles(dataDir, jobId);
  if (!f) return null;
  try {
    const meta = JSON.parse(await fs.promises.readFile(f.meta, 'utf8')) as StoredReportMeta;
    if (meta.userId !== userId || !fs.existsSync(f.xlsx)) return null;
    return { ...meta, file: f.xlsx };
  } catch {
    return null;
  }
}

/** Remove reports beyond the newest KEEP_REPORTS or older than MAX_AGE_DAYS (best effort, off the loop). */
export async function pruneReports(dataDir: string, now = Date.now()): Promise<void> {
  const dir = reportDir(dataDir);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return;
  }
  const jobs = new Map<string, number>();
  for (const n of names) {
    const id = n.replace(/\.(xlsx|json|tmp)$/, '');
    try {
      const m = (await fs.promises.stat(path.join(dir, n))).mtimeMs;
      jobs.set(id, Math.max(jobs.get(id) ?? 0, m));
    } catch {
      // removed meanwhile
    }
  }
  const newestFirst = [...jobs].sort((a, b) => b[1] - a[1]);
  const drop = newestFirst.filter(([, m], i) => i >= KEEP_REPORTS || now - m > MAX_AGE_DAYS * 86_400_000).map(([id]) => id);
  const dropSet = new Set(drop);
  await Promise.all(names.filter((n) => dropSet.has(n.replace(/\.(xlsx|json|tmp)$/, ''))).map((n) => fs.promises.rm(path.join(dir, n), { force: true })));
}
