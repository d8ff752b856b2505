//! A Node Writable stream: `highWaterMark`, `write()` returning false, and `'drain'`.
//!
//! **The rule.** `highWaterMark` is a threshold, not a cap: `write()` always accepts its chunk
//! and adds it to `length` (bytes, or 1 per object in object mode), which counts what is buffered
//! *plus* the chunk the sink is writing. If the sink is idle the chunk goes to it at once; if the
//! sink calls back synchronously, `length` drops again before `write()` answers. Then `write()`
//! returns `length < highWaterMark || length == 0` (Node 20 and 22, `writeOrBuffer`): so with
//! highWaterMark 0 every non-empty write to an asynchronous sink returns false, one chunk bigger
//! than the mark returns false on an empty stream, and a synchronous sink never pushes back.
//! A false arms `'drain'`, which is emitted once `length` comes back to 0 (inside the sink's
//! callback that emptied it, while the stream is not ending) and only if a write returned false
//! since the last `'drain'`. Buffered chunks reach the sink one at a time, oldest first.
//!
//! Defaults: 16384 bytes on Node 20, 65536 on Node 22 (Linux, macOS), 16 objects in object mode.

use std::collections::VecDeque;

use super::clock::Agenda;
use super::error::check_range;
use super::ModelError;
use crate::rng::SeededRandom;
use crate::trace::{EventKind, Millis, Trace};

/// `stream.getDefaultHighWaterMark(false)` on Node 20.
pub const NODE20_HIGH_WATER_MARK: u64 = 16 * 1024;
/// `stream.getDefaultHighWaterMark(false)` on Node 22, Linux and macOS.
pub const NODE22_HIGH_WATER_MARK: u64 = 64 * 1024;
/// `stream.getDefaultHighWaterMark(true)`: objects, on both.
pub const OBJECT_MODE_HIGH_WATER_MARK: u64 = 16;

/// A chunk, by its number in write order and its size in the stream's units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub id: u32,
    pub units: u64,
}

/// Whether `_write` calls its callback in the same turn (a synchronous sink) or later (real I/O).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Callback {
    Sync,
    Async,
}

/// What `write()` answered, and whether it handed a chunk to the sink.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Written {
    pub returned: bool,
    /// `writableLength` once `write()` returned.
    pub length: u64,
    /// The chunk `_write` received during this call, if the sink was idle. An asynchronous sink
    /// has yet to call back for it; a synchronous one already has, so `length` leaves it out.
    pub to_sink: Option<Chunk>,
}

/// What the sink's callback led to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Acknowledged {
    /// The next buffered chunk, handed to `_write` within the callback.
    pub to_sink: Option<Chunk>,
    pub drain: bool,
    /// `'finish'`: the stream was ending and everything is written.
    pub finish: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamError {
    /// `write()` after `end()`: Node's `ERR_STREAM_WRITE_AFTER_END`.
    WriteAfterEnd,
    /// The sink called back while it was writing nothing.
    NothingWriting,
}

impl StreamError {
    pub fn code(&self) -> &'static str {
        match self {
            StreamError::WriteAfterEnd => "ERR_STREAM_WRITE_AFTER_END",
            StreamError::NothingWriting => "ERR_MULTIPLE_CALLBACK",
        }
    }
}

/// The stream's writable state, without time.
#[derive(Clone, Debug)]
pub struct Writable {
    high_water_mark: u64,
    object_mode: bool,
    callback: Callback,
    /// Invariant: `length` = the units of `buffered` + the units of `writing`.
    length: u64,
    /// Handed to `_write`, callback not yet called. Always `None` with a synchronous sink once a
    /// method returns.
    writing: Option<Chunk>,
    /// Waiting for the sink, oldest first. Invariant: non-empty only while `writing` is some.
    buffered: VecDeque<Chunk>,
    /// A write returned false and `'drain'` has not been emitted since.
    need_drain: bool,
    ending: bool,
    written: u32,
}

impl Writable {
    pub fn new(high_water_mark: u64, object_mode: bool, callback: Callback) -> Self {
        Self {
            high_water_mark,
            object_mode,
            callback,
            length: 0,
            writing: None,
            buffered: VecDeque::new(),
            need_drain: false,
            ending: false,
            written: 0,
        }
    }

