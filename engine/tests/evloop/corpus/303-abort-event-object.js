// oracle: node
// The abort event is an Event: type 'abort', target and currentTarget the signal,
// isTrusted true; a listener object with handleEvent works too.
const ac = new AbortController();
ac.signal.addEventListener('abort', (e) => {
  console.log(e.type, e.target === ac.signal, e.currentTarget === ac.signal, e.isTrusted, e instanceof Event);
});
ac.signal.addEventListener('abort', {
  handleEvent(e) {
    console.log('handleEvent object got', e.type);
  },
});
ac.signal.addEventListener('other', () => console.log('never: wrong type'));
ac.abort();
const ac2 = new AbortController();
const results = [];
ac2.signal.addEventListener('abort', () => results.push('first'));
ac2.signal.addEventListener('abort', () => {
  results.push('second, adds a listener');
  ac2.signal.addEventListener('abort', () => results.push('added during dispatch'));
});
ac2.abort();
console.log(results);
