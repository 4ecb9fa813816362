import { KnowledgeFileError } from '../knowledge-errors';
import { formatCount } from '../../format-count';
import { formatBytes, MAX_COMPRESSION_RATIO, MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES } from '../limits';

/** What a zip archive's central directory declares. */
export interface ZipSummary {
  entries: number;
  unpackedBytes: number;
  /** The entry with the highest ratio of unpacked to packed size, among entries over 1 MB unpacked. */
  worstRatio: number;
}

/** Limits of checkZipArchive; the defaults are those of limits.ts. */
export interface ZipLimits {
  maxUnpackedBytes?: number;
  maxEntries?: number;
  maxRatio?: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
/** Entries smaller than this may compress as well as they like: the ratio only matters for large ones. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

const corrupt = (label: string, detail: string) =>
  new KnowledgeFileError(
    'corrupt',
    `The ${label} document could not be read: it is damaged or not a ${label} file (${detail}).`,
  );

/**
 * Reads a zip archive's central directory (without unpacking anything): how many entries it has and
 * how large they say they are. Zip64 sizes are read too. Throws `corrupt` when there is no directory;
 * a directory declaring more than `maxEntries` entries is not walked.
 */
export function summarizeZip(bytes: Uint8Array, label = 'DOCX', maxEntries = Infinity): ZipSummary {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfDirectory(view);
  if (end < 0) throw corrupt(label, 'the zip directory is missing');
  let entries = view.getUint16(end + 10, true);
  let directoryOffset = view.getUint32(end + 16, true);
  const locator = end - 20;
  if (locator >= 0 && view.getUint32(locator, true) === ZIP64_LOCATOR) {
    const record = Number(view.getBigUint64(locator + 8, true));
    if (record + 56 > view.byteLength || view.getUint32(record, true) !== ZIP64_END_OF_DIRECTORY) {
      throw corrupt(label, 'the zip64 directory is damaged');
    }
    entries = Number(view.getBigUint64(record + 32, true));
    directoryOffset = Number(view.getBigUint64(record + 48, true));
  }
  let unpackedBytes = 0;
  let worstRatio = 0;
  let offset = directoryOffset;
  // Counted as declared, and checked before the loop: a directory claiming millions of entries is
  // refused without walking it.
  if (entries > maxEntries) return { entries, unpackedBytes, worstRatio };
  for (let index = 0; index < entries; index++) {
    if (offset + 46 > view.byteLength || view.getUint32(offset, true) !== DIRECTORY_ENTRY) {
      throw corrupt(label, 'the zip directory is damaged');
    }
    let packed = view.getUint32(offset + 20, true);
    let unpacked = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    if (unpacked === 0xffffffff || packed === 0xffffffff) {
      ({ packed, unpacked } = zip64Sizes(view, offset + 46 + nameLength, extraLength, packed, unpacked));
    }
    unpackedBytes += unpacked;
    if (unpacked >= RATIO_FLOOR_BYTES) worstRatio = Math.max(worstRatio, unpacked / Math.max(packed, 1));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, unpackedBytes, worstRatio };
}

/**
 * Refuses a zip-based document (DOCX) that would unpack past the limits, before any parser sees it:
 * too many entries, too many bytes in all (50 MB), or a large entry compressed past 100:1 (a zip bomb).
 * The declared sizes can lie; the reading thread's memory limit catches those (extract-in-thread.ts).
 */
export function checkZipArchive(bytes: Uint8Array, label = 'DOCX', limits: ZipLimits = {}): ZipSummary {
  const maxUnpacked = limits.maxUnpackedBytes ?? MAX_UNPACKED_BYTES;
  const maxEntries = limits.maxEntries ?? MAX_ZIP_ENTRIES;
  const maxRatio = limits.maxRatio ?? MAX_COMPRESSION_RATIO;
  const summary = summarizeZip(bytes, label, maxEntries);
  if (summary.entries > maxEntries) {
    throw new KnowledgeFileError(
      'too_large',
      `The ${label} document holds ${formatCount(summary.entries)} files, over the limit of ${formatCount(maxEntries)}.`,
    );
  }
  if (summary.unpackedBytes > maxUnpacked) {
    throw new KnowledgeFileError(
      'too_large',
      `The ${label} document unpacks to ${formatBytes(summary.unpackedBytes)}, over the ${formatBytes(maxUnpacked)} limit.`,
    );
  }
  if (summary.worstRatio > maxRatio) {
    throw new KnowledgeFileError(
      'too_large',
      `The ${label} document is compressed ${Math.round(summary.worstRatio)}:1, over the ${maxRatio}:1 limit (real documents are far below it; this looks like a zip bomb).`,
    );
  }
  return summary;
}

function findEndOfDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes, at the very end of the file.
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let offset = view.byteLength - 22; offset >= lowest; offset--) {
    if (view.getUint32(offset, true) === END_OF_DIRECTORY) return offset;
  }
  return -1;
}

function zip64Sizes(
  view: DataView,
  start: number,
  length: number,
  packed: number,
  unpacked: number,
): { packed: number; unpacked: number } {
  for (let offset = start; offset + 4 <= start + length && offset + 4 <= view.byteLength; ) {
    const id = view.getUint16(offset, true);
    const size = view.getUint16(offset + 2, true);
    if (id === 0x0001) {
      // The zip64 field holds only the sizes that overflowed, unpacked first.
      let field = offset + 4;
      const read = () => {
        const value = field + 8 <= view.byteLength ? Number(view.getBigUint64(field, true)) : 0;
        field += 8;
        return value;
      };
      return {
        unpacked: unpacked === 0xffffffff ? read() : unpacked,
        packed: packed === 0xffffffff ? read() : packed,
      };
    }
    offset += 4 + size;
  }
  return { packed, unpacked };
}
