/** The detail drawer's width: the action dialog and the map keep clear of it. */
export const DRAWER_WIDTH = 680;
