export * from './accounts';
export * from './areas';
export * from './calendar';
export * from './common';
export * from './imports';
export * from './notifications';
export * from './request-history';
export * from './requests';
