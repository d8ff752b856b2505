// oracle: virtual
// Lesson: debounce waits for a pause in the events; throttle lets one event through per
// window. Keystrokes arrive at fixed virtual times.
function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
function throttle(fn, ms) {
  let last = -Infinity;
  return (...args) => {
    const now = Date.now();
    if (now - last >= ms) {
      last = now;
      fn(...args);
    }
  };
}
const start = Date.now();
const at = () => `${String(Date.now() - start).padStart(4)} ms`;
const search = debounce((q) => console.log(at(), 'search for', JSON.stringify(q)), 200);
const track = throttle((q) => console.log(at(), 'analytics saw', JSON.stringify(q)), 150);
const keystrokes = [[0, 'n'], [50, 'no'], [120, 'nod'], [130, 'node'], [400, 'node '], [420, 'node j'], [900, 'node js']];
for (const [time, text] of keystrokes) {
  setTimeout(() => {
    console.log(at(), 'typed', JSON.stringify(text));
    search(text);
    track(text);
  }, time);
}