    /// `write(chunk)` with a chunk of `bytes` bytes (any chunk counts 1 in object mode).
    pub fn write(&mut self, bytes: u64) -> Result<Written, StreamError> {
        if self.ending {
            return Err(StreamError::WriteAfterEnd);
        }
        self.written += 1;
        let chunk = Chunk { id: self.written, units: if self.object_mode { 1 } else { bytes } };
        self.length += chunk.units;
        let mut to_sink = None;
        if self.writing.is_some() {
            self.buffered.push_back(chunk);
        } else if self.callback == Callback::Sync {
            // `_write` calls back before returning: the chunk is written and gone.
            self.length -= chunk.units;
            to_sink = Some(chunk);
        } else {
            self.writing = Some(chunk);
            to_sink = Some(chunk);
        }
        let returned = self.length < self.high_water_mark || self.length == 0;
        if !returned {
            self.need_drain = true;
        }
        Ok(Written { returned, length: self.length, to_sink })
    }

    /// The sink called back for the chunk it was writing.
    pub fn acknowledge(&mut self) -> Result<Acknowledged, StreamError> {
        let done = self.writing.take().ok_or(StreamError::NothingWriting)?;
        self.length -= done.units;
        self.writing = self.buffered.pop_front();
        let drain = self.need_drain && self.length == 0 && !self.ending;
        if drain {
            self.need_drain = false;
        }
        let finish = self.ending && self.length == 0;
        Ok(Acknowledged { to_sink: self.writing, drain, finish })
    }

    /// `end()`: no more writes. Returns true if that finishes the stream at once.
    pub fn end(&mut self) -> bool {
        self.ending = true;
        self.length == 0
    }

    /// `writableLength`.
    pub fn length(&self) -> u64 {
        self.length
    }

    /// `writableNeedDrain`.
    pub fn need_drain(&self) -> bool {
        self.need_drain
    }

    pub fn high_water_mark(&self) -> u64 {
        self.high_water_mark
    }
}

/// How the producer treats `false`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Producer {
    /// `if (!w.write(chunk)) await once(w, 'drain')`: pauses until `'drain'`.
    HonoursBackpressure,
    /// Writes on regardless of what `write()` returned.
    IgnoresBackpressure,
}

/// The sink takes `sink_min_ms + floor(random() * sink_span_ms)` per chunk, or calls back
/// synchronously.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sink {
    Async { min_ms: Millis, span_ms: Millis },
    Sync,
}

/// A producer makes `chunks` chunks of `chunk_bytes`, one every `produce_every_ms` (0: as fast as
/// it can, in one turn), and writes each; then calls `end()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WritableParams {
    pub high_water_mark: u64,
    pub object_mode: bool,
    pub chunks: u32,
    pub chunk_bytes: u64,
    pub produce_every_ms: Millis,
    pub producer: Producer,
    pub sink: Sink,
    pub seed: u32,
}

/// The most chunks a run accepts: it keeps a record per write.
pub const MAX_CHUNKS: u32 = 1_000_000;
/// The largest chunk, 1 GiB.
pub const MAX_CHUNK_BYTES: u64 = 1 << 30;

impl Default for WritableParams {
    /// Node 20's default mark, 1 KiB chunks made every ms, a sink taking 2 to 4 ms per chunk.
    fn default() -> Self {
        Self {
            high_water_mark: NODE20_HIGH_WATER_MARK,
            object_mode: false,
            chunks: 64,
            chunk_bytes: 1024,
            produce_every_ms: 1,
            producer: Producer::HonoursBackpressure,
            sink: Sink::Async { min_ms: 2, span_ms: 3 },
            seed: 42,
        }
    }
}

/// One `write()` call and its answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteRecord {
    pub at: Millis,
    pub chunk: u32,
    pub returned: bool,
    /// `writableLength` right after the call.
    pub length: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WritableReport {
    /// Per chunk: queued (written), started (handed to the sink), finished (called back); and
    /// `length` as [`EventKind::Buffered`].
    pub trace: Trace,
    pub writes: Vec<WriteRecord>,
    /// When each `'drain'` was emitted.
    pub drains: Vec<Millis>,
    /// The highest `writableLength` a `write()` left behind.
    pub peak_length: u64,
    /// `'finish'`.
    pub finished_at: Millis,
}

enum Due {
    /// The producer's next chunk is made.
    Produce,
    /// The sink calls back.
    SinkDone,
}

