export * from './cookies';
export { createCallerFactory, createTrpcContext, type TrpcContext } from './init';
export { handleTrpcRequest } from './handler';
export { type AppRouter, appRouter } from './root';
