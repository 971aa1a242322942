import type ExcelJS from 'exceljs';

// exceljs is large; load it on the first spreadsheet, not at start (P6).
const loadExcel = async () => (await import('exceljs')).default;

import type { FastifyReply } from 'fastify';

export interface Column {
  header: string;
  key: string;
  width?: number;
}

/** A one-sheet workbook with a bold, frozen header row — how staff expect a 台账 to look. */
export async function workbookBuffer(
  sheetName: string,
  columns: Column[],
  rows: Record<string, unknown>[],
): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'Doorstep 家门口';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function sendXlsx(reply: FastifyReply, fileName: string, buffer: Buffer) {
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .send(buffer);
}

/** First sheet as header-keyed records (row numbers as in Excel), cell values as plain text. */
export async function readSheet(
  buffer: Buffer,
): Promise<{ headers: string[]; rows: { row: number; values: Record<string, string> }[] }> {
  const wb = new (await loadExcel()).Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return { headers: [], rows: [] };
  const headers: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    headers[col - 1] = cellText(cell.value).trim();
  });
  const rows: { row: number; values: Record<string, string> }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    const values: Record<string, string> = {};
    let any = false;
    headers.forEach((h, i) => {
      if (!h) return;
      const v = cellText(row.getCell(i + 1).value).trim();
      values[h] = v;
      if (v) any = true;
    });
    if (any) rows.push({ row: n, values });
  });
  return { headers: headers.filter(Boolean), rows };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if (v instanceof Date) return v.toISOString();
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return String(v.result ?? '');
    return '';
  }
  return String(v);
}
