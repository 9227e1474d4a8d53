// Why a file cannot be imported. Thrown by the reader (in the worker) and turned into an INVALID_INPUT
// with a sentence in the user's language by the handlers (import.file.<reason>).
export const FILE_REASONS = [
  'missing',
  'empty',
  'tooBig',
  'encrypted',
  'corrupt',
  'zipBomb',
  'unsupported',
  'noSheet',
  'emptySheet',
  'tooManyRows',
  'tooManyCols',
  'timeout',
  'memory',
] as const;
export type FileReason = (typeof FILE_REASONS)[number];

export class ImportFileError extends Error {
  constructor(
    readonly reason: FileReason,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`import file rejected: ${reason}`);
    this.name = 'ImportFileError';
  }
}
