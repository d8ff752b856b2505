// oracle: node
// An on<type> handler property keeps the place where it was first set (null or a non-function
// calls nothing); stopImmediatePropagation ends a dispatch; currentTarget and eventPhase are set
// only during it; an event dispatched by a program is not trusted.
const ac = new AbortController();
const s = ac.signal;
console.log(s.onabort);
s.onabort = 5; console.log(s.onabort);
s.onabort = null; console.log(s.onabort);
s.onabort = function (e) { console.log('h', this === s, e.eventPhase, e.currentTarget === s, e.bubbles, e.cancelable, e.defaultPrevented, e.composed, e.returnValue, e.srcElement === s, e.composedPath().length); };
s.addEventListener('abort', (e) => { e.stopImmediatePropagation(); console.log('stopper'); });
s.addEventListener('abort', () => console.log('never'));
let saved;
s.addEventListener('abort', (e) => { saved = e; }, true);
ac.abort();
console.log(saved === undefined);
const ac2 = new AbortController();
ac2.signal.addEventListener('abort', (e) => { saved = e; });
ac2.abort();
console.log(saved.currentTarget, saved.target === ac2.signal, saved.eventPhase, saved.isTrusted, Object.keys(saved));
const e = new Event('x');
console.log(e.isTrusted, e.type, e.target, Object.keys(e), typeof Event, Event.name);
const t = new EventTarget();
t.addEventListener('x', (ev) => console.log('got', ev === e, ev.isTrusted, ev.target === t));
console.log(t.dispatchEvent(e));
const c = new Event('c', { cancelable: true });
t.addEventListener('c', (ev) => ev.preventDefault());
console.log(t.dispatchEvent(c), c.defaultPrevented, c.returnValue);
const u = new Event('c');
console.log(t.dispatchEvent(u), u.defaultPrevented);
