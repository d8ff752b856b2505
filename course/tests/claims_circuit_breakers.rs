//! What the circuit-breakers lesson says Node does, checked against real Node 20: how `fetch`
//! and `node:http` report each kind of failure, what the lesson's classifier, retry loop and
//! budget do with them, the stock handler's fallbacks, opossum's edges, and what the two runners
//! show across their knobs. Each test reads the fragment and the sentence or table cell that
//! makes the claim out of `content/circuit-breakers.md`, runs a complete program around it in
//! Node, and compares. Nothing Node prints is written down here.
//! Needs `node` (Node 20) and the npm packages in `tests/`.

mod support;

use inflight_course::with_knob;
use support::*;

const SLUG: &str = "circuit-breakers";

/// The parts of `text` between backticks.
fn code_spans(text: &str) -> Vec<String> {
    text.split('`').skip(1).step_by(2).map(String::from).collect()
}

fn unquote(s: &str) -> &str {
    s.trim_matches('\'')
}

/// The whole numbers of three digits in `text` (HTTP statuses).
fn statuses(text: &str) -> Vec<u64> {
    text.split(|c: char| !c.is_ascii_digit()).filter(|t| t.len() == 3).map(|t| t.parse().unwrap()).collect()
}

/// The runner whose info string starts with `runner file=NAME`: its info string and code.
fn runner(md: &str, file: &str) -> (String, String) {
    fences(md).into_iter().find(|(i, _)| i.starts_with(&format!("runner file={file}"))).unwrap_or_else(|| panic!("no runner {file}"))
}

fn seed_of(info: &str) -> u32 {
    if info.contains("seed=") { number_after(info, "seed=") as u32 } else { 1 }
}

/// The lines of `run` that start with `tag|`, split on `|` after it; the run must have ended well.
fn rows<'a>(run: &'a Run, tag: &str) -> Vec<Vec<&'a str>> {
    assert_eq!(run.status, 0, "{}\n{}", run.stdout, run.stderr);
    run.stdout.lines().filter_map(|l| l.strip_prefix(&format!("{tag}|"))).map(|l| l.split('|').collect()).collect()
}


