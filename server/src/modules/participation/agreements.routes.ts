import { join } from 'node:path';
import { type Agreement, AgreementList, AgreementParams, IdParams } from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../../platform/access/scopes';
import { recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import type { Queryable } from '../../platform/db/tx';
import {
  DOCUMENT_TYPES,
  type DocumentKind,
  MAX_DOCUMENT_BYTES,
  readDocument,
  storeDocument,
} from '../../platform/files/files';
import { forbidden, notFound } from '../../platform/http/errors';
import { readUpload } from '../../platform/imports/jobs';
import { communityById, isStaffOf, relatedTo } from './participation.common';

const tags = ['participation'];

/** A project the actor is staff of (404 outside the community's reach, 403 for its other people). */
async function staffProject(db: Queryable, actor: Actor, id: number, manage: boolean) {
  const { rows } = await db.query('select tenant_id, id, community_id from list_projects where id = $1', [
    id,
  ]);
  if (!rows[0]) throw notFound('Project', '项目');
  const c = await communityById(db, Number(rows[0].tenant_id), Number(rows[0].community_id));
  if (!relatedTo(actor, c)) throw notFound('Project', '项目');
  if (!isStaffOf(actor, c, manage ? 'participation.manage' : 'participation.view')) throw forbidden();
  return { p: rows[0], c };
}

async function list(db: Queryable, tenantId: number, projectId: number) {
  const { rows } = await db.query(
    `select a.*, u.name as uploader from project_agreements a left join "user" u on u.id = a.uploaded_by
      where a.tenant_id = $1 and a.project_id = $2 order by a.id`,
    [tenantId, projectId],
  );
  return rows.map(
    (a): Agreement => ({
      id: Number(a.id),
      fileName: a.file_name,
      kind: a.kind,
      bytes: a.bytes,
      uploadedBy: a.uploader ?? null,
      createdAt: (a.created_at as Date).toISOString(),
      url: `/api/lists/projects/${projectId}/agreements/${a.id}/file`,
    }),
  );
}

/** 共建协议 files on a 三张清单 project (docs/decisions/0028-microprojects.md): upload, list, download — staff only. */
export async function agreementRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool } = ctx;
  const root = join(ctx.config.dataDir, 'files');

  r.post('/api/lists/projects/:id/agreements', {
    schema: {
      tags,
      summary: '上传共建协议（PDF、Word 或图片，表单字段 file）/ Attach a co-building agreement',
      consumes: ['multipart/form-data'],
      params: IdParams,
      response: { 201: AgreementList },
    },
    handler: async (req, reply) => {
      const { p, c } = await staffProject(pool, req.actor, req.params.id, true);
      const upload = await readUpload(req, MAX_DOCUMENT_BYTES);
      const stored = await storeDocument(root, upload.buffer);
      const { rows } = await pool.query(
        `insert into project_agreements (tenant_id, project_id, file_id, kind, file_name, bytes, uploaded_by)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (tenant_id, project_id, file_id) do nothing returning id`,
        [c.tenantId, p.id, stored.id, stored.kind, upload.fileName, stored.bytes, req.actor.userId],
      );
      if (rows[0])
        await recordAudit(pool, {
          tenantId: c.tenantId,
          actorUserId: req.actor.userId,
          action: 'project.agreement',
          entityType: 'list_project',
          entityId: p.id,
          summary: { file: upload.fileName, kind: stored.kind, bytes: stored.bytes },
        });
      return reply.code(201).send({ items: await list(pool, c.tenantId, Number(p.id)) });
    },
  });

  r.get('/api/lists/projects/:id/agreements', {
    schema: { tags, summary: '共建协议 / Agreements', params: IdParams, response: { 200: AgreementList } },
    handler: async (req) => {
      const { p, c } = await staffProject(pool, req.actor, req.params.id, false);
      return { items: await list(pool, c.tenantId, Number(p.id)) };
    },
  });

  r.get('/api/lists/projects/:id/agreements/:agreementId/file', {
    schema: { tags, summary: '下载共建协议 / Download an agreement', params: AgreementParams },
    handler: async (req, reply) => {
      const { p, c } = await staffProject(pool, req.actor, req.params.id, false);
      const { rows } = await pool.query(
        'select * from project_agreements where tenant_id = $1 and project_id = $2 and id = $3',
        [c.tenantId, p.id, req.params.agreementId],
      );
      const a = rows[0];
      if (!a) throw notFound('Agreement', '协议');
      const bytes = await readDocument(root, a.file_id, a.kind as DocumentKind);
      if (!bytes) throw notFound('Agreement', '协议');
      const ext = a.kind === 'image' ? 'jpg' : a.kind;
      const name = /\.[a-z]+$/i.test(a.file_name)
        ? a.file_name.replace(/\.[a-z]+$/i, `.${ext}`)
        : `${a.file_name}.${ext}`;
      return reply
        .type(DOCUMENT_TYPES[a.kind as DocumentKind])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  });
}
