// Shared with the H5's map pin: see app/baseMap.ts.
export { createBaseMap } from '../../app/baseMap';
