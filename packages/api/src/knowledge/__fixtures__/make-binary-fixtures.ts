// Writes the binary fixtures of the knowledge tests: a real PDF, a real DOCX, an encrypted PDF and a
// corrupt one. Run again after changing it: pnpm --filter @agentry/api exec tsx src/knowledge/__fixtures__/make-binary-fixtures.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import PDFDocument from 'pdfkit';

const here = import.meta.dirname;

function pdf(file: string, options: PDFKit.PDFDocumentOptions, write: (doc: PDFKit.PDFDocument) => void) {
  return new Promise<void>((resolve) => {
    const doc = new PDFDocument({ ...options, info: { Title: file, CreationDate: new Date(0) } });
    const parts: Buffer[] = [];
    doc.on('data', (part: Buffer) => parts.push(part));
    doc.on('end', () => {
      writeFileSync(path.join(here, file), Buffer.concat(parts));
      resolve();
    });
    write(doc);
    doc.end();
  });
}

function warranty(doc: PDFKit.PDFDocument) {
  doc.font('Helvetica-Bold').fontSize(22).text('Warranty');
  doc.moveDown();
  doc
    .font('Helvetica')
    .fontSize(11)
    .text('The Aurora X2 kettle carries a five-year warranty on its heating element.');
  doc.text('Keep the receipt: the warranty starts on the day of purchase.');
  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(22).text('Cleaning');
  doc.moveDown();
  doc.font('Helvetica').fontSize(11).text('Descale the kettle with white vinegar once a month.');
}

await pdf('warranty.pdf', {}, warranty);
await pdf(
  'encrypted.pdf',
  { userPassword: 'secret', ownerPassword: 'owner', pdfVersion: '1.7' },
  warranty,
);

const docx = new Document({
  creator: 'Agentry tests',
  sections: [
    {
      children: [
        new Paragraph({ text: 'Onboarding', heading: HeadingLevel.HEADING_1 }),
        new Paragraph('New starters receive a laptop and a badge on their first Monday.'),
        new Paragraph({ text: 'Mentors', heading: HeadingLevel.HEADING_2 }),
        new Paragraph('Every new starter is paired with a mentor from another team for six weeks.'),
      ],
    },
  ],
});
writeFileSync(path.join(here, 'onboarding.docx'), await Packer.toBuffer(docx));

// A PDF header followed by bytes that are no PDF at all.
const corrupt = Buffer.alloc(2048);
for (let index = 0; index < corrupt.length; index++) corrupt[index] = (index * 7919) % 251;
corrupt.write('%PDF-1.7\n', 0);
writeFileSync(path.join(here, 'corrupt.pdf'), corrupt);
// A docx that is not a zip archive.
writeFileSync(path.join(here, 'corrupt.docx'), Buffer.from('this is not a zip archive'));
console.log('fixtures written');
