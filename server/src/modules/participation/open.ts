import type { Queryable } from '../../platform/db/tx';

/**
 * What other modules may read of participation for the public page and the data-use share: resolutions' and
 * projects' progress without any person (no owner names, no creators), and which requests a resolution took up.
 */

/** Rows (tenant_id, request_id, created_at) of resolutions that took up a request: for the data-use share. */
export const RESOLUTION_REQUEST_REFS = `select tenant_id, request_id, created_at from resolutions where request_id is not null`;

/** A community's resolutions (latest 20) and projects (latest 20) with their progress, for residents to judge. */
export async function publicProgress(db: Queryable, tenantId: number, communityId: number) {
  const [resolutions, projects] = await Promise.all([
    db.query(
      `select text, status, progress, due_date::text as due_date from resolutions
        where tenant_id = $1 and community_id = $2 order by created_at desc, id desc limit 20`,
      [tenantId, communityId],
    ),
    db.query(
      `select p.title, p.budget_fen,
              (select count(*) from project_milestones m where m.tenant_id = p.tenant_id and m.project_id = p.id)::int as milestones,
              (select count(*) from project_milestones m where m.tenant_id = p.tenant_id and m.project_id = p.id
                  and m.done_at is not null)::int as done
         from list_projects p where p.tenant_id = $1 and p.community_id = $2 order by p.created_at desc, p.id desc limit 20`,
      [tenantId, communityId],
    ),
  ]);
  return {
    resolutions: resolutions.rows.map((r) => ({
      text: r.text as string,
      status: r.status as string,
      progress: Number(r.progress),
      dueDate: r.due_date as string,
    })),
    projects: projects.rows.map((p) => ({
      title: p.title as string,
      milestones: p.milestones as number,
      milestonesDone: p.done as number,
      budgetYuan: Number(p.budget_fen) / 100,
    })),
  };
}
