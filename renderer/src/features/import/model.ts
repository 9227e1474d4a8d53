// The wizard's shared types and small helpers.
import type { ChannelOutput } from '@contract/index';
import { IMPORT_FIELD_KEYS, type ImportFieldKey } from '@contract/import';

export type Preview = ChannelOutput<'import:preview'>;
export type CommitResult = ChannelOutput<'import:commit'>;
export type Mapping = Preview['mapping'];
export type PreviewRow = Preview['sample'][number];
export const FIELDS: readonly ImportFieldKey[] = IMPORT_FIELD_KEYS;

export interface WizardState {
  path: string | null;
  preview: Preview | null;
  mapping: Mapping;
  unmapped: 'ignore' | 'notes';
  onDuplicate: 'skip' | 'update' | 'create';
  allOrNothing: boolean;
}

export const fileName = (p: string) => p.split(/[\\/]/).pop() ?? p;
export const hasNameColumn = (m: Mapping) => m.some((x) => x.field === 'name' || x.field === 'contactName');
