//! Node's event loop on the virtual clock: timers grouped by duration, immediates, I/O
//! completions, the microtask checkpoint after every macrotask, and the phases in libuv's order.

use super::*;

impl Vm {
    pub(super) fn add_timer(&mut self, callback: Value, args: Vec<Value>, duration: u64, repeat: bool) -> u64 {
        let id = self.next_timer;
        self.next_timer += 1;
        let context = self.context.clone();
        self.timers.insert(id, Timer { callback, args, context, unref: false, start: self.now, duration, repeat, active: true });
        self.active_timer_count += 1;
        self.append_to_list(id, duration);
        id
    }

    pub(super) fn append_to_list(&mut self, id: u64, duration: u64) {
        let start = self.timers[&id].start;
        match self.timer_lists.get_mut(&duration) {
            Some(list) => list.timers.push_back(id),
            None => {
                let list_id = self.next_list;
                self.next_list += 1;
                self.timer_lists.insert(duration, TimerList { id: list_id, expiry: start + duration, timers: VecDeque::from([id]) });
            }
        }
    }

    /// The microtask checkpoint: ticks, then promise jobs, until both are empty; then
    /// unhandled rejections. `microtasks_first` is the ES-module entry, already inside a job.
    pub(super) fn checkpoint(&mut self, microtasks_first: bool) -> Result<(), Abrupt> {
        let mut skip_ticks = microtasks_first;
        loop {
            if !skip_ticks {
                while let Some((f, args, context)) = self.ticks.pop_front() {
                    self.charge()?;
                    self.event("tick", "".into());
                    self.view_run(view::Queue::Tick, &f, None);
                    let result = self.in_context(context, |vm| vm.gc_safe(|vm| vm.call(&f, Value::Undefined, args)));
                    if let Err(e) = result {
                        self.uncaught(e)?;
                    }
                }
            }
            skip_ticks = false;
            while let Some(job) = self.microtasks.pop_front() {
                self.run_job(job)?;
            }
            if self.ticks.is_empty() {
                let pending = std::mem::take(&mut self.pending_rejections);
                for p in pending {
                    let data = self.promise_data(p);
                    if !data.handled {
                        let reason = match &data.state {
                            PromiseState::Rejected(r) => r.clone(),
                            _ => Value::Undefined,
                        };
                        return Err(self.unhandled_rejection(reason));
                    }
                }
                if self.ticks.is_empty() && self.microtasks.is_empty() {
                    return Ok(());
                }
            }
        }
    }

    pub(super) fn unhandled_rejection(&self, reason: Value) -> Abrupt {
        let text = match &reason {
            Value::Obj(id) if matches!(self.heap[*id].kind, ObjKind::Error(_)) => self.describe_thrown(&reason),
            // Node 20.20 prints the error's stack, of its own internal frames, then its code.
            other => format!(
                "UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason \"{}\".\n{{\n  code: 'ERR_UNHANDLED_REJECTION'\n}}",
                self.to_display(other)
            ),
        };
        Abrupt::Halt(Halt::Uncaught(text))
    }

    /// Counts work that runs no JavaScript steps of its own (a native callback, an empty
    /// interval), so a program that never ends always reaches the budget.
    pub(super) fn charge(&mut self) -> Result<(), Abrupt> {
        self.steps += 1;
        if self.steps > self.budget {
            return Err(Abrupt::Halt(Halt::Budget));
        }
        if self.heap_exceeded.get() {
            return Err(Abrupt::Halt(Halt::HeapLimit));
        }
        Ok(())
    }