pub fn run(p: &WritableParams) -> Result<WritableReport, ModelError> {
    check_range("chunks", u64::from(p.chunks), 1, u64::from(MAX_CHUNKS))?;
    check_range("chunk_bytes", p.chunk_bytes, 0, MAX_CHUNK_BYTES)?;
    check_range("high_water_mark", p.high_water_mark, 0, MAX_CHUNK_BYTES)?;
    check_range("produce_every_ms", p.produce_every_ms, 0, u64::from(u32::MAX))?;
    if let Sink::Async { min_ms, span_ms } = p.sink {
        check_range("sink.min_ms", min_ms, 0, u64::from(u32::MAX))?;
        check_range("sink.span_ms", span_ms, 0, u64::from(u32::MAX))?;
    }
    let callback = if p.sink == Sink::Sync { Callback::Sync } else { Callback::Async };
    let mut stream = Writable::new(p.high_water_mark, p.object_mode, callback);
    let mut random = SeededRandom::new(p.seed);
    let mut agenda = Agenda::new();
    let mut trace = Trace::new();
    let mut writes = Vec::with_capacity(p.chunks as usize);
    let mut drains = Vec::new();
    let (mut peak_length, mut finished_at, mut made) = (0, None, 0u32);
    let mut paused = false;
    agenda.schedule_at(0, Due::Produce);

    let sink_time = |random: &mut SeededRandom| match p.sink {
        Sink::Async { min_ms, span_ms } => random.next_in(min_ms, span_ms),
        Sink::Sync => 0,
    };

    while let Some((now, due)) = agenda.pop() {
        match due {
            Due::Produce => {
                made += 1;
                let w = stream.write(p.chunk_bytes).map_err(|e| ModelError::new("chunks", e.code()))?;
                let id = made;
                trace.push(now, EventKind::TaskQueued(id));
                if let Some(chunk) = w.to_sink {
                    trace.push(now, EventKind::TaskStarted(chunk.id));
                    match callback {
                        Callback::Sync => trace.push(now, EventKind::TaskFinished(chunk.id)),
                        Callback::Async => agenda.schedule_in(sink_time(&mut random), Due::SinkDone),
                    }
                }
                trace.push(now, EventKind::Buffered(w.length));
                writes.push(WriteRecord { at: now, chunk: id, returned: w.returned, length: w.length });
                peak_length = peak_length.max(w.length);
                if made == p.chunks {
                    if stream.end() {
                        finished_at = Some(now);
                    }
                } else if w.returned || p.producer == Producer::IgnoresBackpressure {
                    agenda.schedule_in(p.produce_every_ms, Due::Produce);
                } else {
                    paused = true;
                }
            }
            Due::SinkDone => {
                let done = stream.writing.map(|c| c.id);
                let ack = stream.acknowledge().map_err(|e| ModelError::new("sink", e.code()))?;
                if let Some(id) = done {
                    trace.push(now, EventKind::TaskFinished(id));
                }
                if let Some(next) = ack.to_sink {
                    trace.push(now, EventKind::TaskStarted(next.id));
                    agenda.schedule_in(sink_time(&mut random), Due::SinkDone);
                }
                trace.push(now, EventKind::Buffered(stream.length()));
                if ack.drain {
                    drains.push(now);
                    if paused {
                        paused = false;
                        agenda.schedule_in(p.produce_every_ms, Due::Produce);
                    }
                }
                if ack.finish {
                    finished_at = Some(now);
                }
            }
        }
    }
    let finished_at = finished_at.unwrap_or(agenda.now());
    Ok(WritableReport { trace, writes, drains, peak_length, finished_at })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(stream: &mut Writable, sizes: &[u64]) -> Vec<(bool, u64)> {
        sizes.iter().map(|&b| stream.write(b).map(|w| (w.returned, w.length)).unwrap()).collect()
    }

    #[test]
    fn the_mark_is_a_threshold_not_a_cap() {
        // hwm 10, four 4-byte writes: true, true, false, false with length 4, 8, 12, 16.
        let mut s = Writable::new(10, false, Callback::Async);
        assert_eq!(answers(&mut s, &[4, 4, 4, 4]), [(true, 4), (true, 8), (false, 12), (false, 16)]);
        // One 25-byte write to an empty stream is accepted and answered false.
        let mut big = Writable::new(10, false, Callback::Async);
        assert_eq!(answers(&mut big, &[25]), [(false, 25)]);
    }

    #[test]
    fn mark_zero_pushes_back_on_every_write_and_a_sync_sink_never_does() {
        let mut zero = Writable::new(0, false, Callback::Async);
        assert!(answers(&mut zero, &[1, 1, 1]).iter().all(|&(ok, _)| !ok));
        let mut sync = Writable::new(4, false, Callback::Sync);
        assert_eq!(answers(&mut sync, &[4, 4, 100]), [(true, 0); 3]);
        assert!(!sync.need_drain());
        // Each chunk still goes to the sink, and the sink is done with it when `write()` returns.
        assert_eq!(sync.write(7).unwrap().to_sink, Some(Chunk { id: 4, units: 7 }));
        assert_eq!(sync.acknowledge(), Err(StreamError::NothingWriting));
    }

    #[test]
    fn object_mode_default_sixteen_objects_fifteen_trues_then_false() {
        let mut s = Writable::new(OBJECT_MODE_HIGH_WATER_MARK, true, Callback::Async);
        let got = answers(&mut s, &[1_000_000; 17]);
        assert!(got[..15].iter().all(|&(ok, _)| ok));
        assert_eq!(got[15], (false, 16));
    }

    #[test]
    fn node_twenty_default_one_kib_writes_to_a_slow_sink_false_on_the_sixteenth() {
        let mut s = Writable::new(NODE20_HIGH_WATER_MARK, false, Callback::Async);
        let first_false = answers(&mut s, &[1024; 70]).iter().position(|&(ok, _)| !ok);
        assert_eq!(first_false, Some(15));
        let mut s22 = Writable::new(NODE22_HIGH_WATER_MARK, false, Callback::Async);
        assert_eq!(answers(&mut s22, &[1024; 70]).iter().position(|&(ok, _)| !ok), Some(63));
    }

    #[test]
    fn drain_comes_once_the_buffer_is_flushed_and_only_after_a_false() {
        // hwm 10, 10 ms sink: a, b true; c, d false; the sink writes a..d; then 'drain' at length 0.
        let mut s = Writable::new(10, false, Callback::Async);
        answers(&mut s, &[4, 4, 4, 4]);
        let acks: Vec<Acknowledged> = (0..4).map(|_| s.acknowledge().unwrap()).collect();
        assert_eq!(acks.iter().map(|a| a.to_sink.map(|c| c.id)).collect::<Vec<_>>(), [Some(2), Some(3), Some(4), None]);
        assert_eq!(acks.iter().map(|a| a.drain).collect::<Vec<_>>(), [false, false, false, true]);
        // Below the mark, emptying the buffer emits nothing.
        answers(&mut s, &[4]);
        assert!(!s.acknowledge().unwrap().drain);
        assert_eq!(s.acknowledge(), Err(StreamError::NothingWriting));
    }

    #[test]
    fn write_after_end_is_an_error_and_end_finishes_after_the_last_callback() {
        let mut s = Writable::new(10, false, Callback::Async);
        answers(&mut s, &[20]);
        assert!(!s.end());
        assert_eq!(s.write(1), Err(StreamError::WriteAfterEnd));
        assert_eq!(StreamError::WriteAfterEnd.code(), "ERR_STREAM_WRITE_AFTER_END");
        let ack = s.acknowledge().unwrap();
        assert!(ack.finish && !ack.drain, "no 'drain' while ending");
    }

    #[test]
    fn a_producer_that_honours_backpressure_stays_near_the_mark_one_that_ignores_it_does_not() {
        let honours = run(&WritableParams::default()).unwrap();
        let ignores =
            run(&WritableParams { producer: Producer::IgnoresBackpressure, ..WritableParams::default() }).unwrap();
        assert!(honours.peak_length <= NODE20_HIGH_WATER_MARK, "{}", honours.peak_length);
        assert!(!honours.drains.is_empty());
        assert!(ignores.peak_length > 2 * NODE20_HIGH_WATER_MARK, "{}", ignores.peak_length);
        assert_eq!(honours.writes.len(), 64);
        assert_eq!(ignores.trace.buffered_steps().last().map(|s| s.1), Some(0));
    }

    #[test]
    fn bad_sizes_are_errors() {
        let base = WritableParams::default();
        assert_eq!(run(&WritableParams { chunks: 0, ..base }).unwrap_err().field, "chunks");
        assert_eq!(run(&WritableParams { chunk_bytes: MAX_CHUNK_BYTES + 1, ..base }).unwrap_err().field, "chunk_bytes");
    }
}
