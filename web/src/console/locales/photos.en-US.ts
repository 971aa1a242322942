import type { photosZhCN } from './photos.zh-CN';

/** English for photos.zh-CN.ts (same keys). */
export const photosEnUS: typeof photosZhCN = {
  photos: {
    label: 'Photos',
    evidence: 'Photos of the work (evidence)',
    add: 'Upload photo',
    hint: 'Up to 9; phone photos are made smaller before upload and their location data is removed',
    uploading: 'Uploading photos, please wait…',
    failed: 'Upload failed',
    retry: 'Retry',
    remove: 'Remove',
    tooMany: 'Up to 9 photos',
    preview: 'View photo {{n}}',
    count: '{{n}} photos',
  },
};
