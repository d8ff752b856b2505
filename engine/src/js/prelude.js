// Node's EventEmitter, EventTarget, AbortController/AbortSignal, DOMException and
// timers/promises, written in the JavaScript the interpreter runs (as Node writes them in
// JavaScript too, in lib/events.js and lib/internal/abort_controller.js). The machine runs this
// once before a program and takes what it returns: the module objects `require` and `import`
// hand out, and the globals. The behaviour follows Node 20.20; see the linked docs.
(function prelude(nativeSetTimeout, nativeClearTimeout, nativeSetImmediate) {
  const kMaxListeners = 10;

  // https://nodejs.org/docs/latest-v20.x/api/events.html
  class EventEmitter {
    #events = new Map();
    #max = kMaxListeners;

    #add(name, listener, prepend, once) {
      if (typeof listener !== 'function') {
        throw new TypeError(`The "listener" argument must be of type function. Received ${describe(listener)}`);
      }
      if (this.#events.has('newListener')) {
        this.emit('newListener', name, listener);
      }
      const entry = once ? onceWrapper(this, name, listener) : listener;
      const list = this.#events.get(name);
      if (list === undefined) {
        this.#events.set(name, [entry]);
      } else if (prepend) {
        list.unshift(entry);
      } else {
        list.push(entry);
      }
      return this;
    }

    on(name, listener) {
      return this.#add(name, listener, false, false);
    }
    addListener(name, listener) {
      return this.#add(name, listener, false, false);
    }
    prependListener(name, listener) {
      return this.#add(name, listener, true, false);
    }
    once(name, listener) {
      return this.#add(name, listener, false, true);
    }
    prependOnceListener(name, listener) {
      return this.#add(name, listener, true, true);
    }

    off(name, listener) {
      return this.removeListener(name, listener);
    }
    removeListener(name, listener) {
      const list = this.#events.get(name);
      if (list === undefined) return this;
      // The most recently added registration goes first.
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === listener || list[i].listener === listener) {
          list.splice(i, 1);
          if (list.length === 0) this.#events.delete(name);
          if (this.#events.has('removeListener')) this.emit('removeListener', name, listener);
          break;
        }
      }
      return this;
    }
    removeAllListeners(name) {
      if (name === undefined) {
        this.#events.clear();
      } else {
        this.#events.delete(name);
      }
      return this;
    }

    emit(name, ...args) {
      const list = this.#events.get(name);
      if (list === undefined || list.length === 0) {
        if (name === 'error') {
          const er = args[0];
          if (er instanceof Error) throw er;
          const shown = typeof er === 'string' ? `'${er}'` : String(er);
          const err = new Error(`Unhandled error. (${shown})`);
          err.code = 'ERR_UNHANDLED_ERROR';
          err.context = er;
          throw err;
        }
        return false;
      }
      // Listeners added or removed while emitting do not change this emit.
      const listeners = list.slice();
      for (const listener of listeners) {
        listener.apply(this, args);
      }
      return true;
    }

    listenerCount(name) {
      const list = this.#events.get(name);
      return list === undefined ? 0 : list.length;
    }
    listeners(name) {
      const list = this.#events.get(name);
      return list === undefined ? [] : list.map((l) => l.listener ?? l);
    }
    rawListeners(name) {
      const list = this.#events.get(name);
      return list === undefined ? [] : list.slice();
    }
    eventNames() {
      return [...this.#events.keys()];
    }
    setMaxListeners(n) {
      this.#max = n;
      return this;
    }
    getMaxListeners() {
      return this.#max;
    }
  }

  function onceWrapper(emitter, name, listener) {
    let fired = false;
    const wrapped = function (...args) {
      if (fired) return undefined;
      fired = true;
      emitter.removeListener(name, wrapped);
      return listener.apply(this, args);
    };
    wrapped.listener = listener;
    return wrapped;
  }

  function describe(value) {
    if (typeof value === 'string') return `type string ('${value}')`;
    if (value === undefined || value === null) return String(value);
    if (typeof value === 'function') return `function ${value.name}`;
    if (typeof value === 'object') return 'an instance of Object';
    return `type ${typeof value} (${String(value)})`;
  }

  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.defaultMaxListeners = kMaxListeners;
  EventEmitter.once = function once(emitter, name, options = {}) {
    return new Promise((resolve, reject) => {
      const signal = options.signal;
      if (signal?.aborted) {
        reject(new AbortError(undefined, { cause: signal.reason }));
        return;
      }
      const listener = (...args) => {
        if (name !== 'error') emitter.removeListener('error', onError);
        resolve(args);
      };
      const onError = (err) => {
        emitter.removeListener(name, listener);
        reject(err);
      };
      emitter.once(name, listener);
      if (name !== 'error') emitter.once('error', onError);
    });
  };

  // https://nodejs.org/docs/latest-v20.x/api/errors.html#abortError
  class AbortError extends Error {
    constructor(message = 'The operation was aborted', options = undefined) {
      super(message, options);
      this.code = 'ABORT_ERR';
      this.name = 'AbortError';
    }
  }

  const domCodes = { AbortError: 20, TimeoutError: 23, NotSupportedError: 9, InvalidStateError: 11 };
  // https://developer.mozilla.org/docs/Web/API/DOMException
  class DOMException extends Error {
    constructor(message = '', name = 'Error') {
      super(message);
      this.name = name;
    }
    get code() {
      return domCodes[this.name] ?? 0;
    }
  }

  // Moves an event through a dispatch from EventTarget, which has no public way to.
  let dispatching;

  // https://nodejs.org/docs/latest-v20.x/api/events.html#class-event: the target is set when the
  // event is dispatched, currentTarget and eventPhase only while it is; isTrusted is true only
  // for the events Node itself dispatches (a signal's abort).
  class Event {
    #type;
    #cancelable;
    #target = null;
    #inDispatch = false;
    #trusted = false;
    #defaultPrevented = false;
    #stopped = false;

    constructor(...args) {
      if (args.length === 0) throw new TypeError('The "type" argument must be specified');
      const [type, options] = args;
      this.#type = `${type}`;
      this.#cancelable = options?.cancelable === true;
    }
    get type() {
      return this.#type;
    }
    get target() {
      return this.#target;
    }
    get srcElement() {
      return this.#target;
    }
    get currentTarget() {
      return this.#inDispatch ? this.#target : null;
    }
    get eventPhase() {
      return this.#inDispatch ? 2 : 0;
    }
    get isTrusted() {
      return this.#trusted;
    }
    get bubbles() {
      return false;
    }
    get composed() {
      return false;
    }
    get cancelable() {
      return this.#cancelable;
    }
    get defaultPrevented() {
      return this.#defaultPrevented;
    }
    get returnValue() {
      return !this.#defaultPrevented;
    }
    composedPath() {
      return this.#inDispatch ? [this.#target] : [];
    }
    preventDefault() {
      this.#defaultPrevented = this.#cancelable;
    }
    stopPropagation() {}
    stopImmediatePropagation() {
      this.#stopped = true;
    }

    static {
      // `phase` is 'start' (with the target), 'stopped?' (asks) or 'end'.
      dispatching = (event, phase, target, trusted) => {
        if (phase === 'start') {
          event.#target = target;
          event.#inDispatch = true;
          event.#trusted = trusted;
          event.#stopped = false;
        } else if (phase === 'end') {
          event.#inDispatch = false;
        }
        return event.#stopped;
      };
    }
  }

  // Dispatches an event to a target, trusted or not: EventTarget's own code.
  let dispatchTo;

  // https://nodejs.org/docs/latest-v20.x/api/events.html#eventtarget-and-event-api
  class EventTarget {
    #listeners = new Map();

    addEventListener(type, listener, options = {}) {
      if (listener === null || listener === undefined) return;
      const once = typeof options === 'object' && options !== null && options.once === true;
      const list = this.#listeners.get(type) ?? [];
      // The same listener is registered once per type.
      if (list.some((l) => l.listener === listener)) return;
      list.push({ listener, once });
      this.#listeners.set(type, list);
      const signal = typeof options === 'object' && options !== null ? options.signal : undefined;
      if (signal !== undefined) {
        signal.addEventListener('abort', () => this.removeEventListener(type, listener), { once: true });
      }
    }

    removeEventListener(type, listener) {
      const list = this.#listeners.get(type);
      if (list === undefined) return;
      const i = list.findIndex((l) => l.listener === listener);
      if (i >= 0) list.splice(i, 1);
    }

    dispatchEvent(event) {
      return dispatchTo(this, event, false);
    }

    // Runs the listeners registered when the dispatch starts, in registration order, skipping any
    // removed meanwhile, until one calls stopImmediatePropagation(). A `once` listener is removed
    // before it runs. Returns false when a listener cancelled a cancelable event.
    static {
      dispatchTo = (target, event, trusted) => {
        const list = target.#listeners.get(event.type);
        dispatching(event, 'start', target, trusted);
        if (list !== undefined) {
          for (const entry of list.slice()) {
            if (!list.includes(entry)) continue;
            if (entry.once) target.removeEventListener(event.type, entry.listener);
            if (typeof entry.listener === 'function') {
              entry.listener.call(target, event);
            } else {
              entry.listener.handleEvent(event);
            }
            if (dispatching(event, 'stopped?')) break;
          }
        }
        dispatching(event, 'end');
        return !event.defaultPrevented;
      };
    }
  }

  // An `on<type>` property (https://html.spec.whatwg.org/#event-handler-attributes): the first
  // assignment registers one listener, and later ones change what that listener calls, so the
  // handler keeps the place in the order where it was first set; a non-function calls nothing.
  function eventHandlerSlot(target, type, handler) {
    const slot = function (event) {
      if (typeof slot.handler === 'function') return slot.handler.call(this, event);
      return undefined;
    };
    slot.handler = handler;
    target.addEventListener(type, slot);
    return slot;
  }

  // Aborts a signal from outside the class (AbortController), without a public method for it.
  let abortSignal;

  // https://nodejs.org/docs/latest-v20.x/api/globals.html#class-abortsignal
  class AbortSignal extends EventTarget {
    #reason = undefined;
    #onabort = null;
    #dependants = [];

    constructor() {
      super();
      // Own, so that console.log shows `AbortSignal { aborted: false }` as Node does.
      this.aborted = false;
    }

    get reason() {
      return this.#reason;
    }

    get onabort() {
      return this.#onabort?.handler ?? null;
    }

    set onabort(handler) {
      if (this.#onabort === null) {
        this.#onabort = eventHandlerSlot(this, 'abort', handler);
      } else {
        this.#onabort.handler = handler;
      }
    }

    throwIfAborted() {
      if (this.aborted) throw this.#reason;
    }

    static abort(reason) {
      const signal = new AbortSignal();
      signal.#abort(reason);
      return signal;
    }

    static timeout(ms) {
      const signal = new AbortSignal();
      const timer = nativeSetTimeout(() => {
        signal.#abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      }, ms);
      // A timeout signal does not keep the process alive.
      timer.unref();
      return signal;
    }

    static any(signals) {
      const signal = new AbortSignal();
      for (const source of signals) {
        if (source.aborted) {
          signal.#abort(source.reason);
          return signal;
        }
      }
      for (const source of signals) {
        source.#dependants.push(signal);
      }
      return signal;
    }

    // Node 20: the signal's own listeners run first, then the signals that depend on it abort.
    #abort(reason) {
      if (this.aborted) return;
      this.aborted = true;
      this.#reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
      dispatchTo(this, new Event('abort'), true);
      for (const dependant of this.#dependants) {
        dependant.#abort(this.#reason);
      }
    }

    static {
      abortSignal = (signal, reason) => signal.#abort(reason);
    }
  }

  class AbortController {
    constructor() {
      this.signal = new AbortSignal();
    }
    abort(reason) {
      abortSignal(this.signal, reason);
    }
  }

  // https://nodejs.org/docs/latest-v20.x/api/timers.html#timers-promises-api
  function setTimeoutPromise(delay, value, options = {}) {
    const signal = options?.signal;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new AbortError(undefined, { cause: signal.reason }));
        return;
      }
      const onAbort = () => {
        nativeClearTimeout(timer);
        reject(new AbortError(undefined, { cause: signal.reason }));
      };
      const timer = nativeSetTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      }, delay);
      if (options?.ref === false) timer.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  function setImmediatePromise(value, options = {}) {
    const signal = options?.signal;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new AbortError(undefined, { cause: signal.reason }));
        return;
      }
      nativeSetImmediate(() => resolve(value));
    });
  }

  return {
    EventEmitter,
    EventTarget,
    Event,
    AbortController,
    AbortSignal,
    DOMException,
    timersPromises: { setTimeout: setTimeoutPromise, setImmediate: setImmediatePromise },
  };
});
