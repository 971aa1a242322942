import {
  Address,
  AddressBody,
  AddressList,
  AddressListQuery,
  AddressPatch,
  AuditList,
  DataAccessList,
  Figures,
  FiguresQuery,
  House,
  HouseBody,
  HouseList,
  HouseListQuery,
  HousePatch,
  IdParams,
  MyRecords,
  PersonBody,
  PersonDetail,
  PersonList,
  PersonListQuery,
  PersonPatch,
  RecordTag,
  RecordTagBody,
  RecordTagList,
  RecordTagPatch,
  UnmaskBody,
  Unmasked,
  VersionBody,
} from '@doorstep/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, scopesWith, tenantFilter, tenantsOf } from '../../platform/access/policy';
import type { Actor } from '../../platform/access/scopes';
import { listAudit, recordAudit } from '../../platform/audit/audit';
import type { AppContext } from '../../platform/context';
import { binder } from '../../platform/db/bind';
import { inTx, type Queryable } from '../../platform/db/tx';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/errors';
import { decrypt } from '../../platform/pii';
import { recordsExcelRoutes } from './records.excel';
import { firstSend, idempotencyKey } from './records.idempotency';
import { rosterPreviewRoutes } from './records.preview';
import {
  addressLabel,
  PERSON_SELECT,
  type PersonRow,
  personFilter,
  presentPerson,
  reach,
} from './records.queries';
import { backfillPinyin } from './records.search';
import {
  archivePerson,
  areaFor,
  canUnmask,
  cleanRoom,
  cleanUnit,
  createHouse,
  createPerson,
  findAddress,
  houseFor,
  personFor,
  readUnmasked,
  unmaskPerson,
  updateHouse,
  updatePerson,
  versionConflict,
} from './records.service';
import { thingRoutes } from './records.things.routes';
import { unitRoutes } from './records.units.routes';

const tags = ['records'];
const ArchiveBody = VersionBody.extend({ archived: z.boolean().default(true) });

