export * from './common/problem.js';
export * from './common/route-meta.js';
