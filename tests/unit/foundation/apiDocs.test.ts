// docs/api.md is generated from the contract; this fails when someone changed a channel and did not
// run `npm run docs:api`.
import fs from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { API_DOC, renderApiDoc } from '../../../scripts/gen-api-docs';
import { contract } from '../../../main/contract';
import { channel } from '../../../main/contract/define';

describe('docs/api.md', () => {
  it('is up to date with main/contract (run `npm run docs:api` if this fails)', () => {
    const current = fs.existsSync(API_DOC) ? fs.readFileSync(API_DOC, 'utf8') : '(docs/api.md is missing)';
    // compare headings first so a failure names the channels that differ, then the whole text
    const headings = (s: string) => s.split('\n').filter((l) => l.startsWith('### '));
    const next = renderApiDoc();
    expect(headings(current)).toEqual(headings(next));
    expect(current === next, 'docs/api.md is stale: run `npm run docs:api`').toBe(true);
  });

  it('documents every channel with its access, permission and schemas', () => {
    const doc = renderApiDoc();
    for (const [name, def] of Object.entries(contract)) {
      const section = doc.split(`### ${name}\n`)[1]?.split('\n### ')[0] ?? '';
      expect(section, name).toContain(`access: **${def.access}**`);
      if (def.permission) expect(section, name).toContain(`\`${def.permission}\``);
      expect(section, name).toMatch(/Input( \(may be omitted\))?:\n\n```json\n\{/);
      expect(section, name).toMatch(/Output:\n\n```json\n\{/);
    }
  });

  it('never throws on types JSON Schema cannot express', () => {
    const odd = {
      'odd:thing': channel({
        summary: 'a channel with a transform, a date and a bigint',
        input: z.object({ when: z.date(), n: z.bigint(), s: z.string().transform((v) => v.length) }),
        output: z.map(z.string(), z.number()),
        access: 'session',
        permission: null,
        mutates: false,
      }),
    };
    expect(() => renderApiDoc(odd)).not.toThrow();
    expect(renderApiDoc(odd)).toContain('### odd:thing');
  });

  it('a changed contract makes the check fail', () => {
    const changed = { ...contract, 'app:info': { ...contract['app:info'], summary: 'something else' } };
    expect(renderApiDoc(changed)).not.toBe(renderApiDoc());
  });
});
