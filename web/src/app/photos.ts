import { upload } from './api';

/** Photos on a request, a step or a note: ids from POST /api/files (the contract allows 9 at most). */
export const MAX_PHOTOS = 9;
/** Longest side after downscaling in the browser, and the JPEG quality: a 5 MB phone photo becomes ~300 KB. */
export const MAX_SIDE = 1600;
export const JPEG_QUALITY = 0.85;
/** Below this a JPEG/PNG/WebP within MAX_SIDE is sent as it is (re-encoding would not gain anything). */
export const SMALL_BYTES = 400 * 1024;

export const photoUrl = (id: string) => `/api/files/${id}`;
export const thumbUrl = (id: string) => `/api/files/${id}/thumb`;

export interface UploadedPhoto {
  id: string;
  url: string;
  thumbUrl: string;
  width: number;
  height: number;
  bytes: number;
}

/** The size that fits within `max` on its longest side, keeping the aspect ratio (never enlarges). */
export function fitWithin(width: number, height: number, max = MAX_SIDE): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (!(longest > max)) return { width, height };
  const k = max / longest;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

const SENDABLE = ['image/jpeg', 'image/png', 'image/webp'];

/** Whether to re-encode before sending: too large in bytes or pixels, or a type the server does not take. */
export function needsDownscale(file: { size: number; type: string }, width: number, height: number): boolean {
  if (!SENDABLE.includes(file.type)) return true;
  return file.size > SMALL_BYTES || Math.max(width, height) > MAX_SIDE;
}

/** Decodes an image file with its EXIF orientation applied (createImageBitmap, else an <img>). */
async function decode(
  file: Blob,
): Promise<{ source: CanvasImageSource; width: number; height: number; close: () => void }> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bmp, width: bmp.width, height: bmp.height, close: () => bmp.close() };
    } catch {
      // some browsers refuse the options or the format: fall back to <img>
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => {} };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * A phone photo made small enough to upload quickly on 4G: longest side ≤ 1600 px, JPEG at 0.85. Small images
 * are sent as they are; if the browser cannot decode the file (HEIC on some phones), the original goes and the
 * server decides.
 */
export async function downscale(file: File): Promise<Blob> {
  let img: Awaited<ReturnType<typeof decode>>;
  try {
    img = await decode(file);
  } catch {
    return file;
  }
  try {
    if (!needsDownscale(file, img.width, img.height)) return file;
    const size = fitWithin(img.width, img.height);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const g = canvas.getContext('2d');
    if (!g) return file;
    // JPEG has no transparency: a PNG screenshot's clear parts become white, not black
    g.fillStyle = '#fff';
    g.fillRect(0, 0, size.width, size.height);
    g.drawImage(img.source, 0, 0, size.width, size.height);
    const blob = await new Promise<Blob | null>((resolve) =>
      canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY),
    );
    // keep the original when re-encoding did not make it smaller (and it is a type the server takes)
    if (!blob) return file;
    return blob.size < file.size || !SENDABLE.includes(file.type) ? blob : file;
  } finally {
    img.close();
  }
}

/** Downscales and uploads one photo (multipart, field "file"), reporting upload progress in percent. */
export async function uploadPhoto(file: File, onProgress: (percent: number) => void = () => {}) {
  const blob = await downscale(file);
  const form = new FormData();
  const name =
    blob === file ? file.name || 'photo.jpg' : `${(file.name || 'photo').replace(/\.[^.]*$/, '')}.jpg`;
  form.append('file', blob, name);
  return upload<UploadedPhoto>('/api/files', form, onProgress);
}
