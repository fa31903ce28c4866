export * from './enums';
export * from './errors';
export * from './events';
export * from './schemas/common';
export * from './schemas/auth';
export * from './schemas/threads';
export * from './schemas/lifecycle';
export * from './schemas/files';
