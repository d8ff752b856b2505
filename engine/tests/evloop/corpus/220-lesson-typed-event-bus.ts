// oracle: virtual
// Lesson: a type-safe event bus. The event map is a type only; at run time it is a plain
// object of handler arrays, and on() returns an unsubscribe function.
type Events = {
  login: [user: string, at: number];
  logout: [user: string];
  message: [from: string, to: string, text: string];
};
type Handler<A extends unknown[]> = (...args: A) => void;
class EventBus<E extends Record<string, unknown[]>> {
  private handlers: { [K in keyof E]?: Array<Handler<E[K]>> } = {};
  on<K extends keyof E>(event: K, handler: Handler<E[K]>): () => void {
    (this.handlers[event] ??= []).push(handler);
    return () => {
      this.handlers[event] = this.handlers[event]!.filter((h) => h !== handler);
    };
  }
  emit<K extends keyof E>(event: K, ...args: E[K]): number {
    const list = this.handlers[event] ?? [];
    for (const handler of [...list]) handler(...args);
    return list.length;
  }
}
const bus = new EventBus<Events>();
const online = new Set<string>();
bus.on('login', (user, at) => {
  online.add(user);
  console.log(`${user} logged in at ${at}`);
});
const stopAudit = bus.on('login', (user) => console.log(`audit: login ${user}`));
bus.on('logout', (user) => online.delete(user));
bus.on('message', (from, to, text) => console.log(`${from} -> ${to}: ${text}${online.has(to) ? '' : ' (queued, offline)'}`));
console.log(bus.emit('login', 'ada', 1), bus.emit('login', 'bob', 2));
stopAudit();
console.log(bus.emit('login', 'cy', 3));
bus.emit('message', 'ada', 'bob', 'hi!');
bus.emit('logout', 'bob');
bus.emit('message', 'ada', 'bob', 'still there?');
console.log(online, bus);
