/**
 * Basic records 人房 (一标三实): standard addresses on the area tree, people with group tags, houses with owner and
 * occupants; ID numbers and phones encrypted at rest, masked in every response, unmasked only with a purpose.
 */

export { groupTagsOfPhones, groupTagsOfUsers, peopleByTag } from './records.groups';
export { runPersonImport } from './records.import';
export { recordRoutes } from './records.routes';
export { seedPeople } from './records.seed';
export { unitNameWithin } from './records.units';
export { seedUnitsAndThings } from './records.units.seed';
