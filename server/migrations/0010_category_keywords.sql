-- Suggester keywords, after the first walk-throughs: "单元门口" is a place, not a door-access problem, and
-- stairwell lights belong to the property's repairs.
update request_categories set keywords = array_remove(keywords, '单元门') where code = 'property.security';
update request_categories set keywords = keywords || '{楼道灯,声控灯,照明,灯不亮}' where code = 'property.repair';
update request_categories set keywords = keywords || '{灯坏了,路灯坏}' where code = 'city.facility';
