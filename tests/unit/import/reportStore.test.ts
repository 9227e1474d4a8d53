// The error report of an import is stored by the commit worker in <data>/import-reports, so it can still
// be downloaded when the app no longer holds the job in memory (after a restart); only by the user who
// imported, and pruned by count and age.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { TestApp } from '../../helpers/testApp';
import { MESSY, readBack, useImportApp, writeXlsx } from './helpers';
import { jobsOf } from '../../../main/services/import/jobs';
import { MAX_AGE_DAYS, pruneReports, reportDir, reportFiles, storedReport } from '../../../main/services/import/reportStore';

let t: TestApp;
let dir: string;
useImportApp((w) => ({ t, dir } = w));

it('downloads the stored error report after the in-memory job is gone; other users and odd ids get nothing', async () => {
  const file = writeXlsx(path.join(dir, 'messy.xlsx'), MESSY);
  const p = await t.ok('admin', 'import:preview', { path: file });
  const r = await t.ok('admin', 'import:commit', { path: file, sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping as never, unmapped: 'notes', onDuplicate: 'skip', allOrNothing: false });
  expect(r.errorReport).toEqual({ rows: 3 });
  const stored = reportFiles(t.app.context.dataDir, r.jobId)!;
  expect(fs.existsSync(stored.xlsx) && fs.existsSync(stored.meta)).toBe(true);

  jobsOf(t.app.context).clear(); // what a restart leaves: no job in memory
  const out = path.join(dir, 'after-restart.xlsx');
  expect(await t.ok('admin', 'import:errorReport', { jobId: r.jobId, path: out })).toEqual({ path: out, rows: 3 });
  const rows = readBack(out);
  expect(rows[0].slice(0, 3)).toEqual(['行号', '出错列', '原因']);
  expect(rows.slice(1).map((x) => x[0])).toEqual([7, 7, 8]);

  expect(await storedReport(t.app.context.dataDir, r.jobId, 999)).toBeNull(); // another user
  expect(reportFiles(t.app.context.dataDir, '../zhanggui')).toBeNull();
  const bad = await t.call('admin', 'import:errorReport', { jobId: '../../zhanggui', path: out });
  expect(bad.ok).toBe(false);
});

it('prunes reports older than the age limit', async () => {
  const d = reportDir(t.app.context.dataDir);
  fs.mkdirSync(d, { recursive: true });
  for (const id of ['old-job', 'new-job']) for (const ext of ['xlsx', 'json']) fs.writeFileSync(path.join(d, `${id}.${ext}`), 'x');
  const old = new Date(Date.now() - (MAX_AGE_DAYS + 1) * 86_400_000);
  for (const ext of ['xlsx', 'json']) fs.utimesSync(path.join(d, `old-job.${ext}`), old, old);
  await pruneReports(t.app.context.dataDir);
  expect(fs.readdirSync(d).sort()).toEqual(['new-job.json', 'new-job.xlsx']);
});
