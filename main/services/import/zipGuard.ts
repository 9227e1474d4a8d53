// Looks at a zip container (.xlsx, .xlsm, .ods) before anything inflates it: the central directory
// says how big every entry becomes. A zip bomb (tiny file, gigabytes inside), an absurd number of
// entries or encrypted entries are refused here. The sizes could lie, so the worker's heap limit and
// time limit remain the last line of defence.
import { IMPORT_LIMITS } from './limits';
import { ImportFileError } from './fileErrors';

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;

export function checkZip(buf: Buffer, limits = IMPORT_LIMITS): void {
  // End of central directory: 22 bytes + a comment of up to 64 KiB at the end of the file
  const min = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ImportFileError('corrupt');
  const entries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff) throw new ImportFileError('zipBomb'); // zip64: far beyond what we accept
  if (entries > limits.maxZipEntries) throw new ImportFileError('zipBomb');
  if (cdOffset + cdSize > buf.length) throw new ImportFileError('corrupt');
  let p = cdOffset;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CEN_SIG) throw new ImportFileError('corrupt');
    const flags = buf.readUInt16LE(p + 8);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    if (flags & 1) throw new ImportFileError('encrypted');
    if (size === 0xffffffff || compressed === 0xffffffff) throw new ImportFileError('zipBomb');
    total += size;
    if (total > limits.maxUnzippedBytes) throw new ImportFileError('zipBomb');
    if (size > 16 * 1024 * 1024 && size > Math.max(compressed, 1) * limits.maxZipRatio) throw new ImportFileError('zipBomb');
    p += 46 + nameLen + extraLen + commentLen;
  }
}
