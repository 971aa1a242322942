import type { ImportJob, ImportMode, ImportRowError } from '@doorstep/contract';
import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import { AppError, invalid } from '../http/errors';

/** Starts a job row; the caller processes the file in the background and reports progress. */
export async function createImportJob(
  db: pg.Pool,
  j: { tenantId: number; kind: string; fileName: string; mode: ImportMode; total: number; userId: string },
) {
  const { rows } = await db.query(
    `insert into import_jobs (tenant_id, kind, file_name, mode, total, created_by) values ($1, $2, $3, $4, $5, $6) returning id`,
    [j.tenantId, j.kind, j.fileName, j.mode, j.total, j.userId],
  );
  return rows[0].id as number;
}

export async function reportProgress(
  db: pg.Pool,
  tenantId: number,
  id: number,
  processed: number,
  phase: string,
) {
  await db.query(
    `update import_jobs set processed = $3, summary = summary || jsonb_build_object('phase', $4::text) where tenant_id = $1 and id = $2`,
    [tenantId, id, processed, phase],
  );
}

export async function finishImportJob(
  db: pg.Pool,
  tenantId: number,
  id: number,
  r: {
    okCount: number;
    errors: ImportRowError[];
    committed: boolean;
    summary?: Record<string, unknown>;
    failed?: boolean;
  },
) {
  await db.query(
    `update import_jobs set status = $3, processed = total, ok_count = $4, error_count = $5, errors = $6, committed = $7,
            summary = summary || $8::jsonb || jsonb_build_object('phase', 'done'), finished_at = now()
      where tenant_id = $1 and id = $2`,
    [
      tenantId,
      id,
      r.failed ? 'failed' : 'done',
      r.okCount,
      r.errors.length,
      JSON.stringify(r.errors),
      r.committed,
      JSON.stringify(r.summary ?? {}),
    ],
  );
}

export async function findImportJob(
  db: pg.Pool,
  id: number,
  tenants: number[] | null,
  userId: string,
  isAdmin: boolean,
): Promise<(ImportJob & { tenantId: number }) | null> {
  const { rows } = await db.query(
    `select * from import_jobs where id = $1 and ($2::bigint[] is null or tenant_id = any($2)) and (created_by = $3 or $4)`,
    [id, tenants, userId, isAdmin],
  );
  const j = rows[0];
  if (!j) return null;
  return {
    id: j.id,
    tenantId: j.tenant_id,
    kind: j.kind,
    fileName: j.file_name,
    mode: j.mode,
    status: j.status,
    total: j.total,
    processed: j.processed,
    okCount: j.ok_count,
    errorCount: j.error_count,
    committed: j.committed,
    errors: j.errors,
    summary: j.summary,
    createdAt: j.created_at.toISOString(),
    finishedAt: j.finished_at?.toISOString() ?? null,
  };
}

/** Reads the one uploaded file and the form fields from a multipart request. */
export async function readUpload(
  req: FastifyRequest,
  maxBytes: number,
): Promise<{ fileName: string; buffer: Buffer; fields: Record<string, string> }> {
  if (!req.isMultipart())
    throw new AppError(
      415,
      'MULTIPART_REQUIRED',
      '请以表单方式上传文件',
      'Upload the file as multipart/form-data',
    );
  const fields: Record<string, string> = {};
  let file: { fileName: string; buffer: Buffer } | undefined;
  for await (const part of req.parts({ limits: { fileSize: maxBytes } })) {
    if (part.type === 'file') {
      const buffer = await part.toBuffer();
      if (part.file.truncated)
        throw new AppError(413, 'PAYLOAD_TOO_LARGE', '文件过大', 'The file is too large');
      file = { fileName: part.filename.slice(0, 200) || 'upload', buffer };
    } else fields[part.fieldname] = String(part.value).slice(0, 4000);
  }
  if (!file || file.buffer.length === 0)
    throw invalid('FILE_REQUIRED', '请选择要上传的文件', 'Choose a file to upload');
  return { ...file, fields };
}

/** XLSX files are ZIP containers: check the content, not the name. */
export const looksLikeXlsx = (b: Buffer) =>
  b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
