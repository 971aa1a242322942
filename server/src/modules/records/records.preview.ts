import { RosterPreview } from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { can } from '../../platform/access/policy';
import { forbidden } from '../../platform/http/errors';
import { readUpload } from '../../platform/imports/jobs';
import { readTableFile } from '../../platform/imports/table-file';
import { maskPhone } from '../../platform/privacy';
import { PERSON_COLUMNS, shown } from './records.import';
import { type Columns, guessMapping, missingFields } from './records.roster';
import { THING_COLUMNS } from './records.things.routes';
import { UNIT_COLUMNS } from './records.units.routes';

const tags = ['records'];
const MAX_FILE = 10 * 1024 * 1024;

const ROSTERS: Record<string, { columns: Columns; required: string[] }> = {
  people: { columns: PERSON_COLUMNS, required: ['name', 'building'] },
  units: { columns: UNIT_COLUMNS, required: ['name'] },
  things: { columns: THING_COLUMNS, required: [] },
};

/**
 * 列对应: before the dry run the console shows a roster file's headers and first rows and the mapping guessed from
 * the aliases; the user adjusts it and sends it with the import. Sample values that look like ID numbers or phones
 * are masked (the user's own file, but the answer must not carry clear personal data).
 */
export async function rosterPreviewRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const [kind, roster] of Object.entries(ROSTERS))
    r.post(`/api/records/${kind}/preview`, {
      schema: {
        tags,
        summary: `预览${kind === 'people' ? '人员' : kind === 'units' ? '单位' : '部件'}名册（表单字段 file）：表头、样例与建议的列对应 / Preview a ${kind} roster`,
        consumes: ['multipart/form-data'],
        response: { 200: RosterPreview },
      },
      handler: async (req) => {
        if (!can(req.actor, 'records.import')) throw forbidden();
        const upload = await readUpload(req, MAX_FILE);
        const sheet = await readTableFile(upload.buffer);
        const mapping = guessMapping(roster.columns, sheet.headers);
        const contact = kind === 'units' ? mapping.contactPhone : undefined;
        return {
          fileName: upload.fileName,
          encoding: sheet.encoding,
          headers: sheet.headers,
          rows: sheet.rows.length,
          sample: sheet.rows.slice(0, 5).map((x) => {
            const v = shown(x.values, kind === 'people' ? mapping : {});
            if (contact && v[contact]) v[contact] = maskPhone(v[contact]) ?? '';
            return v;
          }),
          mapping,
          missing:
            kind === 'things' && !mapping.code && !(mapping.classCode && mapping.subclassCode)
              ? ['code']
              : missingFields(roster.columns, roster.required, sheet.headers, {}).length
                ? roster.required.filter((f) => !mapping[f])
                : [],
        };
      },
    });
}
