//! What the lesson "Idempotency and webhooks" says Node does, checked against real Node 20: the
//! signature check's fragment and what `crypto.timingSafeEqual` and `Buffer.from(_, 'hex')` do
//! with bad input, what re-serializing a parsed body does to its bytes, what an async request
//! handler that throws does to the process, and the lesson's webhook handler run as written
//! over real HTTP. Each test reads the fragment and the claim out of `content/idempotency.md`;
//! nothing Node prints is written down here.

mod support;

use support::*;

/// The text of `text` between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("{start:?} is not in {text:?}")) + start.len();
    let len = text[from..].find(end).unwrap_or_else(|| panic!("no {end:?} after {start:?} in {text:?}"));
    &text[from..from + len]
}

/// The body of the one quiz block whose info string starts with `info`.
fn quiz(md: &str, info: &str) -> String {
    let found: Vec<String> = fences(md).into_iter().filter(|(i, _)| i.starts_with(info)).map(|(_, code)| code).collect();
    assert_eq!(found.len(), 1, "expected one ```{info} block, found {}", found.len());
    found.into_iter().next().unwrap()
}

fn signature_fragment(md: &str) -> String {
    block(md, "ts", "export function signatureMatches(")
}

/// "`crypto.timingSafeEqual(a, b)` looks at every byte whatever it finds. It takes only binary
/// data, a Buffer, TypedArray, DataView or ArrayBuffer (a string is a `TypeError` with `code`
/// `'ERR_INVALID_ARG_TYPE'`), and two inputs of different lengths are a `RangeError` with `code`
/// `'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH'`", and the short answer's key and message.
#[test]
fn timing_safe_equal_takes_binary_data_only_and_throws_on_different_lengths() {
    let md = lesson("idempotency");
    let claim = prose(&md, "`crypto.timingSafeEqual(a, b)` looks at every byte");
    let kinds = between(&claim, "It takes only binary data, ", " (a string is");
    assert_eq!(kinds, "a Buffer, TypedArray, DataView or ArrayBuffer", "{claim}");
    let string_error = between(&claim, "(a string is a `", "`)");
    let (string_name, string_code) = (string_error.split('`').next().unwrap(), between(string_error, "`code` `'", "'"));
    let length_name = between(&claim, "two inputs of different lengths are a `", "`");
    let length_code = between(&claim, "two inputs of different lengths are a `RangeError` with `code` `'", "'`");
    assert!(claim.contains("which is why the length is compared first"), "{claim}");
    let short = quiz(&md, "quiz short id=timing-safe-equal-length-code");
    let key = short.lines().find_map(|l| l.strip_prefix("= ")).unwrap();
    assert_eq!(key, length_code, "the short answer's key and the prose name different codes");
    let message = between(&short, "message \"", "\"");
    assert!(short.contains("It is a `RangeError`"), "{short}");

    let program = r#"
const { timingSafeEqual } = require('node:crypto');
const bytes = [1, 2, 3, 4];
const as = {
  Buffer: () => Buffer.from(bytes),
  TypedArray: () => new Uint8Array(bytes),
  DataView: () => new DataView(new Uint8Array(bytes).buffer),
  ArrayBuffer: () => new Uint8Array(bytes).buffer,
};
for (const [kind, make] of Object.entries(as)) console.log(`${kind}|${timingSafeEqual(make(), make())}`);
const attempt = (what, a, b) => {
  try {
    console.log(`${what}|returned ${timingSafeEqual(a, b)}`);
  } catch (err) {
    console.log(`${what}|${err.name}|${err.code}|${err.message}`);
  }
};
attempt('string', 'abcd', 'abcd');
attempt('lengths', Buffer.from('abcd'), Buffer.from('abc'));
"#;
    let run = run("timing-safe-equal", "timing.cjs", program);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    for kind in kinds.trim_start_matches("a ").split(|c| c == ',' || c == ' ').filter(|w| !w.is_empty() && *w != "or") {
        assert!(lines.contains(&format!("{kind}|true").as_str()), "timingSafeEqual refused a {kind}: {lines:#?}");
    }
    let string_line = lines.iter().find(|l| l.starts_with("string|")).unwrap();
    assert!(string_line.starts_with(&format!("string|{string_name}|{string_code}|")), "{string_line}");
    assert!(lines.contains(&format!("lengths|{length_name}|{length_code}|{message}").as_str()), "{lines:#?}");
}

