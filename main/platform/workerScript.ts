// Where a worker thread's code is. The built app has dist/workers/<name>.worker.js beside the bundle this code
// is part of (every bundle sits one folder below dist: main/, bench/, workers/); run from the TypeScript sources
// (vitest, tsx) it is main/workers/<name>.worker.ts, loaded through tsx's require hook.
import fs from 'node:fs';
import path from 'node:path';

export function workerScript(name: string): { file: string; eval: boolean } {
  const built = path.join(__dirname, '..', 'workers', `${name}.worker.js`);
  if (fs.existsSync(built)) return { file: built, eval: false };
  const source = path.resolve(__dirname, '..', 'workers', `${name}.worker.ts`);
  return { file: `require('tsx/cjs'); require(${JSON.stringify(source)});`, eval: true };
}
