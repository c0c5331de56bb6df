/**
 * The access report as a printable PDF (pdfkit): who ran it, the query, the audit chain status at
 * the time of the report, then one line per access. A4 landscape so a row fits on one line.
 */
import PDFDocument from 'pdfkit';
import type { AccessRow } from '../reports/access-rows.ts';

export interface PdfHeader {
  title: string;
  officer: string;
  generatedAt: string;
  query: readonly [string, string][];
  chainStatus: string;
}

const COLS: { title: string; width: number; value: (r: AccessRow) => string }[] = [
  { title: 'Device time', width: 105, value: (r) => r.deviceTime.replace('T', ' ').slice(0, 19) },
  { title: 'Received', width: 105, value: (r) => r.receivedAt.replace('T', ' ').slice(0, 19) },
  { title: 'User', width: 80, value: (r) => r.username ?? r.userId.slice(0, 8) },
  { title: 'Role', width: 70, value: (r) => r.role ?? '' },
  { title: 'Device', width: 80, value: (r) => r.deviceId.slice(0, 14) },
  { title: 'Action', width: 75, value: (r) => r.action },
  { title: 'Resource', width: 80, value: (r) => r.resourceType ?? '' },
  { title: 'Purpose', width: 50, value: (r) => r.purpose ?? '' },
  { title: 'Outcome', width: 50, value: (r) => r.outcome },
  { title: 'BG', width: 22, value: (r) => (r.breakGlass ? 'YES' : '') },
  { title: 'Origin', width: 60, value: (r) => r.origin },
];

export function accessPdf(rows: readonly AccessRow[], h: PdfHeader): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // Uncompressed: a report is small, and its text stays searchable by tools that do not inflate streams.
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 36, compress: false, info: { Title: h.title, Author: h.officer } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(16).text(h.title);
    doc.font('Helvetica').fontSize(9).moveDown(0.3);
    doc.text(`Prepared by: ${h.officer}    Generated: ${h.generatedAt}`);
    for (const [k, v] of h.query) doc.text(`${k}: ${v}`);
    doc.text(`Audit chain status at report time: ${h.chainStatus}`);
    doc.text(`Accesses: ${rows.length}`);
    doc.moveDown(0.5);
    const left = doc.page.margins.left;
    const line = (cells: string[], bold: boolean) => {
      if (doc.y > doc.page.height - doc.page.margins.bottom - 14) doc.addPage();
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(7.5);
      let x = left;
      cells.forEach((c, i) => {
        const w = COLS[i]?.width ?? 60;
        doc.text(c, x, y, { width: w - 4, height: 10, lineBreak: false, ellipsis: true });
        x += w;
      });
      doc.x = left;
      doc.y = y + 11;
    };
    line(COLS.map((c) => c.title), true);
    for (const r of rows) line(COLS.map((c) => c.value(r)), false);
    doc.end();
  });
}