/// The signature check: it accepts the provider's signature over the raw bytes; a body changed
/// by one character, the same body re-serialized ("the raw body `{...}` comes back from
/// `JSON.stringify(JSON.parse(raw))` as `{...}` ... so a correct signature fails") and a
/// malformed header are all `false`, never an exception ("`Buffer.from(header, 'hex')` stops at
/// the first character that is not hex and keeps what it decoded before it, so a malformed
/// header becomes a shorter buffer, and the length check turns it into a plain `false`").
#[test]
fn the_signature_check_accepts_only_the_raw_bytes_and_a_bad_header_is_false() {
    let md = lesson("idempotency");
    let fragment = signature_fragment(&md);
    let reserialized = prose(&md, "`JSON.stringify(JSON.parse(raw))`");
    let raw = between(&reserialized, "the raw body `", "` comes back");
    let after = between(&reserialized, "`JSON.stringify(JSON.parse(raw))` as `", "`");
    assert!(reserialized.contains("without its spaces and with a different number, so a correct signature fails"), "{reserialized}");
    let hex = prose(&md, "`Buffer.from(header, 'hex')` stops");
    for part in [
        "`Buffer.from(header, 'hex')` stops at the first character that is not hex and keeps what it decoded before it",
        "so a malformed header becomes a shorter buffer, and the length check turns it into a plain `false`, not an exception",
    ] {
        assert!(hex.contains(part), "{hex}");
    }

    let harness = format!(
        r#"
import {{ createHmac as hmac }} from 'node:crypto';
const secret = 'whsec_lesson';
const raw = Buffer.from({raw:?});
const signature = hmac('sha256', secret).update(raw).digest('hex');
const check = (what: string, body: Buffer, header: string) => {{
  try {{
    console.log(`${{what}}|${{signatureMatches(body, header, secret)}}`);
  }} catch (err) {{
    console.log(`${{what}}|threw ${{(err as Error).name}}`);
  }}
}};
const reparsed = JSON.stringify(JSON.parse(raw.toString('utf8')));
console.log(`reserialized|${{reparsed}}`);
check('the raw body', raw, signature);
check('the body re-serialized', Buffer.from(reparsed), signature);
check('one character changed', Buffer.from(raw.toString('utf8').replace('evt_1', 'evt_2')), signature);
check('not hex halfway', raw, signature.slice(0, 20) + 'zz' + signature.slice(22));
check('cut short', raw, signature.slice(0, 40));
check('empty', raw, '');
const decoded = Buffer.from('ab' + 'zz' + 'cd', 'hex');
console.log(`hex|${{decoded.length}}|${{decoded.toString('hex')}}`);
"#
    );
    let run = run("signature", "signature.mts", &format!("{fragment}{harness}"));
    assert_eq!(run.status, 0, "{}", run.stderr);
    let lines = run.lines();
    assert!(lines.contains(&format!("reserialized|{after}").as_str()), "JSON.stringify(JSON.parse(raw)) is not what the lesson says: {lines:#?}");
    assert_ne!(raw, after, "the lesson's example should change the bytes");
    assert!(lines.contains(&"the raw body|true"), "the check refused the provider's own signature: {lines:#?}");
    for refused in ["the body re-serialized", "one character changed", "not hex halfway", "cut short", "empty"] {
        assert!(lines.contains(&format!("{refused}|false").as_str()), "{refused}: {lines:#?}");
    }
    // The hex decoder keeps the byte before the first pair that is not hex, and nothing after it.
    assert!(lines.contains(&"hex|1|ab"), "{lines:#?}");
}

