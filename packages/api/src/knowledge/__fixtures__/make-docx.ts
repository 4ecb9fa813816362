// Builds Word documents for the limit tests in memory: a hand-written zip container whose
// word/document.xml is deflated as it is generated, so a test can make a 30 KB file that unpacks to
// 60 MB without ever holding the 60 MB.
import { crc32, createDeflateRaw } from 'node:zlib';

interface ZipEntry {
  name: string;
  packed: Buffer;
  crc: number;
  size: number;
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELATIONSHIPS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const DOCUMENT_START =
  '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
const DOCUMENT_END = '</w:body></w:document>';

async function deflate(parts: Iterable<string>): Promise<ZipEntry & { name: '' }> {
  const deflater = createDeflateRaw({ level: 9 });
  const packed: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => packed.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    deflater.on('end', resolve);
    deflater.on('error', reject);
  });
  let crc = 0;
  let size = 0;
  for (const part of parts) {
    const bytes = Buffer.from(part);
    crc = crc32(bytes, crc);
    size += bytes.byteLength;
    if (!deflater.write(bytes)) await new Promise((resolve) => deflater.once('drain', resolve));
  }
  deflater.end();
  await finished;
  return { name: '', packed: Buffer.concat(packed), crc, size };
}

function zip(entries: readonly ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.packed.byteLength, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.byteLength, 26);
    locals.push(local, name, entry.packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.packed.byteLength, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.byteLength, 28);
    central.writeUInt32LE(offset, 42);
    directory.push(central, name);
    offset += 30 + name.byteLength + entry.packed.byteLength;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directoryBytes, end]));
}

/** A .docx whose body is the given paragraphs' XML, generated and deflated piece by piece. */
export async function makeDocx(body: Iterable<string>): Promise<Uint8Array> {
  const small = async (name: string, text: string) => ({ ...(await deflate([text])), name });
  const document = await deflate(
    (function* () {
      yield DOCUMENT_START;
      yield* body;
      yield DOCUMENT_END;
    })(),
  );
  return zip([
    await small('[Content_Types].xml', CONTENT_TYPES),
    await small('_rels/.rels', RELATIONSHIPS),
    { ...document, name: 'word/document.xml' },
  ]);
}

/** `count` copies of `text`, yielded a megabyte or so at a time. */
export function* repeated(text: string, count: number): Generator<string> {
  const perPiece = Math.max(1, Math.floor((1024 * 1024) / text.length));
  for (let done = 0; done < count; done += perPiece) yield text.repeat(Math.min(perPiece, count - done));
}

/** A paragraph of Word XML. */
export const paragraph = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;
