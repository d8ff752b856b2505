// oracle: node
// abort() flips signal.aborted, sets the reason (a DOMException AbortError by default) and
// fires 'abort' once; later abort() calls change nothing.
const ac = new AbortController();
const { signal } = ac;
console.log(signal.aborted, signal.reason, ac.signal === signal);
signal.addEventListener('abort', (event) => console.log('abort event:', event.type, event.target === signal));
ac.abort();
console.log(signal.aborted, signal.reason.name, '|', signal.reason.message, '|', signal.reason.code);
console.log(signal.reason instanceof DOMException, signal.reason instanceof Error, String(signal.reason));
ac.abort('second call is ignored');
console.log(signal.reason.name);
const custom = new AbortController();
custom.abort({ code: 'SHUTDOWN' });
console.log(custom.signal.reason);
const withError = new AbortController();
withError.abort(new Error('aborted'));
console.log(withError.signal.reason.message, withError.signal.reason instanceof Error);
const undef = new AbortController();
undef.abort(undefined);
console.log(undef.signal.reason.name);
console.log(signal, new AbortController());