/// "An async function passed to `createServer` that throws produces a rejected promise that
/// nothing handles, and an unhandled rejection ends a Node 20 process, taking every other
/// request in flight with it."
#[test]
fn an_async_request_handler_that_throws_ends_the_process_and_the_requests_in_flight() {
    let md = lesson("idempotency");
    let claim = prose(&md, "An async function passed to `createServer` that throws");
    assert!(claim.contains("an unhandled rejection ends a Node 20 process, taking every other request in flight with it"), "{claim}");
    let program = r#"
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const server = createServer(async (req, res) => {
  if (req.url === '/throws') throw new Error('the handler threw');
  await sleep(300);
  res.end('slow answer');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
fetch(`${base}/slow`).then(
  async (res) => console.log(`slow request got ${await res.text()}`),
  (err) => console.log(`slow request failed: ${err.name}`),
);
await sleep(50);
fetch(`${base}/throws`).catch(() => {});
await sleep(1000);
console.log('still running');
server.closeAllConnections();
server.close();
"#;
    let run = run("async-handler-throws", "throws.mts", program);
    assert_eq!(run.status, 1, "the process did not die: {}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("Error: the handler threw"), "{}", run.stderr);
    assert!(!run.stdout.contains("slow request got") && !run.stdout.contains("still running"), "{}", run.stdout);
}

/// The handler, as written, over real HTTP in Node, on a stand-in database whose unique insert
/// behaves as the lesson says ("the second one waits until the first commits or rolls back"):
/// a forged request is a 400 and changes nothing; two copies of one event sent at once both get
/// a 200 ("A duplicate gets a 200 too") and are applied once; a copy sent later is a 200 and
/// changes nothing; a transaction that throws is a 500 that commits nothing ("let the provider
/// send it again"), and the provider's next try applies it.
#[test]
fn the_handler_refuses_forgeries_applies_each_event_once_and_answers_500_to_a_failed_commit() {
    let md = lesson("idempotency");
    let fragment = signature_fragment(&md);
    let handler = block(&md, "ts", "INSERT INTO processed_events (event_id)");
    assert!(prose(&md, "The 200 goes out only after the commit").contains("A duplicate gets a 200 too"));
    assert!(prose(&md, "The insert is what makes two concurrent copies safe.").contains("the second one waits until the first commits or rolls back"));
    assert_eq!(handler.matches("createServer(async (req, res) => {").count(), 1, "{handler}");
    assert!(handler.ends_with("}).listen(8080);\n"), "{handler}");
    let server = handler
        .replacen("createServer(async (req, res) => {", "const server = createServer(async (req, res) => {", 1)
        .replacen("}).listen(8080);\n", "});\n", 1);

    let harness = r#"
import { createHmac as hmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

const SECRET = 'whsec_lesson';
type WebhookEvent = { id: string; amount: number };
// A stand-in database: committed event IDs and a balance, and a unique insert that waits for
// another transaction holding the same ID to end, as PostgreSQL's does.
const committed = new Set<string>();
const holders = new Map<string, Promise<void>>();
let balance = 0;
let failuresLeft = 1;
type Tx = { query: (sql: string, params: string[]) => Promise<{ rowCount: number }>; credit: number };
const db = {
  async transaction(work: (tx: Tx) => Promise<void>): Promise<void> {
    const held: (() => void)[] = [];
    const inserted: string[] = [];
    const tx: Tx = {
      credit: 0,
      async query(sql, [id]) {
        if (!sql.startsWith('INSERT INTO processed_events')) throw new Error(`unexpected query ${sql}`);
        while (holders.has(id)) await holders.get(id);
        if (committed.has(id)) return { rowCount: 0 };
        holders.set(id, new Promise<void>((release) => held.push(() => { holders.delete(id); release(); })));
        inserted.push(id);
        return { rowCount: 1 };
      },
    };
    try {
      await work(tx);
      inserted.forEach((id) => committed.add(id)); // COMMIT
      balance += tx.credit;
    } finally {
      held.forEach((release) => release()); // the commit or the rollback ends the wait
    }
  },
};
async function applyEvent(tx: Tx, event: WebhookEvent & { flaky?: boolean }): Promise<void> {
  await sleep(40);
  if (event.flaky && failuresLeft-- > 0) throw new Error('the database went away');
  tx.credit += event.amount;
}

await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhooks`;
const deliver = async (body: string, signature = hmac('sha256', SECRET).update(body).digest('hex')) =>
  (await fetch(url, { method: 'POST', body, headers: { 'x-signature': signature } })).status;

const paid = JSON.stringify({ id: 'evt_1', amount: 40 });
const concurrent = await Promise.all([deliver(paid), deliver(paid)]);
console.log(`two copies at once|${concurrent.join(' ')}|balance ${balance}`);
console.log(`a copy later|${await deliver(paid)}|balance ${balance}`);
const forged = JSON.stringify({ id: 'evt_2', amount: 1000 });
console.log(`forged|${await deliver(forged, hmac('sha256', 'guess').update(forged).digest('hex'))}|balance ${balance}`);
const flaky = JSON.stringify({ id: 'evt_3', amount: 5, flaky: true });
console.log(`failed commit|${await deliver(flaky)}|balance ${balance}`);
console.log(`the retry|${await deliver(flaky)}|balance ${balance}`);
server.closeAllConnections();
server.close();
"#;
    let run = run("webhook-handler", "handler.mts", &format!("{fragment}{server}{harness}"));
    assert!(run.status == 0 && run.stderr.is_empty(), "status {}: {}", run.status, run.stderr);
    assert_eq!(
        run.lines(),
        [
            "two copies at once|200 200|balance 40",
            "a copy later|200|balance 40",
            "forged|400|balance 40",
            "failed commit|500|balance 40",
            "the retry|200|balance 45",
        ],
        "what the handler answered, and the balance after each step"
    );
}
