// oracle: node
// ?. stops at null or undefined and short-circuits the rest of the chain, calls included.
const config = {
  db: { primary: { host: 'db1', ports: [5432, 5433] } },
  hooks: { onStart: () => 'started' },
};
console.log(config.db?.primary?.host, config.db?.replica?.host, config.cache?.ttl);
console.log(config.db.primary.ports?.[1], config.db.replica?.ports[0], config.list?.[0]);
console.log(config.hooks.onStart?.(), config.hooks.onStop?.(), config.missing?.method());
let evaluated = 0;
const next = () => ++evaluated;
const nothing = null;
console.log(nothing?.[next()], nothing?.a.b.c(next()), evaluated);
console.log(config?.db?.primary?.ports?.length);
const users = [{ profile: { email: 'a@x' } }, { profile: null }, {}];
console.log(users.map((u) => u.profile?.email ?? 'no email'));
try {
  config.db.replica.host;
} catch (e) {
  console.log(e.message);
}
try {
  config.hooks.onStop();
} catch (e) {
  console.log(e.message);
}
const zero = 0;
console.log(zero?.toFixed(1), ''?.length, false?.valueOf());