/// A local HTTP server for the programs below: `/NNN` answers that status (`?retry-after=V`
/// adds the header), `/drop` destroys the socket before answering, `/slow` answers after 2 s;
/// `FAIL_FIRST` requests to `/flaky` get `FLAKY_STATUS`, the rest `{"ok":true}`. `hits` counts
/// requests. Also a port with nothing listening, `closedPort`.
const TEST_SERVER: &str = r#"
import { createServer as createTestServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';

let hits = 0;
let FAIL_FIRST = 0;
let FLAKY_STATUS = 503;
let FLAKY_RETRY_AFTER = '';
const testServer = createTestServer((req, res) => {
  hits++;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname.slice(1);
  if (path === 'drop') return void req.socket.destroy();
  if (path === 'slow') return void setTimeout(() => res.end('{}'), 2000).unref();
  if (path === 'flaky') {
    if (hits <= FAIL_FIRST) return void res.writeHead(FLAKY_STATUS, FLAKY_RETRY_AFTER ? { 'Retry-After': FLAKY_RETRY_AFTER } : {}).end();
    return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }
  const retryAfter = url.searchParams.get('retry-after');
  res.writeHead(Number(path), retryAfter ? { 'Retry-After': retryAfter } : {}).end();
});
await new Promise<void>((resolve) => testServer.listen(0, '127.0.0.1', () => resolve()));
const base = `http://127.0.0.1:${(testServer.address() as any).port}`;
const closedPort = await new Promise<number>((resolve) => {
  const probe = createNetServer().listen(0, '127.0.0.1', () => {
    const port = (probe.address() as any).port;
    probe.close(() => resolve(port));
  });
});
const stopTestServer = () => {
  testServer.closeAllConnections();
  testServer.close();
};
"#;

#[test]
fn the_oracle_is_node_20() {
    let run = node(&root(), &["--version"]);
    assert!(run.stdout.starts_with("v20."), "these claims are about Node 20, and `node` is {}", run.stdout.trim());
}

// ---------------------------------------------------------------------------------------------
// Retries multiply

/// The incident's and the table's arithmetic, and the two short answers': (r + 1)^L calls.
#[test]
fn the_retry_arithmetic_adds_up() {
    let md = lesson(SLUG);
    let incident = prose(&md, "One checkout became up to");
    assert!(incident.contains("4 × 4 × 4 = 64 queries"), "{incident}");
    let peak = number_after(&prose(&md, "At the evening peak"), "At the evening peak, ");
    assert_eq!(number_after(&incident, "at the peak, "), peak * 64, "{incident}");
    assert!(block(&md, "ts", "retry(() => inventory.getStock(sku)").contains("{ retries: 3, delayMs: 50 }"));
    for layers in 1..=4u32 {
        let row = table_row(&md, &layers.to_string());
        let product = row[1].rsplit(' ').next().unwrap();
        assert_eq!(product.parse::<u64>().unwrap(), 4u64.pow(layers), "{row:?}");
    }
    let three = block(&md, "quiz short id=retries-across-three-layers", "");
    assert!(three.contains("each one makes up to 2 retries") && three.contains("= 27\n"), "{three}");
    let fifty = block(&md, "quiz short id=failures-before-fifty-breakers-open", "");
    assert!(fifty.contains("You run 50 instances") && fifty.contains("after 5 consecutive failures") && fifty.contains("= 250\n"), "{fifty}");
    assert!(prose(&md, "Per process means per instance.").contains("Run 50 instances, each with its own breaker that opens after 5 failures in a row, and the dependency receives 250 failing calls"));
}

// ---------------------------------------------------------------------------------------------
// Retry only what is safe to retry

/// The table of failures, its "What Node gives you" column: `fetch` rejects on a refused
/// connection (`TypeError: fetch failed`, `cause.code` `'ECONNREFUSED'`) and a dropped one
/// (`'UND_ERR_SOCKET'`; `node:http` says `'ECONNRESET'`), with the signal's `TimeoutError` on a
/// timeout and the signal's reason on the caller's abort, and resolves on every status, with
/// `response.ok` false. And: "`fetch` rejects only when no response arrives. A 503 is a response."
#[test]
fn fetch_rejects_only_when_no_response_arrives_as_the_table_says() {
    let md = lesson(SLUG);
    let claim = prose(&md, "one is easy to miss");
    assert!(claim.contains("`fetch` rejects only when no response arrives. A 503 is a response."), "{claim}");

    let refused = code_spans(&table_row(&md, "Connection refused")[1]);
    assert_eq!(refused[..2], ["fetch", "TypeError: fetch failed"], "{refused:?}");
    assert_eq!(refused[2], "err.cause.code");
    let dropped = code_spans(&table_row(&md, "Connection dropped by the server")[1]);
    assert_eq!((dropped[0].as_str(), dropped[1].as_str(), dropped[3].as_str(), dropped[4].as_str()), ("fetch", "err.cause.code", "node:http", "err.code"), "{dropped:?}");
    let timeout = table_row(&md, "Your own per-attempt timeout")[1].clone();
    assert!(timeout.contains("`fetch` rejects with the signal's reason, a `DOMException` named `TimeoutError`"), "{timeout}");
    let abort = table_row(&md, "The caller's own signal aborted")[1].clone();
    assert_eq!(abort, "`fetch` rejects with that signal's reason");
    let mut resolving = Vec::new();
    for row in ["429 or 503", "502 or 504 from a proxy", "Other 4xx: 400, 401, 403, 404, 409, 422"] {
        assert_eq!(table_row(&md, row)[1], "`fetch` resolves; `response.ok` is `false`", "row {row}");
        resolving.extend(statuses(row));
    }
    assert_eq!(resolving.len(), 10);

    let program = format!(
        r#"{TEST_SERVER}
import {{ request }} from 'node:http';
const report = async (label: string, promise: Promise<Response>) => {{
  try {{
    const response = await promise;
    console.log(`${{label}}|resolved|${{response.status}}|${{response.ok}}`);
  }} catch (e: any) {{
    console.log(`${{label}}|rejected|${{e.name}}: ${{e.message}}|${{e.constructor.name}}|${{e.name}}|${{e.cause?.code ?? ''}}`);
  }}
}};
await report('refused', fetch(`http://127.0.0.1:${{closedPort}}/`));
await report('dropped', fetch(`${{base}}/drop`));
await report('attempt timeout', fetch(`${{base}}/slow`, {{ signal: AbortSignal.timeout(50) }}));
for (const status of [{statuses}]) await report(String(status), fetch(`${{base}}/${{status}}`));
const caller = new AbortController();
const reason = new Error('client disconnected');
setTimeout(() => caller.abort(reason), 50);
try {{
  await fetch(`${{base}}/slow`, {{ signal: caller.signal }});
}} catch (e) {{
  console.log(`caller abort|${{e === reason}}`);
}}
const httpCode = await new Promise((resolve) => request(`${{base}}/drop`).on('error', (e: any) => resolve(e.code)).end());
console.log(`dropped over node:http|${{httpCode}}`);
stopTestServer();
"#,
        statuses = resolving.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")
    );
    let run = run("fetch-failures", "failures.mts", &program);
    let refused_run = &rows(&run, "refused")[0];
    assert_eq!((refused_run[0], refused_run[1], refused_run[4]), ("rejected", refused[1].as_str(), unquote(&refused[3])), "{}", run.stdout);
    let dropped_run = &rows(&run, "dropped")[0];
    assert_eq!((dropped_run[0], dropped_run[4]), ("rejected", unquote(&dropped[2])), "{}", run.stdout);
    assert_eq!(rows(&run, "dropped over node:http")[0][0], unquote(&dropped[5]), "{}", run.stdout);
    let timed_out = &rows(&run, "attempt timeout")[0];
    assert_eq!((timed_out[0], timed_out[2], timed_out[3]), ("rejected", "DOMException", "TimeoutError"), "{}", run.stdout);
    for status in &resolving {
        assert_eq!(rows(&run, &status.to_string())[0], ["resolved", status.to_string().as_str(), "false"], "{}", run.stdout);
    }
    assert_eq!(rows(&run, "caller abort")[0], ["true"], "{}", run.stdout);
}


/// What the table's "Retry?" column says of a row: (retry an idempotent request, retry one that
/// is not).
fn verdict(md: &str, row: &str) -> (bool, bool) {
    let cell = table_row(md, row)[2].clone();
    if cell.starts_with("yes") {
        (true, true)
    } else if cell.starts_with("only if it is safe to repeat") {
        (true, false)
    } else if cell.starts_with("no:") || cell.starts_with("never:") {
        (false, false)
    } else {
        panic!("row {row}: what does {cell:?} say?")
    }
}

/// `getJson` and `isTransient` classify what Node really reports as the table's "Retry?" column
/// says, and `getJson` keeps `Retry-After` in seconds ("the seconds form; NaN for a date").
#[test]
fn is_transient_classifies_what_node_reports_as_the_table_says() {
    let md = lesson(SLUG);
    let fragment = block(&md, "ts", "export function isTransient(");
    assert!(fragment.contains("// the seconds form; NaN for a date"), "{fragment}");
    let mut cases: Vec<(String, String, (bool, bool))> = vec![
        ("refused".into(), "getJson(`http://127.0.0.1:${closedPort}/`, AbortSignal.timeout(5000))".into(), verdict(&md, "Connection refused")),
        ("dropped".into(), "getJson(`${base}/drop`, AbortSignal.timeout(5000))".into(), verdict(&md, "Connection dropped by the server")),
        ("dropped over node:http".into(), "droppedOverHttp()".into(), verdict(&md, "Connection dropped by the server")),
        ("attempt timeout".into(), "getJson(`${base}/slow`, AbortSignal.timeout(50))".into(), verdict(&md, "Your own per-attempt timeout")),
        ("caller abort".into(), "getJson(`${base}/slow`, callerGivesUp())".into(), verdict(&md, "The caller's own signal aborted")),
    ];
    for row in ["429 or 503", "502 or 504 from a proxy", "Other 4xx: 400, 401, 403, 404, 409, 422"] {
        for status in statuses(row) {
            cases.push((status.to_string(), format!("getJson(`${{base}}/{status}?retry-after=7`, AbortSignal.timeout(5000))"), verdict(&md, row)));
        }
    }
    cases.push(("503 with a date".into(), "getJson(`${base}/503?retry-after=${encodeURIComponent(new Date(Date.now() + 7000).toUTCString())}`, AbortSignal.timeout(5000))".into(), verdict(&md, "429 or 503")));
    let calls: String = cases.iter().map(|(label, call, _)| format!("await classify('{label}', () => {call});\n")).collect();
    let program = format!(
        r#"{fragment}
{TEST_SERVER}
import {{ request }} from 'node:http';
const droppedOverHttp = () => new Promise((_, reject) => request(`${{base}}/drop`).on('error', reject).end());
const callerGivesUp = () => {{
  const caller = new AbortController();
  setTimeout(() => caller.abort(), 50);
  return caller.signal;
}};
async function classify(label: string, call: () => Promise<unknown>): Promise<void> {{
  try {{
    await call();
    console.log(`${{label}}|answered`);
  }} catch (err) {{
    console.log(`${{label}}|${{isTransient(err, true)}}|${{isTransient(err, false)}}|${{(err as any).retryAfterMs ?? 'none'}}`);
  }}
}}
{calls}
stopTestServer();
"#
    );
    let run = run("is-transient", "classify.mts", &program);
    for (label, _, (idempotent, not)) in &cases {
        let row = &rows(&run, label)[0];
        assert_eq!((row[0], row[1]), (idempotent.to_string().as_str(), not.to_string().as_str()), "{label}: {}", run.stdout);
        let retry_after = if label.starts_with(|c: char| c.is_ascii_digit()) && !label.contains("date") { "7000" } else { "none" };
        assert_eq!(row[2], retry_after, "{label}: the Retry-After kept: {}", run.stdout);
    }
}

/// The lesson's retry code as one module: the classifier, the budget and the loop.
fn retry_code(md: &str) -> String {
    let classify = block(md, "ts", "export function isTransient(");
    let budget = block(md, "ts", "export class RetryBudget");
    let retry = block(md, "ts", "export async function retry<T>(");
    format!("{classify}\n{budget}\n{retry}")
}

/// The retry loop: full jitter (`Math.random() * ceiling`) under `min(cap, base · 2^n)`, only
/// transient failures, only while the budget and the attempts last; and "If the deadline passes
/// during a backoff, `sleep` rejects at once with an `AbortError` whose `cause` is the deadline's
/// `TimeoutError` ... A `Retry-After` longer than the time left ends the same way", and "The
/// retry loop below checks the caller's signal before it looks at the error."
#[test]
fn retry_backs_off_with_full_jitter_and_stops_at_the_deadline() {
    let md = lesson(SLUG);
    let code = retry_code(&md);
    assert!(code.contains("const jittered = Math.random() * ceiling; // full jitter"), "{code}");
    assert!(code.contains("Math.min(policy.capMs, policy.baseMs * 2 ** attempt)"), "{code}");
    let claim = prose(&md, "If the deadline passes during a backoff");
    assert!(claim.contains("`sleep` rejects at once with an `AbortError` whose `cause` is the deadline's `TimeoutError`"), "{claim}");
    assert!(claim.contains("A `Retry-After` longer than the time left ends the same way."), "{claim}");
    let last_row = prose(&md, "The last row of the table needs the caller's signal");
    assert!(last_row.contains("A per-attempt `AbortSignal.timeout()` and a request deadline made the same way both reject `fetch` with a `TimeoutError`"), "{last_row}");
    assert!(last_row.contains("The retry loop below checks the caller's signal before it looks at the error."), "{last_row}");

    // Each trial: a label, how the server behaves, the policy's changes, the path, Math.random.
    let trials = [
        ("flaky", "FAIL_FIRST = 2;", "{}", "flaky", "0.5"),
        ("bad request", "FAIL_FIRST = 1; FLAKY_STATUS = 400;", "{}", "flaky", "0.5"),
        ("always 503", "FAIL_FIRST = 99;", "{}", "flaky", "0.5"),
        ("no jitter drawn", "FAIL_FIRST = 2;", "{}", "flaky", "0"),
        ("the top of the jitter", "FAIL_FIRST = 2;", "{}", "flaky", "0.999"),
        ("capped", "FAIL_FIRST = 3;", "{ attempts: 4, capMs: 100 }", "flaky", "0.999"),
        ("deadline during a backoff", "FAIL_FIRST = 99;", "{ baseMs: 1000, signal: AbortSignal.timeout(300) }", "flaky", "0.999"),
        ("a Retry-After past the deadline", "FAIL_FIRST = 99; FLAKY_RETRY_AFTER = '5';", "{ signal: AbortSignal.timeout(300) }", "flaky", "0"),
        ("deadline during an attempt", "", "{ attemptMs: 1000, signal: AbortSignal.timeout(100) }", "slow", "0"),
        ("a slow attempt", "", "{ attempts: 2, attemptMs: 50, baseMs: 10 }", "slow", "0"),
        ("a slow attempt, not idempotent", "", "{ attempts: 2, attemptMs: 50, baseMs: 10, idempotent: false }", "slow", "0"),
        ("an empty budget", "FAIL_FIRST = 99;", "{ budget: new RetryBudget(0.1, 0) }", "flaky", "0"),
    ];
    let calls: String = trials
        .iter()
        .map(|(label, setup, over, path, random)| format!("await trial('{label}', () => {{ {setup} }}, {over}, '{path}', {random});\n"))
        .collect();
    let program = format!(
        r#"{code}
{TEST_SERVER}
const realRandom = Math.random;
async function trial(label: string, setup: () => void, over: Partial<RetryPolicy>, path: string, random: number): Promise<void> {{
  hits = 0;
  FAIL_FIRST = 0;
  FLAKY_STATUS = 503;
  FLAKY_RETRY_AFTER = '';
  setup();
  Math.random = () => random;
  const policy: RetryPolicy = {{ attempts: 3, baseMs: 100, capMs: 1000, attemptMs: 500, idempotent: true, budget: new RetryBudget(), signal: AbortSignal.timeout(5000), ...over }};
  const started = performance.now();
  try {{
    await retry((signal) => getJson(`${{base}}/${{path}}`, signal), policy);
    console.log(`${{label}}|answered||${{hits}}|${{Math.round(performance.now() - started)}}`);
  }} catch (err: any) {{
    console.log(`${{label}}|${{err.name}}|${{err.cause?.name ?? ''}}|${{hits}}|${{Math.round(performance.now() - started)}}`);
  }} finally {{
    Math.random = realRandom;
  }}
}}
{calls}
stopTestServer();
"#
    );
    let run = run("retry", "retry.mts", &program);
    let trial = |label: &str| -> (String, String, u64, u64) {
        let row = &rows(&run, label)[0];
        (row[0].to_string(), row[1].to_string(), row[2].parse().unwrap(), row[3].parse().unwrap())
    };
    let expect = |label: &str, outcome: &str, cause: &str, hits: u64| {
        let (o, c, h, ms) = trial(label);
        assert_eq!((o.as_str(), c.as_str(), h), (outcome, cause, hits), "{label} (after {ms} ms): {}", run.stdout);
        ms
    };
    expect("flaky", "answered", "", 3);
    expect("bad request", "HttpError", "", 1);
    expect("always 503", "HttpError", "", 3);
    // Full jitter: the delay is the draw times the ceiling, 100 ms then 200 ms here.
    let low = expect("no jitter drawn", "answered", "", 3);
    let high = expect("the top of the jitter", "answered", "", 3);
    assert!(low < 60, "with draws of 0 the retries waited {low} ms");
    assert!((295..600).contains(&high), "with draws of 0.999 under ceilings of 100 and 200 ms the retries took {high} ms");
    let capped = expect("capped", "answered", "", 4);
    assert!((295..550).contains(&capped), "ceilings of 100, 100 and 100 ms (capped; 100, 200 and 400 uncapped) took {capped} ms");
    let during_backoff = expect("deadline during a backoff", "AbortError", "TimeoutError", 1);
    assert!((290..800).contains(&during_backoff), "the 300 ms deadline ended a 999 ms backoff after {during_backoff} ms");
    let retry_after = expect("a Retry-After past the deadline", "AbortError", "TimeoutError", 1);
    assert!((290..800).contains(&retry_after), "the 300 ms deadline ended a 5 s Retry-After after {retry_after} ms");
    // The deadline's TimeoutError would be transient by its name; the loop looks at the signal first.
    let attempt = expect("deadline during an attempt", "TimeoutError", "", 1);
    assert!(attempt < 600, "{attempt} ms");
    expect("a slow attempt", "TimeoutError", "", 2);
    expect("a slow attempt, not idempotent", "TimeoutError", "", 1);
    expect("an empty budget", "HttpError", "", 1);
}

/// "In a full outage, 1,000 requests can spend the 10 tokens of the burst plus the 100 they
/// earn, so at most 110 retries: 1.1 times the load instead of 4 times."
#[test]
fn a_retry_budget_spends_its_burst_and_a_tenth_of_the_requests() {
    let md = lesson(SLUG);
    let budget = block(&md, "ts", "export class RetryBudget");
    assert!(budget.contains("constructor(readonly ratio = 0.1, readonly burst = 10)"), "{budget}");
    let claim = prose(&md, "In a full outage, 1,000 requests");
    let requests = number_after(&claim, "In a full outage, ");
    let burst = number_after(&claim, "can spend the ");
    let earned = number_after(&claim, "burst plus the ");
    let most = number_after(&claim, "so at most ");
    assert_eq!((burst, earned, most), (10, requests / 10, burst + requests / 10), "{claim}");
    assert!(claim.contains("1.1 times the load instead of 4 times"), "{claim}");
    let program = format!(
        r#"{budget}
const budget = new RetryBudget();
let retries = 0;
for (let request = 0; request < {requests}; request++) {{
  budget.onRequest();
  for (let retry = 0; retry < 3 && budget.trySpend(); retry++) retries++; // every attempt fails
}}
console.log(`retries|${{retries}}`);
"#
    );
    let run = run("budget", "budget.mts", &program);
    let retries: u64 = rows(&run, "retries")[0][0].parse().unwrap();
    assert!(retries <= most && retries + 2 >= most, "{requests} failing requests made {retries} retries");
}

// ---------------------------------------------------------------------------------------------
// The breaker runner

/// One run of the breaker runner, with a line for every call that reaches `askInventory`.
struct BreakerRun {
    lines: Vec<String>,
    /// (at, from, to) for each change of state.
    moves: Vec<(u64, String, String)>,
    /// (at, request, the breaker's state) for each call sent to the inventory service.
    sent: Vec<(u64, u64, String)>,
}

impl BreakerRun {
    /// The line that reports request `n`'s outcome.
    fn outcome(&self, n: u64) -> &str {
        let tag = format!("#{n:<3} ");
        let found: Vec<&String> = self.lines.iter().filter(|l| l.contains(&tag)).collect();
        assert_eq!(found.len(), 1, "request {n}: {found:#?}");
        found[0]
    }
}

fn breaker_run(code: &str, seed: u32, threshold: i64, cool_down: i64) -> BreakerRun {
    let marked = "  received++;\n";
    assert!(code.contains(marked));
    let program = with_knob(&with_knob(code, "THRESHOLD", threshold).unwrap(), "COOL_DOWN_MS", cool_down)
        .unwrap()
        .replacen(marked, "  received++;\n  console.log(`SENT|${now()}|${request}|${breaker.state}`);\n", 1);
    let run = run_virtual(&format!("breaker-{threshold}-{cool_down}-{seed}"), "breaker.ts", &program, seed);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let sent = rows(&run, "SENT").iter().map(|r| (r[0].parse().unwrap(), r[1].parse().unwrap(), r[2].to_string())).collect();
    let lines: Vec<String> = run.lines().into_iter().filter(|l| !l.starts_with("SENT|")).map(String::from).collect();
    let moves = lines
        .iter()
        .filter(|l| l.contains("  breaker "))
        .map(|l| {
            let at = number_after(l.trim_start(), "");
            let change = l.split("  breaker ").nth(1).unwrap().split(':').next().unwrap();
            let (from, to) = change.split_once(" -> ").unwrap();
            (at, from.to_string(), to.to_string())
        })
        .collect();
    BreakerRun { lines, moves, sent }
}

/// The breaker runner's prose: the inventory service's behaviour as the code has it; "the first
/// request after the cool-down moves it to HALF_OPEN and becomes the probe"; "Each line shows
/// the state that decided the request's fate"; the requests sent meanwhile "wait out their own"
/// timeouts; rejections come "at once"; "the first probe lands in the hang and re-opens the
/// breaker, the second finds the service healthy and closes it"; "Lengthen `COOL_DOWN_MS` and the
/// breaker keeps a recovered service dark for longer; shorten it and more probes are spent on a
/// service that is still down"; "set `THRESHOLD` to 1 and watch a single random 503 open the
/// breaker while the service is healthy". Across the knobs: nothing is sent while OPEN, and one
/// probe at a time while HALF_OPEN.
#[test]
fn the_breaker_runner_opens_probes_and_closes_as_the_lesson_says() {
    let md = lesson(SLUG);
    let (info, code) = runner(&md, "breaker.ts");
    let seed = seed_of(&info);
    assert!(info.contains("lanes=askInventory") && info.contains("knob=\"THRESHOLD 1..10 ") && info.contains("knob=\"COOL_DOWN_MS 50..500 "), "{info}");
    let setting = prose(&md, "Below, a request arrives every 25 ms");
    for (part, line) in [
        ("every 25 ms", "const EVERY_MS = 25;"),
        ("answers in 15 to 34 ms", "15 + Math.floor(Math.random() * 20)"),
        ("fails one call in ten", "if (Math.random() < 0.1) throw"),
        ("hangs at 250 ms", "const HANGS_FROM_MS = 250;"),
        ("the caller's 80 ms timeout", "const TIMEOUT_MS = 80;"),
        ("At 700 ms it recovers", "const RECOVERS_AT_MS = 700;"),
        ("Each call that reaches `askInventory` is a lane", "async function askInventory("),
    ] {
        assert!(setting.contains(part) && code.contains(line), "{part:?} / {line:?}");
    }
    let take = prose(&md, "Three things to take from the run.");
    for part in [
        "the requests sent meanwhile were already on their way, so they wait out their own",
        "a cached answer at once instead of after 80 ms",
        "the first probe lands in the hang and re-opens the breaker, the second finds the service healthy and closes it",
        "Lengthen `COOL_DOWN_MS` and the breaker keeps a recovered service dark for longer; shorten it and more probes are spent on a service that is still down",
    ] {
        assert!(take.contains(part), "{part:?} is not in {take}");
    }
    assert!(prose(&md, "Predict before you run it").contains("set `THRESHOLD` to 1 and watch a single random 503 open the breaker while the service is healthy"));
    assert!(prose(&md, "`breaker.call()` changes state synchronously").contains("which is why the handler can read `breaker.state` right after calling it and log the state that decided"));
    assert!(code.contains("const answer = breaker.call(") && code.contains("const seen = `#${String(request).padEnd(3)} ${breaker.state.padEnd(9)}`;"), "the handler reads the state right after the call");

    // As written.
    let run = breaker_run(&code, seed, 3, 200);
    let path: Vec<(&str, &str)> = run.moves.iter().map(|(_, f, t)| (f.as_str(), t.as_str())).collect();
    assert_eq!(
        path,
        [("CLOSED", "OPEN"), ("OPEN", "HALF_OPEN"), ("HALF_OPEN", "OPEN"), ("OPEN", "HALF_OPEN"), ("HALF_OPEN", "CLOSED")],
        "{:#?}",
        run.lines
    );
    let opened = run.moves[0].0;
    assert!((250..700).contains(&opened), "it opened at {opened} ms");
    let probes: Vec<&(u64, u64, String)> = run.sent.iter().filter(|s| s.2 == "HALF_OPEN").collect();
    assert_eq!(probes.len(), 2, "{:#?}", run.sent);
    assert!(probes[0].0 < 700 && probes[1].0 >= 700, "the first probe in the hang, the second after it: {probes:?}");
    let late: Vec<&(u64, u64, String)> = run.sent.iter().filter(|s| s.2 == "CLOSED" && s.0 < opened && run.outcome(s.1).contains("timed out after 80 ms")).collect();
    let after_opening = late.iter().filter(|s| number_after(run.outcome(s.1).trim_start(), "") > opened).count();
    assert!(after_opening >= 1, "no request sent before the breaker opened timed out after it: {:#?}", run.lines);

    // Across the knobs.
    let mut one_blip = false;
    let mut dark_after_recovery = Vec::new();
    let mut probes_in_the_hang = Vec::new();
    for threshold in [1, 2, 3, 5, 10] {
        for cool_down in [50, 120, 200, 350, 500] {
            let run = breaker_run(&code, seed, threshold, cool_down);
            let what = format!("THRESHOLD {threshold}, COOL_DOWN_MS {cool_down}: {:#?}", run.lines);
            assert!(run.sent.iter().all(|s| s.2 != "OPEN"), "a call was sent while OPEN: {what}");
            // Each request's line shows the state that decided: the probes' lines say HALF_OPEN.
            for probe in run.sent.iter().filter(|s| s.2 == "HALF_OPEN") {
                assert!(run.outcome(probe.1).contains(" HALF_OPEN "), "probe #{}: {what}", probe.1);
                assert!(run.moves.iter().any(|m| m.0 == probe.0 && m.2 == "HALF_OPEN"), "probe #{} did not come with the move to HALF_OPEN: {what}", probe.1);
            }
            // One probe per stay in HALF_OPEN.
            for (i, m) in run.moves.iter().enumerate().filter(|(_, m)| m.2 == "HALF_OPEN") {
                let until = run.moves.get(i + 1).map_or(u64::MAX, |next| next.0);
                let in_half_open = run.sent.iter().filter(|s| s.2 == "HALF_OPEN" && s.0 >= m.0 && s.0 <= until).count();
                assert_eq!(in_half_open, 1, "at {} ms: {what}", m.0);
            }
            // Rejections come at once: at the moment their request arrived, a multiple of 25 ms.
            for line in run.lines.iter().filter(|l| l.contains("rejected at once")) {
                assert_eq!(number_after(line.trim_start(), "") % 25, 0, "{line}: {what}");
            }
            let received = number_after(run.lines.last().unwrap(), "received ");
            assert_eq!(received as usize, run.sent.len(), "{what}");
            if threshold == 1 && run.moves.first().is_some_and(|m| m.0 < 250 && m.2 == "OPEN") {
                one_blip = true;
            }
            if threshold == 3 && (cool_down == 50 || cool_down == 500) {
                let closed = run.moves.iter().filter(|m| m.2 == "CLOSED").map(|m| m.0).last().expect("it never closed");
                dark_after_recovery.push(closed.saturating_sub(700));
                probes_in_the_hang.push(run.sent.iter().filter(|s| s.2 == "HALF_OPEN" && s.0 < 700).count());
            }
        }
    }
    assert!(one_blip, "THRESHOLD 1 never opened the breaker before the hang");
    assert!(dark_after_recovery[1] > dark_after_recovery[0], "dark after recovery, 50 ms against 500 ms of cool-down: {dark_after_recovery:?}");
    assert!(probes_in_the_hang[0] > probes_in_the_hang[1], "probes into the hang, 50 ms against 500 ms of cool-down: {probes_in_the_hang:?}");
}

// ---------------------------------------------------------------------------------------------
// The backoff runner

struct BackoffRun {
    stdout: String,
    /// When each call reached the service, ms.
    arrivals: Vec<u64>,
    served: u64,
    calls: u64,
}

fn backoff_run(code: &str, seed: u32, strategy: i64, clients: i64) -> BackoffRun {
    let program = format!(
        "{}\nconsole.log(`ARRIVALS|${{arrivals.join(',')}}`);\n",
        with_knob(&with_knob(code, "STRATEGY", strategy).unwrap(), "CLIENTS", clients).unwrap()
    );
    let run = run_virtual(&format!("backoff-{strategy}-{clients}-{seed}"), "backoff.ts", &program, seed);
    let arrivals = rows(&run, "ARRIVALS")[0][0].split(',').filter(|t| !t.is_empty()).map(|t| t.parse().unwrap()).collect();
    let last = run.lines().into_iter().find(|l| l.contains(" clients: ")).expect("the totals").to_string();
    BackoffRun { stdout: run.stdout.clone(), arrivals, served: number_after(&last, "clients: "), calls: number_after(&last, "") }
}

/// The backoff runner's prose: the service "is down for its first 100 ms, then takes four calls
/// in any 10 ms"; "Each client makes at most eight attempts"; with `STRATEGY` 0 "the clients spend
/// all eight attempts while the service is still down and give up before it comes back: eight
/// times the load"; with `STRATEGY` 1 "the twenty clients stay in step through every retry; each
/// wave is five times what the service can take, so every call in it gets a 503"; "With full
/// jitter all of them are served, with fewer calls in total"; "Set `CLIENTS` to 4 or fewer and
/// even the waves fit".
#[test]
fn the_backoff_runner_shows_lockstep_waves_and_jitter_spreading_them() {
    let md = lesson(SLUG);
    let (info, code) = runner(&md, "backoff.ts");
    let seed = seed_of(&info);
    assert!(info.contains("lanes=client") && info.contains("knob=\"STRATEGY 0..2 ") && info.contains("knob=\"CLIENTS 2..40 "), "{info}");
    let setting = prose(&md, "Below, clients that lost the same service");
    assert!(setting.contains("down for its first 100 ms, then takes four calls in any 10 ms") && code.contains("const DOWN_UNTIL_MS = 100;") && code.contains("const CAPACITY = 4;"), "{setting}");
    assert!(setting.contains("Each client makes at most eight attempts") && code.contains("const ATTEMPTS = 8;"), "{setting}");
    assert!(setting.contains("how many of the twenty clients") && code.contains("const CLIENTS = 20;"), "{setting}");
    let outcome = prose(&md, "With `STRATEGY` 0 the clients spend all eight attempts");
    for part in [
        "give up before it comes back: eight times the load",
        "With `STRATEGY` 1 the twenty clients stay in step through every retry; each wave is five times what the service can take, so every call in it gets a 503",
        "With full jitter all of them are served, with fewer calls in total",
        "or fewer and even the waves fit",
    ] {
        assert!(outcome.contains(part), "{part:?} is not in {outcome}");
    }
    for s in [seed, seed + 1, 12_345, 7, 99] {
        let at_once = backoff_run(&code, s, 0, 20);
        assert_eq!((at_once.calls, at_once.served), (8 * 20, 0), "{}", at_once.stdout);
        assert!(at_once.arrivals.iter().all(|&t| t < 100), "STRATEGY 0 called after the service was back: {}", at_once.stdout);

        let lockstep = backoff_run(&code, s, 1, 20);
        assert_eq!((lockstep.calls, lockstep.served), (8 * 20, 0), "{}", lockstep.stdout);
        let mut waves = std::collections::BTreeMap::new();
        for t in &lockstep.arrivals {
            *waves.entry(*t).or_insert(0) += 1;
        }
        assert!(waves.values().all(|&n| n == 20), "STRATEGY 1 arrivals by ms: {waves:?}");
        assert_eq!(20 / 4, 5);

        let jittered = backoff_run(&code, s, 2, 20);
        assert_eq!(jittered.served, 20, "{}", jittered.stdout);
        assert!(jittered.calls < lockstep.calls, "{}", jittered.stdout);
    }
    let fit = number_after(&outcome, "Set `CLIENTS` to ") as i64;
    for clients in 2..=fit {
        let few = backoff_run(&code, seed, 1, clients);
        assert_eq!(few.served, clients as u64, "{}", few.stdout);
    }
}

// ---------------------------------------------------------------------------------------------
// Fallbacks, and opossum

/// The stock handler: fresh stock while the inventory service answers; the last value, marked
/// stale, once it fails; a 503 with `Retry-After` when there is none; and "The breaker goes
/// inside the retry loop, around each attempt. An open breaker then ends the retries at once,
/// because its rejection is not a transient error". Run with the runner's `CircuitBreaker`.
#[test]
fn the_stock_handler_falls_back_to_stale_stock_or_a_503_and_an_open_breaker_ends_its_retries() {
    let md = lesson(SLUG);
    let handler = block(&md, "ts", "const inventory = new CircuitBreaker(5, 10_000);");
    assert!(prose(&md, "The breaker goes inside the retry loop, around each attempt.").contains("An open breaker then ends the retries at once, because its rejection is not a transient error"));
    assert!(handler.contains("res.writeHead(503, { 'Retry-After': '10' }).end(); // about one cool-down"), "{handler}");
    let (_, runner_code) = runner(&md, "breaker.ts");
    let from = runner_code.find("type State").unwrap();
    let to = runner_code.find("// The inventory service").unwrap();
    let breaker = &runner_code[from..to];
    let started = "createServer(async (req, res) => {";
    assert!(handler.contains(started) && handler.contains("}).listen(8080);"));
    let handler = handler.replacen(started, &format!("const stockServer = {started}"), 1).replacen("}).listen(8080);", "}).listen(0, '127.0.0.1');", 1);
    let program = format!(
        r#"{retry}
const t0 = Date.now();
const now = () => Date.now() - t0;
const at = (ms: number) => `${{ms}} ms`;
{breaker}
import {{ createServer as createInventory }} from 'node:http';
import {{ once }} from 'node:events';
let up = true;
let inventoryHits = 0;
const inventoryServer = createInventory((req, res) => {{
  inventoryHits++;
  if (up) res.writeHead(200, {{ 'content-type': 'application/json' }}).end('42');
  else res.writeHead(503).end();
}}).listen(0, '127.0.0.1');
await once(inventoryServer, 'listening');
const INVENTORY_URL = `http://127.0.0.1:${{(inventoryServer.address() as any).port}}`;
{handler}
await once(stockServer, 'listening');
const stockUrl = `http://127.0.0.1:${{(stockServer.address() as any).port}}`;
async function ask(label: string, sku: string): Promise<void> {{
  const before = inventoryHits;
  const response = await fetch(`${{stockUrl}}/?sku=${{sku}}`);
  const body = await response.text();
  console.log(`${{label}}|${{response.status}}|${{response.headers.get('retry-after') ?? ''}}|${{body}}|${{inventoryHits - before}}|${{inventory.state}}`);
}}
await ask('up', 'a');
up = false;
await ask('down, seen before', 'a');
await ask('down, never seen', 'b');
await ask('open', 'b');
stockServer.close();
inventoryServer.close();
"#,
        retry = retry_code(&md),
    );
    let run = run("stock-handler", "stock.mts", &program);
    let ask = |label: &str| rows(&run, label).into_iter().next().unwrap_or_else(|| panic!("{label}: {}{}", run.stdout, run.stderr));
    assert_eq!(ask("up")[..4], ["200", "", "{\"stock\":42}", "1"], "{}", run.stdout);
    assert_eq!(ask("down, seen before")[..4], ["200", "", "{\"stock\":42,\"stale\":true}", "3"], "three attempts: {}", run.stdout);
    let never = ask("down, never seen");
    assert_eq!((never[0], never[1], never[2]), ("503", "10", ""), "{}", run.stdout);
    assert_eq!(never[4], "OPEN", "five failures in a row should have opened it: {}", run.stdout);
    assert_eq!(ask("open")[..5], ["503", "10", "", "0", "OPEN"], "an open breaker sent nothing and ended the retries: {}", run.stdout);
}

/// The opossum section: "`rollingCountTimeout` (10 seconds by default)"; "With the default
/// `volumeThreshold` of 0, one failure on a quiet breaker is a 100% failure rate and opens it";
/// "Its `timeout` (10 seconds by default) rejects the caller with an `ETIMEDOUT` error that
/// counts as a failure, but the action keeps running; the `abortController` option is one
/// controller for the whole breaker, so one timeout aborts every call in flight"; "An open
/// breaker rejects with `code` `'EOPENBREAKER'`, and moves to half-open on a timer after
/// `resetTimeout`, not on the next call"; "Version 10 lists only Node 22, 24 and 26 in its
/// `engines` field, though this section's code also runs on Node 20".
#[test]
fn opossum_opens_on_one_failure_times_out_without_stopping_the_action_and_half_opens_on_a_timer() {
    let md = lesson(SLUG);
    let intro = prose(&md, "The common one in Node is `opossum`");
    let window_s = number_after(&intro, "`rollingCountTimeout` (");
    assert!(intro.contains(&format!("`rollingCountTimeout` ({window_s} seconds by default)")), "{intro}");
    let edges = prose(&md, "Know its edges before they surprise you.");
    let volume = number_after(&edges, "With the default `volumeThreshold` of ");
    let timeout_s = number_after(&edges, "Its `timeout` (");
    let span_after = |before: &str| edges.split(before).nth(1).and_then(|rest| rest.split('`').next()).unwrap_or_else(|| panic!("{before:?}")).to_string();
    let code = span_after("rejects the caller with an `");
    let open_code = span_after("An open breaker rejects with `code` `");
    for part in [
        "one failure on a quiet breaker is a 100% failure rate and opens it.",
        "seconds by default) rejects the caller with an `",
        "` error that counts as a failure, but the action keeps running;",
        "the `abortController` option is one controller for the whole breaker, so one timeout aborts every call in flight.",
        "An open breaker rejects with `code` `'",
        "`, and moves to half-open on a timer after `resetTimeout`, not on the next call.",
        "Version 10 lists only Node 22, 24 and 26 in its `engines` field, though this section's code also runs on Node 20.",
    ] {
        assert!(edges.contains(part), "{part:?} is not in {edges}");
    }
    let package = std::fs::read_to_string(root().join("tests/node_modules/opossum/package.json")).unwrap();
    let compact: String = package.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(compact.contains("\"version\":\"10.") && compact.contains("\"engines\":{\"node\":\"^26||^24||^22\"}"), "opossum's package.json: {package}");
    let snippet = block(&md, "ts", "import CircuitBreaker from 'opossum';");
    let threshold = number_after(&snippet, "volumeThreshold: ");
    // TypeScript runs from a temporary folder (tests/oracle/run-stripped.mjs): name the package by its path.
    let package_path = root().join("tests/node_modules/opossum/index.js");
    let snippet = snippet.replacen("from 'opossum';", &format!("from '{}';", package_path.display()), 1);

    let program = format!(
        r#"import {{ setTimeout as sleep }} from 'node:timers/promises';
const out = (line: string) => console.log(line);
const INVENTORY_URL = 'http://inventory.invalid';
let answers = 0;
async function getJson(url: string, signal: AbortSignal): Promise<unknown> {{
  if (!(signal instanceof AbortSignal)) throw new Error('no signal');
  answers++;
  throw new Error('503');
}}
const log = {{ warn: (message: string) => out(`warn|${{message}}`) }};
{snippet}
// The snippet's breaker: no verdict below its volume, then open, with the fallback all along.
const fallbacks: unknown[] = [];
for (let i = 0; i < {threshold} + 5; i++) {{
  fallbacks.push(await breaker.fire('sku-1', AbortSignal.timeout(1000)));
  if (i === {threshold} - 2) out(`below the volume|${{breaker.opened}}`);
}}
out(`snippet|${{breaker.opened}}|${{answers}}|${{fallbacks.every((f: any) => f.stale === true)}}`);
breaker.shutdown();

const defaults = new CircuitBreaker(async () => 'ok');
out(`defaults|${{defaults.options.timeout}}|${{defaults.options.rollingCountTimeout}}|${{defaults.volumeThreshold}}`);
defaults.shutdown();

const quiet = new CircuitBreaker(async () => {{ throw new Error('down'); }});
await quiet.fire().catch(() => {{}});
const rejected: any = await quiet.fire().catch((e) => e);
out(`one failure|${{quiet.opened}}|${{rejected.code}}`);
quiet.shutdown();

let finished = 0;
let failures = 0;
const slow = new CircuitBreaker(async () => {{ await sleep(300); finished++; }}, {{ timeout: 50, volumeThreshold: 10 }});
slow.on('failure', () => failures++);
const timedOut: any = await slow.fire().catch((e) => e);
out(`timeout|${{timedOut.code}}|${{failures}}|${{finished}}`);
await sleep(400);
out(`after the timeout|${{finished}}`);
slow.shutdown();

const controller = new AbortController();
let aborted = 0;
const shared = new CircuitBreaker(async (ms: number) => {{
  try {{ await sleep(ms, undefined, {{ signal: controller.signal }}); }} catch {{ aborted++; }}
}}, {{ timeout: 200, abortController: controller, volumeThreshold: 10 }});
const first = shared.fire(2000).catch(() => {{}});
await sleep(100);
const second = shared.fire(2000).catch(() => {{}});
await sleep(150); // the first has timed out; the second's own timeout is 50 ms away
out(`one controller|${{aborted}}|${{controller.signal.aborted}}`);
await Promise.all([first, second]);
shared.shutdown();

const flip = new CircuitBreaker(async () => {{ throw new Error('down'); }}, {{ resetTimeout: 100 }});
let halfOpened = false;
flip.on('halfOpen', () => (halfOpened = true));
await flip.fire().catch(() => {{}});
out(`opened|${{flip.opened}}|${{halfOpened}}`);
await sleep(300); // no call in between
out(`after resetTimeout|${{flip.halfOpen}}|${{halfOpened}}`);
flip.shutdown();
"#
    );
    let run = run("opossum", "opossum.mts", &program);
    assert_eq!(rows(&run, "below the volume")[0], ["false"], "{}", run.stdout);
    assert_eq!(rows(&run, "warn")[0], ["inventory breaker open"], "{}", run.stdout);
    let snippet_row = &rows(&run, "snippet")[0];
    assert_eq!((snippet_row[0], snippet_row[2]), ("true", "true"), "{}", run.stdout);
    assert!(snippet_row[1].parse::<u64>().unwrap() >= threshold, "{}", run.stdout);
    let defaults = [(timeout_s * 1000).to_string(), (window_s * 1000).to_string(), volume.to_string()];
    assert_eq!(rows(&run, "defaults")[0], defaults, "timeout, rollingCountTimeout, volumeThreshold: {}", run.stdout);
    assert_eq!(volume, 0, "one failure opens only a breaker with no minimum volume");
    assert_eq!(rows(&run, "one failure")[0], ["true", unquote(&open_code)], "{}", run.stdout);
    assert_eq!(rows(&run, "timeout")[0], [code.as_str(), "1", "0"], "{}", run.stdout);
    assert_eq!(rows(&run, "after the timeout")[0], ["1"], "the action stopped at the timeout: {}", run.stdout);
    assert_eq!(rows(&run, "one controller")[0], ["2", "true"], "{}", run.stdout);
    assert_eq!(rows(&run, "opened")[0], ["true", "false"], "{}", run.stdout);
    assert_eq!(rows(&run, "after resetTimeout")[0], ["true", "true"], "{}", run.stdout);
}
