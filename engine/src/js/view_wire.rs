//! A [`Report`] as the worker hands it to the page: a list of 32-bit words and a list of
//! strings, which cross `postMessage` as a `Uint32Array` and an array of strings. Reading it
//! back takes a few hundred bytes of code, where a JSON reader with a derive per type took tens
//! of kilobytes of the page's wasm. [`decode`] checks every length and index: a malformed
//! message is `None`, never a panic.
//!
//! Layout (each field one word unless marked 64, which is two: low then high):
//! `VERSION`, exit status, ended_at(64), truncated, race (string + 1, or 0), stopped (kind + 1,
//! or 0; then line, column, message string), then the counts of labels, console lines, lanes
//! and steps. Strings: the labels first, in order, then everything else where a field names it.
//! Console line: step, at(64), stderr, text. Lane: label, function. Step: at(64), phase,
//! what (tag, then its fields), the stack, ticks, jobs and immediates each as a count and
//! labels, the timers as a count and (label, due(64), repeat) each, then the four sizes.

use super::view::{ConsoleLine, Lane, Outcome, Phase, Queue, Refusal, RefusalKind, Report, Step, TimerEntry, View, What};

/// Changes whenever the layout does: a page and a worker from different builds refuse each other.
pub const VERSION: u32 = 1;

struct Writer {
    words: Vec<u32>,
    strings: Vec<String>,
}

impl Writer {
    fn word(&mut self, w: u32) {
        self.words.push(w);
    }
    fn wide(&mut self, v: u64) {
        self.words.push(v as u32);
        self.words.push((v >> 32) as u32);
    }
    fn string(&mut self, s: &str) {
        let i = self.strings.len() as u32;
        self.strings.push(s.to_string());
        self.word(i);
    }
    fn list(&mut self, items: &[u32]) {
        self.word(items.len() as u32);
        self.words.extend_from_slice(items);
    }
}

fn phase_code(p: Phase) -> u32 {
    match p {
        Phase::Main => 0,
        Phase::Timers => 1,
        Phase::Poll => 2,
        Phase::Check => 3,
    }
}

fn queue_code(q: Queue) -> u32 {
    match q {
        Queue::Tick => 0,
        Queue::Job => 1,
        Queue::Timer => 2,
        Queue::Immediate => 3,
        Queue::Io => 4,
    }
}

fn outcome_code(o: Outcome) -> u32 {
    match o {
        Outcome::Fulfilled => 0,
        Outcome::Rejected => 1,
        Outcome::Aborted => 2,
    }
}

/// The words and strings of `report`.
pub fn encode(report: &Report) -> (Vec<u32>, Vec<String>) {
    let v = &report.view;
    let mut w = Writer { words: Vec::new(), strings: v.labels.clone() };
    w.word(VERSION);
    w.word(report.exit_code as u32);
    w.wide(report.ended_at);
    w.word(u32::from(v.truncated));
    match &report.race {
        Some(r) => {
            let i = w.strings.len() as u32;
            w.strings.push(r.clone());
            w.word(i + 1);
        }
        None => w.word(0),
    }
    match &report.stopped {
        Some(s) => {
            w.word(match s.kind {
                RefusalKind::Syntax => 1,
                RefusalKind::Unsupported => 2,
                RefusalKind::Limit => 3,
            });
            w.word(s.line);
            w.word(s.column);
            w.string(&s.message);
        }
        None => w.word(0),
    }
    for n in [v.labels.len(), v.console.len(), v.lanes.len(), v.steps.len()] {
        w.word(n as u32);
    }
    for l in &v.console {
        w.word(l.step);
        w.wide(l.at);
        w.word(u32::from(l.stderr));
        w.string(&l.text);
    }
    for l in &v.lanes {
        w.string(&l.label);
        w.string(&l.function);
    }
    for s in &v.steps {
        w.wide(s.at);
        w.word(phase_code(s.phase));
        match s.what {
            What::Start => w.word(0),
            What::Phase => w.word(1),
            What::Schedule { queue, label } => w.words.extend([2, queue_code(queue), label]),
            What::Run { queue, label, lane } => w.words.extend([3, queue_code(queue), label, lane.map_or(0, |l| l + 1)]),
            What::Log { line } => w.words.extend([4, line]),
            What::Call { lane } => w.words.extend([5, lane]),
            What::Await { lane } => w.words.extend([6, lane]),
            What::Resume { lane } => w.words.extend([7, lane]),
            What::Settle { lane, outcome } => w.words.extend([8, lane, outcome_code(outcome)]),
            What::End => w.word(9),
        }
        w.list(&s.stack);
        w.list(&s.ticks);
        w.list(&s.jobs);
        w.list(&s.immediates);
        w.word(s.timers.len() as u32);
        for t in &s.timers {
            w.word(t.label);
            w.wide(t.due);
            w.word(u32::from(t.repeat));
        }
        w.words.extend(s.sizes);
    }
    (w.words, w.strings)
}

struct Reader<'a> {
    words: &'a [u32],
    at: usize,
    strings: &'a [String],
}

