/**
 * Areas: the tree 街道 → 社区 → 网格 → 小区 → 楼栋, grid workers (一格一员), outlines and point → grid,
 * Excel/GeoJSON import and export, and the party-organisation tree beside it.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { areaExcelRoutes } from './areas.excel.routes';
import { areaRoutes } from './areas.routes';
import { partyOrgRoutes } from './party-orgs';

export async function areasRoutes(app: FastifyInstance, ctx: AppContext) {
  await areaExcelRoutes(app, ctx);
  await areaRoutes(app, ctx);
  await partyOrgRoutes(app, ctx);
}

export { homeOf } from './areas.home';
export { type Place, placeByAddress, placeOf } from './areas.place';
export { findArea, listStreets, managedCommunity } from './areas.queries';
export { bboxOf, boxLiteral, containsPoint, convertGeometry, convertPoint } from './geo';
export { type GridHit, locateGrid } from './locate';
