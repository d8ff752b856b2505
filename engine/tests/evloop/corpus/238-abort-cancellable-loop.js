// oracle: virtual
// A long job checks its signal between steps, stops cleanly when aborted and reports why.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function processItems(items, { signal }) {
  const done = [];
  for (const item of items) {
    if (signal.aborted) {
      console.log(`stopping before ${item}: ${signal.reason.message}`);
      break;
    }
    await sleep(100);
    done.push(item);
    console.log(`processed ${item} at ${Date.now() - start}`);
  }
  return done;
}
const start = Date.now();
const ac = new AbortController();
setTimeout(() => ac.abort(new Error('deadline passed')), 350);
processItems(['a', 'b', 'c', 'd', 'e'], { signal: ac.signal }).then((done) => {
  console.log('finished with', done, 'aborted:', ac.signal.aborted);
});
