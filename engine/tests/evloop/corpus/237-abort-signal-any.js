// oracle: virtual
// AbortSignal.any([...]) aborts when the first of its signals does, with that signal's reason.
const start = Date.now();
const user = new AbortController();
const combined = AbortSignal.any([user.signal, AbortSignal.timeout(1000)]);
combined.addEventListener('abort', () => console.log('combined aborted at', Date.now() - start, '->', combined.reason));
setTimeout(() => user.abort('user clicked cancel'), 200);
const deadlineOnly = AbortSignal.any([new AbortController().signal, AbortSignal.timeout(300)]);
deadlineOnly.onabort = () => console.log('deadline combo at', Date.now() - start, deadlineOnly.reason.name);
const pre = AbortSignal.any([AbortSignal.abort('already'), AbortSignal.timeout(5)]);
console.log('pre-aborted combo:', pre.aborted, pre.reason);
const none = AbortSignal.any([]);
console.log('empty combo:', none.aborted);
const a = new AbortController();
const b = new AbortController();
const both = AbortSignal.any([a.signal, b.signal]);
b.abort(new Error('b first'));
a.abort(new Error('a second'));
console.log(both.reason.message, a.signal.aborted, b.signal.aborted);
setTimeout(() => console.log('end', Date.now() - start, combined.aborted, deadlineOnly.aborted), 1500);