/** 人房 basic records: group tags, standard addresses, people, houses, figures, unmasking, and a resident's view. */
export async function recordRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pool = ctx.pool;
  const keys = ctx.config.pii;
  await recordsExcelRoutes(app, ctx);
  await unitRoutes(app, ctx);
  await thingRoutes(app, ctx);
  await rosterPreviewRoutes(app);
  // rows from before pinyin search (or loaded by SQL) become searchable by pinyin, in the background
  setImmediate(
    () => void backfillPinyin(pool).catch((err) => ctx.log.warn({ err }, 'pinyin backfill failed')),
  );

  const needView = (actor: Actor) => {
    if (!scopesWith(actor, 'records.view').length && !actor.isPlatformAdmin) throw forbidden();
  };

  // ——— tags ———
  /** The street whose tag list the actor edits: their (first) tenant holding records.manage. */
  const tagTenant = (actor: Actor, tenantId?: number) => {
    const t = tenantId ?? scopesWith(actor, 'records.manage')[0]?.tenantId ?? tenantsOf(actor)[0];
    if (t === undefined) throw forbidden();
    return t;
  };

  r.get('/api/records/tags', {
    schema: { tags, summary: '人群标签 / Group tags', response: { 200: RecordTagList } },
    handler: async (req) => {
      needView(req.actor);
      const b = binder();
      const scope = reach(req.actor, 'records.view', 'a', b);
      const tenants = tenantFilter(req.actor);
      const { rows } = await pool.query(
        `select t.id, t.name, t.builtin, t.version, t.archived_at is not null as archived,
                (select count(*)::int from person_tags pt join people p on p.tenant_id = pt.tenant_id and p.id = pt.person_id
                   join areas a on a.tenant_id = p.tenant_id and a.id = p.area_id
                  where pt.tenant_id = t.tenant_id and pt.tag_id = t.id and p.archived_at is null ${scope ? `and ${scope}` : ''}) as people
           from record_tags t ${tenants ? `where t.tenant_id = any(${b.bind('?::bigint[]', tenants)})` : ''}
          order by t.archived_at nulls first, not t.builtin, t.id`,
        b.values,
      );
      return { items: rows };
    },
  });

  r.post('/api/records/tags', {
    schema: {
      tags,
      summary: '新增人群标签 / Add a group tag',
      body: RecordTagBody,
      response: { 201: RecordTag },
    },
    handler: async (req, reply) => {
      if (!can(req.actor, 'records.manage') || (req.actor.isPlatformAdmin && !tenantsOf(req.actor).length))
        throw forbidden();
      const tenantId = tagTenant(req.actor);
      const tag = await inTx(pool, async (tx) => {
        const { rows } = await tx.query(
          `insert into record_tags (tenant_id, name) values ($1, $2) on conflict (tenant_id, name) do nothing
           returning id, name, builtin, version, false as archived, 0 as people`,
          [tenantId, req.body.name],
        );
        if (!rows[0]) throw conflict('TAG_EXISTS', '已有同名标签', 'A tag with that name exists');
        await recordAudit(tx, {
          tenantId,
          actorUserId: req.actor.userId,
          action: 'tag.create',
          entityType: 'record_tag',
          entityId: rows[0].id,
          summary: { name: req.body.name },
        });
        return rows[0];
      });
      return reply.code(201).send(tag);
    },
  });

  r.patch('/api/records/tags/:id', {
    schema: {
      tags,
      summary: '改名或停用人群标签 / Rename or archive a tag',
      params: IdParams,
      body: RecordTagPatch,
      response: { 200: RecordTag },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        const { rows } = await tx.query('select * from record_tags where id = $1 for update', [
          req.params.id,
        ]);
        const t = rows[0];
        const tenants = tenantFilter(req.actor);
        if (!t || (tenants && !tenants.includes(t.tenant_id))) throw notFound('Tag', '标签');
        const managers = scopesWith(req.actor, 'records.manage').filter((s) => s.tenantId === t.tenant_id);
        if (!managers.length && !req.actor.isPlatformAdmin) throw forbidden();
        if (t.version !== req.body.version) throw versionConflict();
        if (req.body.name && t.builtin && req.body.name !== t.name)
          throw invalid('TAG_BUILTIN', '内置标签不能改名', 'Built-in tags keep their name');
        const name = req.body.name ?? t.name;
        const archived = req.body.archived ?? t.archived_at !== null;
        if (t.builtin && archived && t.archived_at === null)
          throw conflict(
            'TAG_BUILTIN_ARCHIVE',
            '内置标签（如独居老人）不能停用：人群统计和数据画像依赖它们',
            'Built-in tags (e.g. 独居老人) cannot be archived: group figures and the data portrait rely on them',
          );
        const upd = await tx
          .query(
            `update record_tags set name = $2, archived_at = case when $3 then coalesce(archived_at, now()) end,
                    version = version + 1 where tenant_id = $4 and id = $1
             returning id, name, builtin, version, archived_at is not null as archived, 0 as people`,
            [t.id, name, archived, t.tenant_id],
          )
          .catch((err) => {
            if (err.code === '23505')
              throw conflict('TAG_EXISTS', '已有同名标签', 'A tag with that name exists');
            throw err;
          });
        await recordAudit(tx, {
          tenantId: t.tenant_id,
          actorUserId: req.actor.userId,
          action: 'tag.update',
          entityType: 'record_tag',
          entityId: t.id,
          summary: { name: [t.name, name], archived: [t.archived_at !== null, archived] },
        });
        return upd.rows[0];
      }),
  });

  // ——— standard addresses ———
  const presentAddress = (a: Record<string, unknown>) => ({
    id: Number(a.id),
    buildingId: Number(a.building_id),
    unit: a.unit as string,
    room: a.room as string,
    label: addressLabel(a as { compound_name: string; building_name: string; unit: string; room: string }),
    gridName: (a.grid_name as string | null) ?? null,
    communityName: (a.community_name as string | null) ?? null,
    version: a.version as number,
  });
  const ADDRESS_SELECT = `select ad.id, ad.building_id, ad.unit, ad.room, ad.version, b.name as building_name,
        k.name as compound_name, g.name as grid_name, c.name as community_name
      from addresses ad join areas b on b.tenant_id = ad.tenant_id and b.id = ad.building_id
      left join areas k on k.tenant_id = b.tenant_id and k.id = b.parent_id
      left join areas g on g.tenant_id = k.tenant_id and g.id = k.parent_id
      left join areas c on c.tenant_id = g.tenant_id and c.id = g.parent_id`;
  const oneAddress = async (db: Queryable, id: number) =>
    presentAddress((await db.query(`${ADDRESS_SELECT} where ad.id = $1`, [id])).rows[0]);

  r.get('/api/records/addresses', {
    schema: {
      tags,
      summary: '标准地址（楼栋/单元/室）/ Standard addresses',
      querystring: AddressListQuery,
      response: { 200: AddressList },
    },
    handler: async (req) => {
      needView(req.actor);
      const q = req.query;
      const b = binder();
      const where = ['ad.archived_at is null'];
      const scope = reach(req.actor, 'records.view', 'b', b);
      if (scope) where.push(scope);
      if (q.buildingId) where.push(b.bind('ad.building_id = ?', q.buildingId));
      if (q.areaId) {
        const a = await areaFor(pool, req.actor, q.areaId, 'records.view');
        where.push(b.bind('b.tenant_id = ?', a.tenant_id), b.bind('b.path <@ ?::ltree', a.path));
      }
      const sql = `${ADDRESS_SELECT} where ${where.join(' and ')}`;
      const [page, count] = await Promise.all([
        pool.query(
          `${sql} order by b.path, length(ad.unit), ad.unit, length(ad.room), ad.room
            limit ${b.bind('?', q.pageSize)} offset ${b.bind('?', (q.page - 1) * q.pageSize)}`,
          b.values,
        ),
        pool.query(`select count(*)::int as n from (${sql}) x`, b.values.slice(0, -2)),
      ]);
      return { items: page.rows.map(presentAddress), total: count.rows[0].n };
    },
  });

  r.post('/api/records/addresses', {
    schema: { tags, summary: '新增标准地址 / Add an address', body: AddressBody, response: { 201: Address } },
    handler: async (req, reply) => {
      const out = await inTx(pool, async (tx) => {
        const b = await areaFor(tx, req.actor, req.body.buildingId, 'records.edit');
        if (b.kind !== 'building')
          throw invalid('NOT_A_BUILDING', '标准地址须挂在楼栋下', 'An address belongs to a building');
        const { rows } = await tx.query(
          `insert into addresses (tenant_id, building_id, unit, room) values ($1, $2, $3, $4)
           on conflict (tenant_id, building_id, unit, room) do nothing returning id`,
          [b.tenant_id, b.id, cleanUnit(req.body.unit), cleanRoom(req.body.room)],
        );
        if (!rows[0]) throw conflict('ADDRESS_EXISTS', '该地址已存在', 'That address exists');
        await recordAudit(tx, {
          tenantId: b.tenant_id,
          actorUserId: req.actor.userId,
          action: 'address.create',
          entityType: 'address',
          entityId: rows[0].id,
          summary: { buildingId: b.id, unit: req.body.unit, room: req.body.room },
        });
        return oneAddress(tx, rows[0].id);
      });
      return reply.code(201).send(out);
    },
  });

  r.patch('/api/records/addresses/:id', {
    schema: {
      tags,
      summary: '修改标准地址 / Edit an address',
      params: IdParams,
      body: AddressPatch,
      response: { 200: Address },
    },
    handler: async (req) =>
      inTx(pool, async (tx) => {
        const ad = await findAddress(tx, req.params.id);
        if (!ad || !can(req.actor, 'records.view', { tenantId: ad.tenant_id, path: ad.path }))
          throw notFound('Address', '地址');
        if (!can(req.actor, 'records.edit', { tenantId: ad.tenant_id, path: ad.path })) throw forbidden();
        if (ad.version !== req.body.version) throw versionConflict();
        const unit = req.body.unit === undefined ? ad.unit : cleanUnit(req.body.unit);
        const room = req.body.room === undefined ? ad.room : cleanRoom(req.body.room);
        await tx
          .query(
            'update addresses set unit = $3, room = $4, version = version + 1, updated_at = now() where tenant_id = $1 and id = $2 and version = $5',
            [ad.tenant_id, ad.id, unit, room, req.body.version],
          )
          .catch((err) => {
            if (err.code === '23505') throw conflict('ADDRESS_EXISTS', '该地址已存在', 'That address exists');
            throw err;
          });
        await recordAudit(tx, {
          tenantId: ad.tenant_id,
          actorUserId: req.actor.userId,
          action: 'address.update',
          entityType: 'address',
          entityId: ad.id,
          summary: { unit: [ad.unit, unit], room: [ad.room, room] },
        });
        return oneAddress(tx, ad.id);
      }),
  });

  // ——— people ———
  const personDetail = async (actor: Actor, id: number) => {
    const p = await personFor(pool, actor, id, 'records.view');
    const { rows: houses } = await pool.query(
      `select h.id, ad.unit, ad.room, b.name as building_name, k.name as compound_name,
              case when h.owner_id = $2 then 'owner' else 'occupant' end as role
         from houses h join addresses ad on ad.tenant_id = h.tenant_id and ad.id = h.address_id
         join areas b on b.tenant_id = ad.tenant_id and b.id = ad.building_id
         left join areas k on k.tenant_id = b.tenant_id and k.id = b.parent_id
        where h.tenant_id = $1 and h.archived_at is null and (h.owner_id = $2 or exists (
          select 1 from house_occupants o where o.tenant_id = h.tenant_id and o.house_id = h.id and o.person_id = $2))
        order by h.id`,
      [p.tenant_id, id],
    );
    const target = { tenantId: p.tenant_id, path: p.area_path };
    return {
      ...presentPerson(keys, p),
      note: p.note,
      houses: houses.map((h) => ({ id: Number(h.id), label: addressLabel(h), role: h.role })),
      createdAt: p.created_at.toISOString(),
      updatedAt: p.updated_at.toISOString(),
      canEdit: can(actor, 'records.edit', target) && !p.archived_at,
      canUnmask: canUnmask(actor, p),
    };
  };

  r.get('/api/records/people', {
    schema: {
      tags,
      summary: '人员台账（姓名模糊、身份证号/手机号精确、标签、区域）/ People roster',
      querystring: PersonListQuery,
      response: { 200: PersonList },
    },
    handler: async (req) => {
      needView(req.actor);
      const q = req.query;
      const { from, values } = await personFilter(pool, keys, req.actor, q);
      const n = values.length;
      const order = q.q
        ? `order by (p.name = $${n + 3}) desc, similarity(p.name, $${n + 3}) desc, p.id`
        : 'order by a.path, p.address_id nulls last, p.id';
      const [page, count] = await Promise.all([
        pool.query(`select p.id ${from} ${order} limit $${n + 1} offset $${n + 2}`, [
          ...values,
          q.pageSize,
          (q.page - 1) * q.pageSize,
          ...(q.q ? [q.q] : []),
        ]),
        pool.query(`select count(*)::int as n ${from}`, values),
      ]);
      const ids = page.rows.map((x) => x.id);
      const { rows } = await pool.query(`${PERSON_SELECT} where p.id = any($1::bigint[])`, [ids]);
      const byId = new Map(rows.map((x) => [Number(x.id), x as PersonRow]));
      return {
        items: ids.map((id) => presentPerson(keys, byId.get(Number(id))!)),
        total: count.rows[0].n,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  });

  r.get('/api/records/people/:id', {
    schema: {
      tags,
      summary: '人员详情（脱敏）/ A person (masked)',
      params: IdParams,
      response: { 200: PersonDetail },
    },
    handler: async (req) => personDetail(req.actor, req.params.id),
  });

  r.post('/api/records/people', {
    schema: { tags, summary: '登记人员 / Add a person', body: PersonBody, response: { 201: PersonDetail } },
    handler: async (req, reply) => {
      const id = await inTx(pool, (tx) => createPerson(tx, keys, req.actor, req.body)).catch(uniqueIdNumber);
      return reply.code(201).send(await personDetail(req.actor, id));
    },
  });

  r.patch('/api/records/people/:id', {
    schema: {
      tags,
      summary: '修改人员（版本号，冲突 409；可带 Idempotency-Key 与走访记录）/ Edit a person',
      params: IdParams,
      body: PersonPatch,
      response: { 200: PersonDetail },
    },
    handler: async (req) => {
      const key = idempotencyKey(req.headers);
      await inTx(pool, async (tx) => {
        // a grid worker's queued visit edit, sent again after a lost answer: applied once
        if (key) {
          const p = await personFor(tx, req.actor, req.params.id, 'records.edit');
          if (!(await firstSend(tx, p.tenant_id, req.actor.userId, key, 'person', p.id))) return;
        }
        await updatePerson(tx, keys, req.actor, req.params.id, req.body);
      }).catch(uniqueIdNumber);
      return personDetail(req.actor, req.params.id);
    },
  });

  r.post('/api/records/people/:id/archive', {
    schema: {
      tags,
      summary: '归档或恢复人员 / Archive or restore a person',
      params: IdParams,
      body: ArchiveBody,
      response: { 200: PersonDetail },
    },
    handler: async (req) => {
      await inTx(pool, (tx) =>
        archivePerson(tx, req.actor, req.params.id, req.body.version, req.body.archived),
      );
      return personDetail(req.actor, req.params.id);
    },
  });

  r.get('/api/records/people/:id/history', {
    schema: {
      tags,
      summary: '人员变更记录（脱敏）/ A person’s change history',
      params: IdParams,
      response: { 200: AuditList },
    },
    handler: async (req) => {
      const p = await personFor(pool, req.actor, req.params.id, 'records.edit');
      return { items: await listAudit(pool, p.tenant_id, 'person', p.id) };
    },
  });

  r.post('/api/records/people/:id/unmask', {
    schema: {
      tags,
      summary: '查看完整信息（说明用途，10分钟有效，记入审计）/ Unmask with a purpose',
      params: IdParams,
      body: UnmaskBody,
      response: { 200: Unmasked },
    },
    handler: async (req) =>
      inTx(pool, (tx) => unmaskPerson(tx, keys, req.actor, req.params.id, req.body.purpose)),
  });

  r.get('/api/records/people/:id/unmask', {
    schema: {
      tags,
      summary: '授权有效期内再次查看完整信息 / Read again while the grant lasts',
      params: IdParams,
      response: { 200: Unmasked },
    },
    handler: async (req) => inTx(pool, (tx) => readUnmasked(tx, keys, req.actor, req.params.id)),
  });

  // ——— houses ———
  const HOUSE_SELECT = `select h.id, h.address_id, h.use, h.area_m2, h.owner_id, h.version, ad.unit, ad.room,
        ad.building_id, b.name as building_name, k.name as compound_name, ow.name as owner_name,
        coalesce((select json_agg(json_build_object('id', q.id, 'name', q.name) order by q.id) from house_occupants o
                   join people q on q.tenant_id = o.tenant_id and q.id = o.person_id
                  where o.tenant_id = h.tenant_id and o.house_id = h.id), '[]') as occupants
      from houses h join addresses ad on ad.tenant_id = h.tenant_id and ad.id = h.address_id
      join areas b on b.tenant_id = ad.tenant_id and b.id = ad.building_id
      left join areas k on k.tenant_id = b.tenant_id and k.id = b.parent_id
      left join people ow on ow.tenant_id = h.tenant_id and ow.id = h.owner_id`;
  const presentHouse = (h: Record<string, unknown>) => ({
    id: Number(h.id),
    address: {
      id: Number(h.address_id),
      label: addressLabel(h as { compound_name: string; building_name: string; unit: string; room: string }),
      buildingId: Number(h.building_id),
    },
    use: h.use as 'rented',
    areaM2: h.area_m2 === null ? null : Number(h.area_m2),
    owner: h.owner_id ? { id: Number(h.owner_id), name: h.owner_name as string } : null,
    occupants: h.occupants as { id: number; name: string }[],
    version: h.version as number,
  });
  const oneHouse = async (id: number) =>
    presentHouse((await pool.query(`${HOUSE_SELECT} where h.id = $1`, [id])).rows[0]);

  r.get('/api/records/houses', {
    schema: {
      tags,
      summary: '房屋（按楼栋）/ Houses by building',
      querystring: HouseListQuery,
      response: { 200: HouseList },
    },
    handler: async (req) => {
      needView(req.actor);
      const q = req.query;
      const b = binder();
      const where = ['h.archived_at is null'];
      const scope = reach(req.actor, 'records.view', 'b', b);
      if (scope) where.push(scope);
      if (q.buildingId) where.push(b.bind('ad.building_id = ?', q.buildingId));
      if (q.use) where.push(b.bind('h.use = ?', q.use));
      // each word within the address: '聚金 1栋 2单元 301室' (unit and room are stored without 单元/室)
      for (const word of (q.q ?? '').split(/\s+/).filter(Boolean).slice(0, 5))
        where.push(
          b.bind(
            "(coalesce(k.name, '') || b.name || ' ' || ad.unit || ' ' || ad.room) ilike '%' || ? || '%'",
            cleanRoom(cleanUnit(word)).replace(/[%_\\]/g, (c) => `\\${c}`),
          ),
        );
      if (q.areaId) {
        const a = await areaFor(pool, req.actor, q.areaId, 'records.view');
        where.push(b.bind('b.tenant_id = ?', a.tenant_id), b.bind('b.path <@ ?::ltree', a.path));
      }
      const sql = `${HOUSE_SELECT} where ${where.join(' and ')}`;
      const total = (await pool.query(`select count(*)::int as n from (${sql}) x`, b.values)).rows[0].n;
      const { rows } = await pool.query(
        `${sql} order by b.path, length(ad.unit), ad.unit, length(ad.room), ad.room
          limit ${b.bind('?', q.pageSize)} offset ${b.bind('?', (q.page - 1) * q.pageSize)}`,
        b.values,
      );
      return { items: rows.map(presentHouse), total };
    },
  });

  r.get('/api/records/houses/:id', {
    schema: { tags, summary: '房屋详情 / A house', params: IdParams, response: { 200: House } },
    handler: async (req) => {
      await houseFor(pool, req.actor, req.params.id, 'records.view');
      return oneHouse(req.params.id);
    },
  });

  r.post('/api/records/houses', {
    schema: { tags, summary: '登记房屋 / Add a house', body: HouseBody, response: { 201: House } },
    handler: async (req, reply) => {
      const id = await inTx(pool, (tx) => createHouse(tx, req.actor, req.body));
      return reply.code(201).send(await oneHouse(id));
    },
  });

  r.patch('/api/records/houses/:id', {
    schema: {
      tags,
      summary: '修改房屋（用途、产权人、居住人；可带 Idempotency-Key 与走访记录）/ Edit a house',
      params: IdParams,
      body: HousePatch,
      response: { 200: House },
    },
    handler: async (req) => {
      const key = idempotencyKey(req.headers);
      await inTx(pool, async (tx) => {
        if (key) {
          const h = await houseFor(tx, req.actor, req.params.id, 'records.edit');
          if (!(await firstSend(tx, h.tenant_id, req.actor.userId, key, 'house', h.id))) return;
        }
        await updateHouse(tx, req.actor, req.params.id, req.body);
      });
      return oneHouse(req.params.id);
    },
  });

  // ——— group figures ———
  r.get('/api/records/figures', {
    schema: {
      tags,
      summary: '各网格、社区人群数（数据画像分母）/ Group figures per grid and community',
      querystring: FiguresQuery,
      response: { 200: Figures },
    },
    handler: async (req) => {
      needView(req.actor);
      // the root: the area asked for, else the actor's widest scope; rows are its children (communities or grids)
      const rootId = req.query.areaId ?? scopesWith(req.actor, 'records.view')[0]?.areaId;
      if (!rootId) throw invalid('AREA_REQUIRED', '请选择区域', 'Choose an area');
      const root = await areaFor(pool, req.actor, rootId, 'records.view');
      const { rows: tagRows } = await pool.query(
        'select id, name from record_tags where tenant_id = $1 and archived_at is null order by not builtin, id',
        [root.tenant_id],
      );
      const { rows } = await pool.query(
        `with kids as (select id, name, kind, path from areas
                        where tenant_id = $1 and parent_id = $2 and archived_at is null and kind in ('community', 'grid')),
              pp as (select p.id, k.id as kid from people p join areas a on a.tenant_id = p.tenant_id and a.id = p.area_id
                       join kids k on a.path <@ k.path where p.tenant_id = $1 and p.archived_at is null)
         select k.id, k.name, k.kind, (select count(*)::int from pp where pp.kid = k.id) as people,
                coalesce((select json_object_agg(t.tag_id, t.n) from (
                  select pt.tag_id, count(*)::int as n from pp join person_tags pt on pt.tenant_id = $1 and pt.person_id = pp.id
                   where pp.kid = k.id group by pt.tag_id) t), '{}') as by_tag
           from kids k order by k.path`,
        [root.tenant_id, root.id],
      );
      const { rows: tot } = await pool.query(
        `with pp as (select p.id from people p join areas a on a.tenant_id = p.tenant_id and a.id = p.area_id
                      where p.tenant_id = $1 and p.archived_at is null and a.path <@ $2::ltree)
         select (select count(*)::int from pp) as people,
                coalesce((select json_object_agg(t.tag_id, t.n) from (select pt.tag_id, count(*)::int as n
                   from pp join person_tags pt on pt.tenant_id = $1 and pt.person_id = pp.id group by pt.tag_id) t), '{}') as by_tag`,
        [root.tenant_id, root.path],
      );
      return {
        tags: tagRows.map((t) => ({ id: Number(t.id), name: t.name })),
        rows: rows.map((x) => ({
          areaId: Number(x.id),
          name: x.name,
          kind: x.kind,
          people: x.people,
          byTag: x.by_tag,
        })),
        total: {
          areaId: root.id,
          name: root.name,
          kind: root.kind,
          people: tot[0].people,
          byTag: tot[0].by_tag,
        },
      };
    },
  });

  // ——— a resident's own view (PIPL: who viewed my data; my data) ———
  r.get('/api/my/data-access', {
    schema: {
      tags,
      summary: '谁查看了我的信息 / Who viewed my personal data',
      response: { 200: DataAccessList },
    },
    handler: async (req) => {
      const { rows } = await pool.query(
        `select e.at, e.action, u.name as viewer_name, coalesce(e.summary ->> 'purpose', '') as purpose,
                (select ra.role from role_assignments ra where ra.tenant_id = e.tenant_id and ra.user_id = e.actor_user_id
                  order by array_position(array['community_secretary', 'street_admin', 'community_staff', 'grid_worker'], ra.role::text) nulls last
                  limit 1) as viewer_role
           from people p join audit_events e on e.tenant_id = p.tenant_id and e.entity_type = 'person' and e.entity_id = p.id::text
           left join "user" u on u.id = e.actor_user_id
          where p.user_id = $1 and e.action in ('person.unmask', 'person.export')
          order by e.at desc limit 200`,
        [req.actor.userId],
      );
      return {
        items: rows.map((x) => ({
          at: (x.at as Date).toISOString(),
          action: x.action === 'person.export' ? ('export' as const) : ('unmask' as const),
          viewerName: x.viewer_name,
          viewerRole: x.viewer_role,
          purpose: x.purpose,
        })),
      };
    },
  });

  r.get('/api/my/records', {
    schema: { tags, summary: '下载我的个人信息 / Download my own records', response: { 200: MyRecords } },
    handler: async (req) => {
      const { rows } = await pool.query(
        `${PERSON_SELECT} where p.user_id = $1 and p.archived_at is null order by p.id`,
        [req.actor.userId],
      );
      return {
        people: (rows as PersonRow[]).map((p) => ({
          name: p.name,
          gender: p.gender,
          birthDate: p.birth_date,
          idNumber: decrypt(keys, p.id_number_enc),
          phone: decrypt(keys, p.phone_enc),
          residence: p.residence,
          address: presentPerson(keys, p).address?.label ?? p.area_name,
          tags: p.tags.map((t) => t.name),
          updatedAt: p.updated_at.toISOString(),
        })),
      };
    },
  });
}

/** The partial unique index on ID numbers caught a race the pre-check missed. */
function uniqueIdNumber(err: unknown): never {
  if ((err as { code?: string; constraint?: string }).constraint === 'people_id_number_uq')
    throw conflict('ID_NUMBER_TAKEN', '该身份证号已登记', 'That ID number is already on the roster');
  throw err;
}
