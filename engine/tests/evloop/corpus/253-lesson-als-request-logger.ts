// oracle: virtual
// Lesson: a request logger on AsyncLocalStorage. Every log line carries the request id, the
// user and the time since the request began, without passing them through every function.
import { AsyncLocalStorage } from 'node:async_hooks';
type RequestContext = { requestId: string; user: string; startedAt: number };
const context = new AsyncLocalStorage<RequestContext>();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
function log(message: string): void {
  const ctx = context.getStore();
  const prefix = ctx ? `[${ctx.requestId} ${ctx.user.padEnd(5)} +${String(Date.now() - ctx.startedAt).padStart(3)}ms]` : '[server            ]';
  console.log(prefix, message);
}
async function queryDb(sql: string, ms: number): Promise<number> {
  log(`db <- ${sql}`);
  await sleep(ms);
  log(`db -> ${sql}`);
  return sql.length;
}
async function route(path: string): Promise<string> {
  if (path === '/orders') {
    const [a, b] = await Promise.all([queryDb('SELECT orders', 90), queryDb('SELECT totals', 40)]);
    return `orders:${a + b}`;
  }
  if (path === '/fail') {
    await sleep(25);
    throw new Error('handler exploded');
  }
  return `profile:${await queryDb('SELECT user', 60)}`;
}
let counter = 0;
function handle(user: string, path: string): Promise<void> {
  const ctx = { requestId: `req-${++counter}`, user, startedAt: Date.now() };
  return context.run(ctx, async () => {
    log(`GET ${path}`);
    try {
      log(`200 ${await route(path)}`);
    } catch (err) {
      log(`500 ${(err as Error).message}`);
    }
  });
}
log('listening');
handle('ada', '/orders');
setTimeout(() => handle('bob', '/profile'), 15);
setTimeout(() => handle('cy', '/fail'), 30);
setTimeout(() => log(`handled ${counter} requests`), 500);
