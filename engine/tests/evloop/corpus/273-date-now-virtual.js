// oracle: virtual
// On the virtual clock Date.now() starts at 2026-01-01T00:00:00.000Z and moves only when
// timers fire, by exactly their delays.
const start = Date.now();
console.log(start, new Date().toISOString(), new Date(start).getUTCFullYear());
let work = 0;
for (let i = 0; i < 1e5; i++) work += i;
console.log('synchronous work takes no virtual time:', Date.now() - start, work);
setTimeout(() => {
  console.log('after 250 ms:', Date.now() - start);
  setTimeout(() => {
    console.log('250 + 1000 ms:', Date.now() - start, new Date().toISOString());
  }, 1000);
}, 250);
setTimeout(() => console.log('a minute later:', new Date(Date.now()).toISOString()), 60_000);
Promise.resolve().then(() => console.log('microtasks take no time either:', Date.now() - start));
