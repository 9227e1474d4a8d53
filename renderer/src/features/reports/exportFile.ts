// Export the visible report table: ask where to save (dialog:saveFile), then main writes the file.
import type { ChannelInput } from '@contract/index';
import { invoke } from '../../lib/api';

type ExportInput = ChannelInput<'reports:export'>;

export async function exportReportFile(input: Omit<ExportInput, 'path'>): Promise<{ path: string | null; rows: number }> {
  const ext = input.format;
  const { path } = await invoke('dialog:saveFile', {
    title: input.title,
    defaultName: `${input.title}_${input.params.from}_${input.params.to}.${ext}`,
    filters: [{ name: ext.toUpperCase(), extensions: [ext] }],
  });
  if (!path) return { path: null, rows: 0 };
  return invoke('reports:export', { ...input, path });
}
