// oracle: node
// exit: 1
// A rejected promise nobody handles ends the program once the microtask queue drains; the
// pending timer never fires.
async function fetchUser(id) {
  await null;
  if (id < 0) throw new RangeError(`invalid user id ${id}`);
  return { id };
}
console.log(await fetchUser(1));
setTimeout(() => console.log('timer never runs'), 10);
fetchUser(-5);
fetchUser(2).then((u) => console.log('still resolves first', u));
await null;
console.log('top level keeps going for a moment');
