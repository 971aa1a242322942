import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context';
import { notFound } from '../http/errors';
import { readUpload } from '../imports/jobs';
import { MAX_IMAGE_BYTES, readImage, storeImage } from './files';

export const UploadedImage = z.object({
  id: z.string(),
  url: z.string(),
  thumbUrl: z.string(),
  width: z.number(),
  height: z.number(),
  bytes: z.number(),
});

/** Photo upload (content-sniffed, size-limited, EXIF stripped) and download for signed-in users. */
export async function fileRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const root = join(ctx.config.dataDir, 'files');
  r.post('/api/files', {
    schema: {
      tags: ['files'],
      summary: '上传照片（自动去除位置等 EXIF 信息）/ Upload a photo (EXIF removed)',
      consumes: ['multipart/form-data'],
      response: { 201: UploadedImage },
    },
    handler: async (req, reply) => {
      const upload = await readUpload(req, MAX_IMAGE_BYTES);
      const stored = await storeImage(root, upload.buffer);
      return reply
        .code(201)
        .send({ ...stored, url: `/api/files/${stored.id}`, thumbUrl: `/api/files/${stored.id}/thumb` });
    },
  });
  const Params = z.object({ id: z.string().regex(/^[a-f0-9]{64}$/) });
  for (const thumb of [false, true]) {
    r.get(thumb ? '/api/files/:id/thumb' : '/api/files/:id', {
      schema: { tags: ['files'], summary: thumb ? '缩略图 / Thumbnail' : '照片 / Photo', params: Params },
      handler: async (req, reply) => {
        const bytes = await readImage(root, req.params.id, thumb);
        if (!bytes) throw notFound('Photo', '照片');
        return reply
          .type('image/jpeg')
          .header('cache-control', 'private, max-age=31536000, immutable')
          .send(bytes);
      },
    });
  }
}
