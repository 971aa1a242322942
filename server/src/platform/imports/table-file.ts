import { parse } from 'csv-parse/sync';
import { readSheet } from '../excel/excel';
import { invalid } from '../http/errors';
import { looksLikeXlsx } from './jobs';

export interface TableFile {
  encoding: 'xlsx' | 'utf-8' | 'gb18030';
  headers: string[];
  rows: { row: number; values: Record<string, string> }[];
}

/** Reads an .xlsx, or a CSV in UTF-8 (with or without BOM) or GB18030/GBK — what Excel on a Chinese PC saves. */
export async function readTableFile(buffer: Buffer): Promise<TableFile> {
  if (looksLikeXlsx(buffer)) {
    const sheet = await readSheet(buffer).catch(() => {
      throw invalid('FILE_UNREADABLE', '无法读取该 Excel 文件', 'The Excel file cannot be read');
    });
    return { encoding: 'xlsx', ...sheet };
  }
  if (buffer.includes(0))
    throw invalid(
      'FILE_NOT_TABLE',
      '请上传 Excel（.xlsx）或 CSV 文件',
      'Upload an Excel (.xlsx) or CSV file',
    );
  let text: string;
  let encoding: TableFile['encoding'] = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    text = new TextDecoder('gb18030').decode(buffer);
    encoding = 'gb18030';
  }
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    throw invalid(
      'CSV_INVALID',
      `CSV 格式有误：${(err as Error).message.slice(0, 120)}`,
      `The CSV is malformed: ${(err as Error).message.slice(0, 120)}`,
    );
  }
  const headers = (records[0] ?? []).map((h) => h.trim());
  const rows = records.slice(1).flatMap((cells, i) => {
    const values: Record<string, string> = {};
    headers.forEach((h, j) => {
      if (h) values[h] = (cells[j] ?? '').trim();
    });
    return Object.values(values).some(Boolean) ? [{ row: i + 2, values }] : [];
  });
  return { encoding, headers: headers.filter(Boolean), rows };
}
