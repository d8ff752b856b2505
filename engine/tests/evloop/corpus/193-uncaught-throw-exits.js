// oracle: node
// exit: 1
// An uncaught throw in the main script ends the program at once with status 1: queued ticks,
// microtasks and timers never run. stderr names the error.
process.nextTick(() => console.log('tick never runs'));
Promise.resolve().then(() => console.log('microtask never runs'));
setTimeout(() => console.log('timer never runs'), 0);
function loadConfig(text) {
  const parsed = JSON.parse(text);
  if (!parsed.port) throw new Error('config is missing "port"');
  return parsed;
}
console.log('loaded', loadConfig('{"port": 80}'));
console.log('loading the second one');
loadConfig('{"host": "x"}');
console.log('never printed');
