import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { invalid } from '../http/errors';

/** What the bytes are, by their first bytes — never by the file name or the declared type. */
export function sniffImage(b: Buffer): 'jpeg' | 'png' | 'webp' | null {
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  return null;
}

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const FILE_ID_RE = /^[a-f0-9]{64}$/;

/**
 * Stores a photo: re-encoded as JPEG (longest side ≤ 2048 px, orientation applied) — which drops every EXIF
 * field, the GPS position included — plus a 320 px thumbnail. The id is the SHA-256 of the stored JPEG, so the
 * same photo uploaded twice is stored once. Local disk under DATA_DIR/files (S3 behind the same functions later).
 */
export async function storeImage(
  root: string,
  input: Buffer,
): Promise<{ id: string; width: number; height: number; bytes: number }> {
  if (!sniffImage(input))
    throw invalid(
      'FILE_NOT_IMAGE',
      '只能上传 JPEG、PNG 或 WebP 图片',
      'Only JPEG, PNG or WebP images can be uploaded',
    );
  const sharp = (await import('sharp')).default;
  let out: { data: Buffer; info: { width: number; height: number } };
  let thumb: Buffer;
  try {
    const base = sharp(input, { failOn: 'error', limitInputPixels: 60_000_000 }).rotate();
    out = await base
      .clone()
      .resize({ width: 2048, height: 2048, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    thumb = await base
      .clone()
      .resize({ width: 320, height: 320, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer();
  } catch {
    throw invalid('FILE_UNREADABLE', '图片已损坏或无法读取', 'The image is damaged or cannot be read');
  }
  const id = createHash('sha256').update(out.data).digest('hex');
  const path = filePath(root, id);
  if (!existsSync(path)) {
    await mkdir(dirname(path), { recursive: true });
    // write then rename: a crash never leaves half a file under the final name
    await writeFile(`${path}.tmp`, out.data);
    await writeFile(`${path}.thumb.jpg`, thumb);
    await rename(`${path}.tmp`, path);
  }
  return { id, width: out.info.width, height: out.info.height, bytes: out.data.length };
}

export const filePath = (root: string, id: string) => join(root, id.slice(0, 2), `${id}.jpg`);

export async function readImage(root: string, id: string, thumb: boolean): Promise<Buffer | null> {
  if (!FILE_ID_RE.test(id)) return null;
  const path = filePath(root, id) + (thumb ? '.thumb.jpg' : '');
  return existsSync(path) ? readFile(path) : null;
}

export const imageExists = (root: string, id: string) =>
  FILE_ID_RE.test(id) && existsSync(filePath(root, id));

/** Throws 422 unless every referenced photo was uploaded first. */
export function checkPhotos(root: string, ids: readonly string[]) {
  const missing = ids.filter((id) => !imageExists(root, id));
  if (missing.length)
    throw invalid(
      'PHOTO_NOT_FOUND',
      '有照片尚未上传成功，请重新选择',
      'A photo was not uploaded; choose it again',
      { missing },
    );
}

export type DocumentKind = 'pdf' | 'docx' | 'image';
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
const DOC_EXT: Record<Exclude<DocumentKind, 'image'>, string> = { pdf: 'pdf', docx: 'docx' };

/**
 * Stores a document (a signed agreement): a PDF or a Word .docx kept as uploaded, by the SHA-256 of its bytes; an
 * image goes through storeImage (re-encoded, EXIF removed) and is stored like a photo. The kind comes from the bytes:
 * a PDF starts with %PDF-, a .docx is a ZIP holding word/document.xml.
 */
export async function storeDocument(
  root: string,
  input: Buffer,
): Promise<{ id: string; kind: DocumentKind; bytes: number }> {
  if (sniffImage(input)) {
    const img = await storeImage(root, input);
    return { id: img.id, kind: 'image', bytes: img.bytes };
  }
  const kind: DocumentKind | null =
    input.length > 5 && input.toString('latin1', 0, 5) === '%PDF-'
      ? 'pdf'
      : input.length > 4 &&
          input[0] === 0x50 &&
          input[1] === 0x4b &&
          input[2] === 0x03 &&
          input[3] === 0x04 &&
          input.includes('word/document.xml')
        ? 'docx'
        : null;
  if (!kind)
    throw invalid(
      'FILE_TYPE',
      '只能上传 PDF、Word（.docx）或图片',
      'Only PDF, Word (.docx) or image files can be uploaded',
    );
  const id = createHash('sha256').update(input).digest('hex');
  const path = documentPath(root, id, kind);
  if (!existsSync(path)) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.tmp`, input);
    await rename(`${path}.tmp`, path);
  }
  return { id, kind, bytes: input.length };
}

export const documentPath = (root: string, id: string, kind: DocumentKind) =>
  kind === 'image' ? filePath(root, id) : join(root, id.slice(0, 2), `${id}.${DOC_EXT[kind]}`);

export const DOCUMENT_TYPES: Record<DocumentKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  image: 'image/jpeg',
};

export async function readDocument(root: string, id: string, kind: DocumentKind): Promise<Buffer | null> {
  if (!FILE_ID_RE.test(id)) return null;
  const path = documentPath(root, id, kind);
  return existsSync(path) ? readFile(path) : null;
}