    /// A timer, immediate or I/O callback, in the async context it was scheduled from; the
    /// context is empty again when it returns.
    pub(super) fn macrotask(&mut self, kind: &'static str, f: &Value, args: Vec<Value>, context: Context) -> Result<(), Abrupt> {
        self.charge()?;
        self.event(kind, "".into());
        self.context = context;
        self.pinned.push(f.clone());
        self.task = match kind {
            "timer" => Some(stack_trace::Task::Timeout),
            "immediate" => Some(stack_trace::Task::Immediate),
            _ => Some(stack_trace::Task::Io),
        };
        let result = self.gc_safe(|vm| vm.call(f, Value::Undefined, args));
        self.task = None;
        self.pinned.pop();
        self.context = None;
        if let Err(e) = result {
            self.uncaught(e)?;
        }
        Ok(())
    }

    /// One timers pass (Node's processTimers at the loop's current time).
    pub(super) fn run_timers(&mut self) -> Result<(), Abrupt> {
        let prev = std::mem::replace(&mut self.phase, "timers");
        if self.timer_lists.values().any(|l| l.expiry <= self.now) {
            self.view_phase();
        }
        let mut ran = false;
        while let Some((&duration, _)) = self.timer_lists.iter().filter(|(_, l)| l.expiry <= self.now).min_by_key(|(_, l)| (l.expiry, l.id)) {
            loop {
                let list = self.timer_lists.get_mut(&duration).unwrap();
                let Some(&id) = list.timers.front() else {
                    self.timer_lists.remove(&duration);
                    break;
                };
                let timer = &self.timers[&id];
                if !timer.active {
                    self.timer_lists.get_mut(&duration).unwrap().timers.pop_front();
                    self.timers.remove(&id);
                    continue;
                }
                if self.now < timer.start + duration {
                    let expiry = (timer.start + duration).max(self.now + 1);
                    let list_id = self.next_list;
                    self.next_list += 1;
                    let list = self.timer_lists.get_mut(&duration).unwrap();
                    list.expiry = expiry;
                    list.id = list_id;
                    break;
                }
                if ran {
                    self.checkpoint(false)?;
                }
                ran = true;
                self.timer_lists.get_mut(&duration).unwrap().timers.pop_front();
                let (callback, args, repeat, context) = {
                    let t = &self.timers[&id];
                    (t.callback.clone(), t.args.clone(), t.repeat, t.context.clone())
                };
                if !repeat {
                    self.timers.get_mut(&id).unwrap().active = false;
                    self.active_timer_count -= 1;
                }
                self.view_run(view::Queue::Timer, &callback, Some(id));
                self.macrotask("timer", &callback, args, context)?;
                if repeat && self.timers.get(&id).is_some_and(|t| t.active) {
                    self.timers.get_mut(&id).unwrap().start = self.now;
                    self.append_to_list(id, duration);
                } else {
                    self.timers.remove(&id);
                }
            }
        }
        if ran {
            self.checkpoint(false)?;
        }
        self.phase = prev;
        Ok(())
    }

    pub(super) fn active_timers(&self) -> bool {
        self.timers.values().any(|t| t.active && !t.unref)
    }

    pub(super) fn next_timer_expiry(&self) -> Option<u64> {
        self.timer_lists.values().filter(|l| l.timers.iter().any(|id| self.timers.get(id).is_some_and(|t| t.active))).map(|l| l.expiry).min()
    }

    /// Runs a whole program: the main script or module, then the event loop until it is empty.
    pub fn run_program(&mut self, main: Rc<Proto>) -> Result<(), Stop> {
        let r = self.run_program_inner(main);
        match r {
            Ok(()) => Ok(()),
            Err(Abrupt::Halt(Halt::Budget)) => Err(Stop::Budget),
            Err(Abrupt::Halt(Halt::HeapLimit)) => Err(Stop::HeapLimit(self.heap_limit_bytes)),
            Err(Abrupt::Halt(Halt::Uncaught(text))) => Err(Stop::Uncaught(text)),
            Err(Abrupt::Halt(Halt::UnsettledTopLevelAwait)) => Err(Stop::UnsettledTopLevelAwait),
            Err(Abrupt::Halt(Halt::Unsupported)) => {
                Err(Stop::Unsupported(self.unsupported.take().unwrap_or_else(|| Error::unsupported(Pos::default(), "a construct"))))
            }
            Err(Abrupt::Throw(other)) => Err(Stop::Uncaught(self.describe_thrown(&other))),
            Err(Abrupt::Reference(message)) => Err(Stop::Uncaught(format!("ReferenceError: {message}"))),
        }
    }

