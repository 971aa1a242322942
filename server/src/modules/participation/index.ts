/**
 * Participation: micro-wishes 微心愿 with skills 党员所长 and points for fulfilled wishes, the deliberation hall 议事厅
 * (topics, supports, meetings, votes, resolutions), 群众阅卷 (residents mark the cadres), and the three lists 三张清单 with the dormant list 沉睡清单
 * (docs/decisions/0022-participation.md).
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { agreementRoutes } from './agreements.routes';
import { hallRoutes } from './hall.routes';
import { listImportRoutes } from './lists.import';
import { listRoutes } from './lists.routes';
import { microprojectRoutes } from './microprojects.routes';
import { ratingRoutes } from './ratings.routes';
import { wishRoutes } from './wishes.routes';

export async function participationRoutes(app: FastifyInstance, ctx: AppContext) {
  await wishRoutes(app, ctx);
  await hallRoutes(app, ctx);
  await listRoutes(app, ctx);
  await listImportRoutes(app, ctx);
  await ratingRoutes(app, ctx);
  await microprojectRoutes(app, ctx);
  await agreementRoutes(app, ctx);
}

export { publicProgress, RESOLUTION_REQUEST_REFS } from './open';
export { seedParticipation } from './participation.seed';
export { remindResolutions } from './resolutions.service';
export { sweepWishes } from './wishes.service';
