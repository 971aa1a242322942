import { type ImportMode, type ImportRowError, PolygonGeometry } from '@doorstep/contract';
import type pg from 'pg';
import type { Actor } from '../../platform/access/scopes';
import { AppError } from '../../platform/http/errors';
import { finishImportJob, reportProgress } from '../../platform/imports/jobs';
import { findByCode } from './areas.queries';
import { updateArea } from './areas.service';
import { convertGeometry } from './geo';

export interface GeoFeature {
  row: number;
  properties: Record<string, unknown>;
  geometry: unknown;
}

/** Features of a GeoJSON FeatureCollection (or a single Feature), numbered from 1; null if it is not GeoJSON. */
export function parseFeatures(text: string): GeoFeature[] | null {
  let doc: { type?: string; features?: unknown[]; properties?: unknown; geometry?: unknown };
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  const list =
    doc?.type === 'FeatureCollection' && Array.isArray(doc.features)
      ? doc.features
      : doc?.type === 'Feature'
        ? [doc]
        : null;
  if (!list) return null;
  return list.map((f, i) => {
    const feature = (f ?? {}) as { properties?: Record<string, unknown>; geometry?: unknown };
    return { row: i + 1, properties: feature.properties ?? {}, geometry: feature.geometry };
  });
}

const codeOf = (p: Record<string, unknown>) =>
  String(p.code ?? p.编码 ?? p.grid_code ?? p.gridCode ?? '').trim();

/** Sets grid (or community/compound) outlines matched by code; one savepoint per feature, as the Excel import. */
export async function runGeoJsonImport(
  pool: pg.Pool,
  actor: Actor,
  job: { tenantId: number; id: number; mode: ImportMode; crs: 'wgs84' | 'gcj02' },
  features: GeoFeature[],
) {
  const errors: ImportRowError[] = [];
  let updated = 0;
  const tx = await pool.connect();
  const fail = (f: GeoFeature, code: string, zh: string, en: string) =>
    errors.push({
      row: f.row,
      field: code.startsWith('GEOMETRY') ? 'geometry' : 'code',
      code,
      message: { 'zh-CN': zh, 'en-US': en },
      values: { ...f.properties, geometryType: (f.geometry as { type?: string })?.type ?? null },
    });
  try {
    await tx.query('begin');
    for (const f of features) {
      if (f.row % 20 === 0) await reportProgress(pool, job.tenantId, job.id, f.row, 'importing');
      const code = codeOf(f.properties);
      if (!code) {
        fail(f, 'CODE_REQUIRED', '要素缺少 code（编码）属性', 'Feature has no code property');
        continue;
      }
      const parsed = PolygonGeometry.safeParse(f.geometry);
      if (!parsed.success) {
        fail(
          f,
          'GEOMETRY_INVALID',
          '几何应为 Polygon 或 MultiPolygon，坐标为经纬度',
          'Geometry must be a Polygon or MultiPolygon in lng/lat',
        );
        continue;
      }
      await tx.query('savepoint feature');
      try {
        const area = await findByCode(tx, job.tenantId, code);
        if (!area)
          throw new AppError(
            422,
            'CODE_NOT_FOUND',
            `编码 ${code} 在区域树中不存在`,
            `No node with code ${code}`,
          );
        await updateArea(tx, actor, area.id, {
          version: area.version,
          geometry: convertGeometry(parsed.data, job.crs, 'wgs84'),
        });
        updated++;
        await tx.query('release savepoint feature');
      } catch (err) {
        await tx.query('rollback to savepoint feature');
        if (!(err instanceof AppError)) throw err;
        fail(f, err.code, err.zh, err.en);
      }
    }
    const commit = job.mode === 'valid_rows' || (job.mode === 'all_or_nothing' && errors.length === 0);
    await tx.query(commit ? 'commit' : 'rollback');
    await finishImportJob(pool, job.tenantId, job.id, {
      okCount: updated,
      errors,
      committed: commit,
      summary: { updated },
    });
  } catch (err) {
    await tx.query('rollback').catch(() => {});
    await finishImportJob(pool, job.tenantId, job.id, {
      okCount: 0,
      errors,
      committed: false,
      failed: true,
      summary: { failure: (err as Error).message },
    });
  } finally {
    tx.release();
  }
}
