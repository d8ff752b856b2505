// oracle: node
// The store follows async functions across awaits, and each concurrent call keeps its own.
import { AsyncLocalStorage } from 'node:async_hooks';
const requestContext = new AsyncLocalStorage();
const log = (msg) => console.log(`[${requestContext.getStore()?.id ?? '-'}] ${msg}`);
async function db(query) {
  log(`query ${query}`);
  await null;
  log(`result for ${query}`);
  return query.length;
}
async function handle(id, query) {
  return requestContext.run({ id }, async () => {
    log('start');
    const n = await db(query);
    await Promise.resolve();
    log(`end with ${n}`);
    return n;
  });
}
const results = await Promise.all([handle('req-1', 'SELECT 1'), handle('req-2', 'SELECT users')]);
log(`all done: ${results}`);
