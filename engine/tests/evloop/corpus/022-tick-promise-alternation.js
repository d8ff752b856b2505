// Ticks and promise jobs that keep queueing each other alternate in rounds.
let round = 0;
function viaTick() {
  round++;
  console.log('tick round', round);
  if (round < 6) {
    Promise.resolve().then(viaPromise);
  }
}
function viaPromise() {
  round++;
  console.log('promise round', round);
  if (round < 6) {
    process.nextTick(viaTick);
  }
}
process.nextTick(viaTick);
Promise.resolve().then(() => console.log('bystander promise'));
process.nextTick(() => console.log('bystander tick'));