impl Reader<'_> {
    fn word(&mut self) -> Option<u32> {
        let w = *self.words.get(self.at)?;
        self.at += 1;
        Some(w)
    }
    fn wide(&mut self) -> Option<u64> {
        Some(u64::from(self.word()?) | (u64::from(self.word()?) << 32))
    }
    fn flag(&mut self) -> Option<bool> {
        match self.word()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn string(&mut self) -> Option<String> {
        self.strings.get(self.word()? as usize).cloned()
    }
    /// A list of labels, each below `labels`.
    fn labels(&mut self, labels: u32) -> Option<Vec<u32>> {
        let n = self.word()? as usize;
        let items = self.words.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        items.iter().all(|&l| l < labels).then(|| items.to_vec())
    }
}

fn phase_of(c: u32) -> Option<Phase> {
    Some(match c {
        0 => Phase::Main,
        1 => Phase::Timers,
        2 => Phase::Poll,
        3 => Phase::Check,
        _ => return None,
    })
}

fn queue_of(c: u32) -> Option<Queue> {
    Some(match c {
        0 => Queue::Tick,
        1 => Queue::Job,
        2 => Queue::Timer,
        3 => Queue::Immediate,
        4 => Queue::Io,
        _ => return None,
    })
}

fn outcome_of(c: u32) -> Option<Outcome> {
    Some(match c {
        0 => Outcome::Fulfilled,
        1 => Outcome::Rejected,
        2 => Outcome::Aborted,
        _ => return None,
    })
}

/// The report `encode` made, or `None` if the words and strings are not one.
pub fn decode(words: &[u32], strings: &[String]) -> Option<Report> {
    let mut r = Reader { words, at: 0, strings };
    if r.word()? != VERSION {
        return None;
    }
    let exit_code = r.word()? as i32;
    let ended_at = r.wide()?;
    let truncated = r.flag()?;
    let race = match r.word()? {
        0 => None,
        i => Some(strings.get(i as usize - 1)?.clone()),
    };
    let stopped = match r.word()? {
        0 => None,
        k => {
            let kind = match k {
                1 => RefusalKind::Syntax,
                2 => RefusalKind::Unsupported,
                3 => RefusalKind::Limit,
                _ => return None,
            };
            Some(Refusal { kind, line: r.word()?, column: r.word()?, message: r.string()? })
        }
    };
    let (labels, console, lanes, steps) = (r.word()?, r.word()? as usize, r.word()?, r.word()? as usize);
    let label_texts = strings.get(..labels as usize)?.to_vec();
    // Every entry takes at least one word: counts larger than what is left are malformed.
    let left = words.len();
    if console > left || lanes as usize > left || steps > left {
        return None;
    }
    let mut view = View { labels: label_texts, truncated, ..View::default() };
    for _ in 0..console {
        let step = r.word()?;
        if step as usize >= steps {
            return None;
        }
        view.console.push(ConsoleLine { step, at: r.wide()?, stderr: r.flag()?, text: r.string()? });
    }
    for _ in 0..lanes {
        view.lanes.push(Lane { label: r.string()?, function: r.string()? });
    }
    let lane = |l: u32| (l < lanes).then_some(l);
    let label = |l: u32| (l < labels).then_some(l);
    for _ in 0..steps {
        let at = r.wide()?;
        let phase = phase_of(r.word()?)?;
        let what = match r.word()? {
            0 => What::Start,
            1 => What::Phase,
            2 => What::Schedule { queue: queue_of(r.word()?)?, label: label(r.word()?)? },
            3 => {
                let (queue, l) = (queue_of(r.word()?)?, label(r.word()?)?);
                let by = match r.word()? {
                    0 => None,
                    n => Some(lane(n - 1)?),
                };
                What::Run { queue, label: l, lane: by }
            }
            4 => What::Log { line: r.word()? }.validated(console)?,
            5 => What::Call { lane: lane(r.word()?)? },
            6 => What::Await { lane: lane(r.word()?)? },
            7 => What::Resume { lane: lane(r.word()?)? },
            8 => What::Settle { lane: lane(r.word()?)?, outcome: outcome_of(r.word()?)? },
            9 => What::End,
            _ => return None,
        };
        let stack = r.labels(labels)?;
        let ticks = r.labels(labels)?;
        let jobs = r.labels(labels)?;
        let immediates = r.labels(labels)?;
        let n = r.word()? as usize;
        if n > left {
            return None;
        }
        let mut timers = Vec::with_capacity(n);
        for _ in 0..n {
            timers.push(TimerEntry { label: label(r.word()?)?, due: r.wide()?, repeat: r.flag()? });
        }
        let sizes = [r.word()?, r.word()?, r.word()?, r.word()?];
        view.steps.push(Step { at, phase, what, stack, ticks, jobs, timers, immediates, sizes });
    }
    (r.at == words.len()).then_some(Report { view, exit_code, stopped, ended_at, race })
}

impl What {
    /// A console line's step must name a line that exists.
    fn validated(self, console: usize) -> Option<What> {
        match self {
            What::Log { line } if line as usize >= console => None,
            other => Some(other),
        }
    }
}