    pub(super) fn run_program_inner(&mut self, main: Rc<Proto>) -> Result<(), Abrupt> {
        // The prelude's own calls are not the program's: recording starts after it.
        let recorder = self.recorder.take();
        self.install_prelude()?;
        self.recorder = recorder;
        self.event("phase", "main".into());
        self.view_start();
        let module_promise = if self.is_module {
            let p = self.new_promise();
            // Its rejection is an uncaught error of the module, not an unhandled rejection.
            self.promise_data(p).handled = true;
            self.module_promise = Some(p);
            let frame = Frame { func: None, receiver: None, proto: main, pc: 0, stack: vec![], scope: self.global, handlers: vec![], completions: vec![], promise: Some(p), own_scope: None };
            self.gc_safe(|vm| vm.run(frame))?;
            // The module's evaluation is itself a promise job: its microtasks come before ticks.
            self.checkpoint(true)?;
            Some(p)
        } else {
            let frame = Frame { func: None, receiver: None, proto: main, pc: 0, stack: vec![], scope: self.global, handlers: vec![], completions: vec![], promise: None, own_scope: None };
            if let Outcome::Throw(e) = self.gc_safe(|vm| vm.run(frame))? {
                self.uncaught(e.into())?;
            }
            self.checkpoint(false)?;
            None
        };
        if let Some(p) = module_promise {
            if let PromiseState::Rejected(e) = self.promise_data(p).state.clone() {
                self.uncaught(e.into())?;
            }
        }
        // libuv's timers pass before the first iteration.
        if !self.immediates.is_empty() && self.timer_lists.values().any(|l| l.expiry <= self.now + 1) {
            self.race = Some("a setTimeout of 0-1 ms and a setImmediate both scheduled by the main module: real Node may run either first".into());
        }
        self.run_timers()?;
        while self.active_timers() || !self.immediates.is_empty() || !self.io.is_empty() {
            // Between turns nothing but the machine's own structures holds a reference.
            self.maybe_collect(module_promise);
            // Poll: wait for I/O or, with nothing else to do, for the next timer.
            self.phase = "poll";
            if self.immediates.is_empty() && self.io.is_empty() {
                if let Some(expiry) = self.next_timer_expiry() {
                    if expiry > self.now {
                        self.now = expiry;
                    }
                }
            }
            self.view_phase();
            // The callbacks due in this phase stay in their queues until each one runs, where
            // the collector sees them (it may run inside any of them).
            for op in &mut self.io {
                op.polls_left -= 1;
            }
            while let Some(i) = self.io.iter().position(|op| op.polls_left == 0) {
                let op = self.io.remove(i);
                self.view_run(view::Queue::Io, &op.callback, None);
                self.macrotask("io", &op.callback, vec![Value::Null, Value::str("<file contents>")], op.context)?;
                self.checkpoint(false)?;
            }
            // Check: the immediates queued before this phase began.
            self.phase = "check";
            if !self.immediates.is_empty() {
                self.view_phase();
            }
            for _ in 0..self.immediates.len() {
                let Some((id, callback, args, context)) = self.immediates.pop_front() else { break };
                if self.cleared_immediates.remove(&id) {
                    continue;
                }
                self.view_run(view::Queue::Immediate, &callback, None);
                self.macrotask("immediate", &callback, args, context)?;
                self.checkpoint(false)?;
            }
            self.phase = "timers";
            self.run_timers()?;
        }
        if let Some(p) = module_promise {
            if self.promise_data(p).state == PromiseState::Pending {
                return Err(Abrupt::Halt(Halt::UnsettledTopLevelAwait));
            }
        }
        Ok(())
    }
}
