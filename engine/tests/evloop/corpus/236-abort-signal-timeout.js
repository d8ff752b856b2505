// oracle: virtual
// AbortSignal.timeout(ms) aborts by itself after ms with a TimeoutError DOMException.
const start = Date.now();
const signal = AbortSignal.timeout(500);
console.log(signal.aborted, signal.reason);
signal.addEventListener('abort', () => {
  console.log('aborted at', Date.now() - start, 'ms');
  console.log(signal.reason.name, '|', signal.reason.message, '|', signal.reason.code, signal.reason instanceof DOMException);
});
setTimeout(() => console.log('at 480 still', signal.aborted), 480);
setTimeout(() => console.log('at 520', signal.aborted), 520);
function fetchWithDeadline(ms, deadline) {
  const s = AbortSignal.timeout(deadline);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => resolve(`took ${ms} ms`), ms);
    s.addEventListener('abort', () => {
      clearTimeout(t);
      reject(s.reason);
    }, { once: true });
  });
}
fetchWithDeadline(100, 300).then(console.log, (e) => console.log('fast one failed?', e.name));
fetchWithDeadline(900, 300).then(console.log, (e) => console.log('slow one:', e.name, 'at', Date.now() - start));
