/**
 * `@nnlab/testing/redis`: a real `redis-server` on a free loopback port for the queue tests of
 * `@nnlab/sweeps` and the CLI (Node only; skips with a reason where redis-server is not installed).
 *
 * @module
 */
export { freePort, redisUnavailable, startRedis, type TestRedis } from './redis-server.js';
