//! The storage schema: round trips, what loading makes of damaged or foreign text, the migration
//! of the runner's legacy keys, export and import.

mod common;

use common::{Ops, Rng, T0};
use inflight_progress::{
    export, fingerprint, import, load, migrate_legacy, set_aside_key, Edit, ImportError, Loaded, Progress, Rating, Response,
    Status, DAY, KEY, MAX_TIME,
};

/// A progress with something in every part, and every kind of response.
fn sample() -> Progress {
    let mut p = Progress::new();
    p.answer("choice", "f1", Response::Choice { option: 2 }, Some(Rating::Missed), T0);
    p.answer("choice", "f1", Response::Choice { option: 1 }, Some(Rating::GotIt), T0 + DAY);
    p.answer("choices", "f2", Response::Choices { options: vec![0, 3] }, Some(Rating::GotIt), T0);
    p.answer("predict", "f3", Response::Predict { lines: vec!["start".into(), "tick \"1\"".into(), "end".into()] }, Some(Rating::Missed), T0);
    p.answer("short", "f4", Response::Short { text: "highWaterMark".into() }, Some(Rating::GotIt), T0);
    p.answer("open", "f5", Response::Open { text: "It waits for 'drain'.\nThen it writes.".into() }, None, T0);
    p.self_rate("open", Rating::Partly, T0 + 1);
    p.answer("unrated", "f6", Response::Open { text: "…".into() }, None, T0);
    p.mark_read("backpressure", T0);
    p.mark_done("backpressure", T0 + 5);
    p.mark_done("retries", T0 + 6);
    p.record_run("/backpressure/#pump", T0);
    p.record_run("/backpressure/#pump", T0 + 9);
    p.save_edit("/backpressure/#pump", &fingerprint("const n = 4;"), "const n = 8; // ünïcødé ✓", T0 + 2);
    p.save_edit("/retries/#backoff", "0123456789abcdef", "x", T0);
    p.drop_edit("/retries/#backoff", T0 + 3);
    p.visit("retries", T0 + 7);
    p
}

fn assert_set_aside(loaded: &Loaded, text: &str, status: Status) {
    assert_eq!(loaded.status, status, "for {:.60}", text);
    assert_eq!(loaded.progress, Progress::new());
    assert_eq!(loaded.set_aside.as_deref(), Some(text), "the original text is handed back whole");
    let notice = loaded.notice.as_deref().expect("a notice for the reader");
    assert!(notice.chars().count() < 400, "a notice stays short: {notice:.100}");
}

#[test]
fn a_saved_progress_loads_back_equal() {
    let p = sample();
    let text = p.save();
    let loaded = load(Some(&text));
    assert_eq!(loaded, Loaded { progress: p, status: Status::Read, set_aside: None, notice: None });
    assert_eq!(loaded.progress.save(), text, "the same progress saves to the same text");
}

#[test]
fn generated_progress_loads_back_equal() {
    let mut rng = Rng::new(7);
    for _ in 0..400 {
        let mut clock = T0;
        let p = common::progress(&mut rng, 40, Ops { resets: true }, &mut clock);
        let loaded = load(Some(&p.save()));
        assert_eq!(loaded.status, Status::Read);
        assert_eq!(loaded.progress, p);
    }
}

#[test]
fn the_document_has_the_documented_shape() {
    let mut p = Progress::new();
    p.answer("q", "fp", Response::Choice { option: 2 }, Some(Rating::Missed), 1000);
    p.answer("q", "fp", Response::Choice { option: 1 }, Some(Rating::GotIt), 2000);
    p.answer("o", "fo", Response::Open { text: "because".into() }, None, 3000);
    p.mark_read("l", 4000);
    p.record_run("/l/#r", 5000);
    p.save_edit("/l/#r", "0123456789abcdef", "let x;", 6000);
    p.visit("l", 7000);
    let expected = concat!(
        r#"{"version":1,"reset_at":0,"#,
        r#""questions":{"o":{"fingerprint":"fo","response":{"kind":"open","text":"because"},"first_at":3000,"last_at":3000,"tries":1},"#,
        r#""q":{"fingerprint":"fp","response":{"kind":"choice","option":1},"first":"missed","first_at":1000,"last":"got_it","last_at":2000,"tries":2,"review":{"box":1,"due":86401000}}},"#,
        r#""lessons":{"l":{"read":4000}},"#,
        r#""runs":{"/l/#r":{"count":1,"last":5000}},"#,
        r#""edits":{"/l/#r":{"base":"0123456789abcdef","code":"let x;","at":6000}},"#,
        r#""last_visit":{"lesson":"l","at":7000}}"#,
    );
    assert_eq!(p.save(), expected);
    assert_eq!(KEY, "inflight-progress");
}

#[test]
fn nothing_stored_is_an_empty_progress() {
    assert_eq!(load(None), Loaded { progress: Progress::new(), status: Status::Empty, set_aside: None, notice: None });
    let bare = load(Some(r#"{"version":1}"#));
    assert_eq!((bare.progress, bare.status), (Progress::new(), Status::Read));
}

#[test]
fn text_that_is_not_a_document_is_set_aside() {
    let full = sample().save();
    let cases = [
        "",
        "   ",
        "null",
        "[]",
        "42",
        r#""inflight""#,
        "{",
        &full[..full.len() / 2],
        &full[..full.len() - 1],
        r#"{"questions":{}}"#,
        r#"{"version":"1"}"#,
        r#"{"version":-1}"#,
        r#"{"version":1.5}"#,
        r#"{"version":0}"#,
        r#"{"version":1}{"version":1}"#,
        r#"{"version":1,"questions":{"q":NaN}}"#,
        r#"{"version":1e400}"#,
    ];
    for text in cases {
        assert_set_aside(&load(Some(text)), text, Status::Unreadable);
    }
}

#[test]
fn a_document_from_a_newer_version_is_set_aside_untouched() {
    let text = r#"{"version":2,"questions":{"q":{"something":"new"}}}"#;
    let loaded = load(Some(text));
    assert_set_aside(&loaded, text, Status::Newer(2));
    assert!(loaded.notice.unwrap().contains("newer version"));
    assert_eq!(load(Some(r#"{"version":18446744073709551615}"#)).status, Status::Newer(u64::MAX));
}

#[test]
fn every_truncation_of_a_document_is_set_aside() {
    let text = sample().save();
    for (end, _) in text.char_indices() {
        assert_set_aside(&load(Some(&text[..end])), &text[..end], Status::Unreadable);
    }
}

#[test]
fn damaged_bytes_never_make_loading_fail() {
    let text = sample().save();
    let mut rng = Rng::new(11);
    let tokens = ["", "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "-1", "1e999", "9223372036854775808", "\u{0}", "é", "true"];
    for _ in 0..3000 {
        let mut damaged = text.clone();
        for _ in 0..=rng.below(3) {
            let mut at = rng.below(damaged.len() as u64 + 1) as usize;
            while !damaged.is_char_boundary(at) {
                at -= 1;
            }
            let cut = (at + rng.below(4) as usize).min(damaged.len());
            let cut = (cut..=damaged.len()).find(|&i| damaged.is_char_boundary(i)).unwrap();
            damaged.replace_range(at..cut, rng.pick(&tokens));
        }
        let loaded = load(Some(&damaged));
        match loaded.status {
            Status::Read => assert!(loaded.set_aside.is_none() && loaded.notice.is_none()),
            _ => assert_eq!(loaded.set_aside.as_deref(), Some(damaged.as_str())),
        }
        // Whatever was read saves and loads back as it is.
        assert_eq!(load(Some(&loaded.progress.save())).progress, loaded.progress);
    }
}

#[test]
fn a_record_that_does_not_read_is_left_out_and_the_rest_kept() {
    let good = r#"{"fingerprint":"f","response":{"kind":"choice","option":1},"first_at":1,"last_at":2,"tries":1}"#;
    let text = format!(
        r#"{{"version":1,
            "questions":{{
                "good":{good},
                "tries-text":{{"fingerprint":"f","response":{{"kind":"choice","option":1}},"first_at":1,"last_at":2,"tries":"many"}},
                "tries-zero":{{"fingerprint":"f","response":{{"kind":"choice","option":1}},"first_at":1,"last_at":2,"tries":0}},
                "tries-negative":{{"fingerprint":"f","response":{{"kind":"choice","option":1}},"first_at":1,"last_at":2,"tries":-3}},
                "box-9":{{"fingerprint":"f","response":{{"kind":"choice","option":1}},"first_at":1,"last_at":2,"tries":1,"review":{{"box":9,"due":5}}}},
                "box-0":{{"fingerprint":"f","response":{{"kind":"choice","option":1}},"first_at":1,"last_at":2,"tries":1,"review":{{"box":0,"due":5}}}},
                "time-float":{{"fingerprint":"f","response":{{"kind":"choice","option":1}},"first_at":1.5,"last_at":2,"tries":1}},
                "time-negative":{{"fingerprint":"f","response":{{"kind":"choice","option":1}},"first_at":-1,"last_at":2,"tries":1}},
                "time-huge":{{"fingerprint":"f","response":{{"kind":"choice","option":1}},"first_at":1,"last_at":{},"tries":1}},
                "time-too-big-for-i64":{{"fingerprint":"f","response":{{"kind":"choice","option":1}},"first_at":1,"last_at":99999999999999999999,"tries":1}},
                "kind-unknown":{{"fingerprint":"f","response":{{"kind":"essay","text":"x"}},"first_at":1,"last_at":2,"tries":1}},
                "rating-unknown":{{"fingerprint":"f","response":{{"kind":"short","text":"x"}},"first":"meh","first_at":1,"last_at":2,"tries":1}},
                "option-negative":{{"fingerprint":"f","response":{{"kind":"choice","option":-1}},"first_at":1,"last_at":2,"tries":1}},
                "not-an-object":[1,2,3]
            }},
            "lessons":{{"read":{{"read":3}},"bad":{{"read":"yesterday"}}}},
            "runs":{{"/l/#r":{{"count":2,"last":4}},"/l/#bad":{{"count":-2,"last":4}}}},
            "edits":{{"/l/#e":{{"base":"b","code":null,"at":5}},"/l/#bad":{{"base":"b","code":5,"at":5}}}},
            "last_visit":{{"lesson":7,"at":1}},
            "reset_at":"never"}}"#,
        MAX_TIME + 1
    );
    let loaded = load(Some(&text));
    assert_eq!(loaded.status, Status::Repaired);
    assert_eq!(loaded.set_aside.as_deref(), Some(text.as_str()), "the original is set aside, nothing vanishes");
    let p = &loaded.progress;
    assert_eq!(p.questions().map(|(id, _)| id).collect::<Vec<_>>(), ["good"]);
    assert_eq!(p.lesson("read").unwrap().read, Some(3));
    assert_eq!(p.lesson("bad"), None);
    assert_eq!(p.runs("/l/#r").unwrap().count, 2);
    assert_eq!(p.runs("/l/#bad"), None);
    assert_eq!(p.last_visit(), None);
    let notice = loaded.notice.unwrap();
    assert!(notice.starts_with("Part of your saved progress could not be read"), "{notice}");
    // Named in the document's order.
    assert!(notice.contains("question \u{201c}tries-text\u{201d} (tries: not a whole number), question \u{201c}tries-zero\u{201d}"), "the first few are named: {notice}");
    assert!(notice.ends_with(" and 15 more."), "the rest are counted: {notice}");
}

#[test]
fn a_time_out_of_range_leaves_its_record_out() {
    for visit in [r#"{"lesson":"l","at":-5}"#, r#"{"lesson":"l","at":8640000000000001}"#] {
        let loaded = load(Some(&format!(r#"{{"version":1,"lessons":{{"l":{{"read":1}}}},"last_visit":{visit}}}"#)));
        assert_eq!(loaded.status, Status::Repaired);
        assert_eq!(loaded.progress.last_visit(), None);
        assert!(loaded.progress.lesson("l").is_some());
        assert!(loaded.notice.unwrap().contains("the last visit (a number out of range)"));
    }
}

#[test]
fn a_part_of_the_wrong_type_is_left_out_alone() {
    let text = r#"{"version":1,"questions":[],"lessons":{"l":{"done":1}},"runs":"none","edits":7}"#;
    let loaded = load(Some(text));
    assert_eq!(loaded.status, Status::Repaired);
    assert_eq!(loaded.progress.lesson("l").unwrap().done, Some(1));
    assert!(loaded.notice.unwrap().contains("the questions (not an object), the runs (not an object), the edits (not an object)"));
}

#[test]
fn unknown_fields_are_ignored() {
    let text = r#"{"version":1,"theme":"dark","questions":{"q":{"fingerprint":"f","response":{"kind":"short","text":"x","caps":true},"first_at":1,"last_at":1,"tries":1,"hint_seen":true}}}"#;
    let loaded = load(Some(text));
    assert_eq!(loaded.status, Status::Read);
    assert_eq!(loaded.progress.question("q", "f").unwrap().response, Response::Short { text: "x".into() });
}

#[test]
fn ten_megabytes_load_or_are_set_aside_with_a_short_notice() {
    let big = "x".repeat(10 << 20);
    assert_set_aside(&load(Some(&big)), &big, Status::Unreadable);

    // A huge edit is the reader's own: it loads.
    let mut p = Progress::new();
    p.save_edit("/l/#r", "0123456789abcdef", &big, T0);
    let loaded = load(Some(&p.save()));
    assert_eq!((loaded.status, loaded.progress), (Status::Read, p));

    // A huge id and a huge wrong value: the record is left out, and the notice stays short
    // (cut between characters, wherever their bytes fall).
    for big in [big.as_str(), &"é".repeat(5 << 20), &format!("x{}", "é".repeat(5 << 20))] {
        let text = format!(r#"{{"version":1,"questions":{{"{big}":{{"fingerprint":{{"{big}":1}}}}}},"lessons":{{"l":{{"read":"{big}"}}}}}}"#);
        let loaded = load(Some(&text));
        assert_eq!(loaded.status, Status::Repaired);
        assert!(loaded.progress.is_empty());
        assert!(loaded.notice.unwrap().chars().count() < 400);
    }
}

#[test]
fn deep_nesting_is_set_aside_without_overflowing_the_stack() {
    for depth in [129, 10_000, 1_000_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_set_aside(&load(Some(&arrays)), &arrays, Status::Unreadable);
        let objects = format!(r#"{{"version":1,"questions":{{"q":{}1{}}}}}"#, r#"{"a":"#.repeat(depth), "}".repeat(depth));
        assert_set_aside(&load(Some(&objects)), &objects, Status::Unreadable);
    }
    // Nested within the reader's limit of 128, in one record: that record is left out.
    let text = format!(r#"{{"version":1,"lessons":{{"l":{{"read":1}}}},"runs":{{"r":{}{}}}}}"#, "[".repeat(100), "]".repeat(100));
    let loaded = load(Some(&text));
    assert_eq!(loaded.status, Status::Repaired);
    assert_eq!(loaded.progress.lesson("l").unwrap().read, Some(1));
}

#[test]
fn set_aside_text_goes_under_a_key_of_its_own() {
    assert_eq!(set_aside_key(T0), "inflight-progress-set-aside-1700042400000");
}

#[test]
fn legacy_edits_move_into_the_document() {
    let base = fingerprint("const n = 4;\n");
    let entries = vec![
        ("inflight-theme".to_string(), "dark".to_string()),
        ("inflight-edit:/backpressure/#pump".to_string(), format!("inflight-edit 1\n{base}\nconst n = 8;\n// two lines\n")),
        ("inflight-edit:/retries/#backoff".to_string(), "inflight-edit 1\nfedcba9876543210\n".to_string()),
        ("inflight-edit:/bad/#header".to_string(), format!("inflight-edit 2\n{base}\ncode")),
        ("inflight-edit:/bad/#no-newline".to_string(), format!("inflight-edit 1\n{base}")),
        ("inflight-edit:/bad/#short-print".to_string(), "inflight-edit 1\n0123456789abcde\ncode".to_string()),
        ("inflight-edit:/bad/#upper-print".to_string(), "inflight-edit 1\n0123456789ABCDEF\ncode".to_string()),
        ("inflight-edit:".to_string(), format!("inflight-edit 1\n{base}\ncode")),
    ];
    // Made now, after everything in the document (the old format kept no time).
    let (legacy, remove) = migrate_legacy(entries, T0 + DAY);
    assert_eq!(remove, ["inflight-edit:/backpressure/#pump", "inflight-edit:/retries/#backoff"], "only what moved is removed");

    let mut p = sample();
    p.merge_imported(legacy);
    assert_eq!(p.edit("/backpressure/#pump", &base), Edit::Current("const n = 8;\n// two lines\n"));
    assert_eq!(p.edit("/retries/#backoff", "fedcba9876543210"), Edit::Current(""));
    assert_eq!(p.edit("/bad/#header", &base), Edit::None);
    let saved = load(Some(&p.save())).progress;
    assert_eq!(saved, p, "the migrated document saves and loads like any other");
    assert_eq!(saved.questions().count(), sample().questions().count(), "the rest is untouched");
}

#[test]
fn legacy_edits_survive_a_reset_made_before_the_migration() {
    let mut p = sample();
    p.reset(T0 + DAY);
    let (legacy, _) = migrate_legacy([("inflight-edit:/l/#r".to_string(), "inflight-edit 1\n0123456789abcdef\nmine".to_string())], T0 + DAY);
    p.merge_imported(legacy);
    assert_eq!(p.edit("/l/#r", "0123456789abcdef"), Edit::Current("mine"));
}

#[test]
fn an_export_imports_back_equal() {
    let p = sample();
    let file = export(&p, T0 + 10 * DAY);
    assert!(file.starts_with("{\n  \"format\": \"inflight-progress-export\",\n  \"version\": 1,\n  \"exported_at\": 1700906400000,"), "{file:.200}");
    assert_eq!(import(&file), Ok(p));

    let mut rng = Rng::new(5);
    for _ in 0..200 {
        let mut clock = T0;
        let p = common::progress(&mut rng, 40, Ops { resets: true }, &mut clock);
        assert_eq!(import(&export(&p, clock)), Ok(p));
    }
}

#[test]
fn an_import_is_merged_or_replaces() {
    let mine = sample();
    // The other browser was reset after this one's answers were made: merging keeps them all.
    let mut theirs = Progress::new();
    theirs.reset(T0 + 30 * DAY);
    theirs.answer("choice", "f1", Response::Choice { option: 0 }, Some(Rating::Missed), T0 + 31 * DAY);
    theirs.answer("elsewhere", "f9", Response::Short { text: "drain".into() }, Some(Rating::GotIt), T0 + 31 * DAY);
    let imported = import(&export(&theirs, T0 + 32 * DAY)).unwrap();

    let mut merged = mine.clone();
    merged.merge_imported(imported.clone());
    assert!(merged.question("elsewhere", "f9").is_some());
    let choice = merged.question("choice", "f1").unwrap();
    assert_eq!((choice.first, choice.first_at), (Some(Rating::Missed), T0), "this browser's first try was earlier");
    assert_eq!(choice.response, Response::Choice { option: 0 }, "the other browser's latest try is later");
    for (id, _) in mine.questions() {
        assert!(merged.questions().any(|(i, _)| i == id), "nothing of this browser is lost: {id}");
    }
    assert_eq!(merged.lesson("backpressure"), mine.lesson("backpressure"));

    // Replacing, by a file from a browser that was never reset, made before this one's answers.
    let mut older = Progress::new();
    older.answer("elsewhere", "f9", Response::Short { text: "drain".into() }, Some(Rating::GotIt), T0 - DAY);
    let mut replaced = mine.clone();
    replaced.replace_with_imported(import(&export(&older, T0)).unwrap(), T0 + 2 * DAY);
    assert!(replaced.question("elsewhere", "f9").is_some());
    assert_eq!((replaced.question("choice", "f1"), replaced.lesson("backpressure")), (None, None));
    // Another tab still holding the old progress takes the replacement as it takes a reset.
    assert_eq!(mine.merge(&replaced), replaced);
    assert_eq!(replaced.merge(&mine), replaced);
}

#[test]
fn an_import_that_does_not_read_says_why() {
    let file = export(&sample(), T0);
    assert_eq!(import("{}"), Err(ImportError::NotInflight));
    assert_eq!(import("[1, 2]"), Err(ImportError::NotInflight));
    assert_eq!(import(&sample().save()), Err(ImportError::NotInflight), "a stored document is no export");
    let newer = file.replacen("\"version\": 1", "\"version\": 3", 1);
    assert_eq!(import(&newer), Err(ImportError::Newer(3)));
    let no_version = file.replacen("\"version\": 1", "\"version\": \"one\"", 1);
    assert!(matches!(import(&no_version), Err(ImportError::Corrupt(_))));
    assert!(matches!(import(&file[..file.len() / 2]), Err(ImportError::Corrupt(_))));
    assert!(matches!(import(""), Err(ImportError::Corrupt(_))));
    let damaged = file.replacen("\"tries\": 2", "\"tries\": \"two\"", 1);
    assert_eq!(
        import(&damaged).unwrap_err().to_string(),
        "This file is damaged, so nothing was imported: question \u{201c}choice\u{201d} (tries: not a whole number)."
    );
    assert_eq!(ImportError::NotInflight.to_string(), "This file is not a progress export from this site.");
    assert!(ImportError::Newer(3).to_string().contains("newer version of this site (format 3"));
}

#[test]
fn the_reader_takes_strict_json_only() {
    // Each of these is valid JSON around a version 1 document, and loads.
    for text in [
        " {\"version\" : 1 } \n",
        r#"{"version":1,"version":1}"#,
        r#"{"version":1,"lessons":{"\u006c\ud83d\ude00\/":{"read":0}}}"#,
        r#"{"version":1,"x":[-0,0.5,1E+2,-1e-2,true,false,null,"\"\\\b\f\n\r\t"]}"#,
    ] {
        assert_eq!(load(Some(text)).status, Status::Read, "{text}");
    }
    let escaped = load(Some(r#"{"version":1,"lessons":{"\u006c\ud83d\ude00\/":{"read":0}}}"#)).progress;
    assert!(escaped.lesson("l\u{1f600}/").is_some(), "escapes and surrogate pairs decode");
    // JSON.parse takes lone surrogates; a Rust string holds U+FFFD in their place.
    let lone = load(Some(r#"{"version":1,"lessons":{"\ud800|\udc00\ud800|\ud83d\u0041":{"read":0}}}"#));
    assert!(lone.progress.lesson("\u{fffd}|\u{fffd}\u{fffd}|\u{fffd}A").is_some(), "{lone:?}");
    // And each of these is not.
    for text in [
        "{\"version\":1,}",
        "{\"version\":01}",
        "{\"version\":1.}",
        "{\"version\":.5}",
        "{\"version\":+1}",
        "{\"version\":1e}",
        "{'version':1}",
        "{\"version\":1} // note",
        "{\"version\":1,\"x\":\"\\x41\"}",
        "{\"version\":1,\"x\":\"tab\there\"}",
        "{\"version\":1,\"x\":[1 2]}",
        "{\"version\":1,\"x\":tru}",
        "\u{feff}{\"version\":1}",
    ] {
        assert_eq!(load(Some(text)).status, Status::Unreadable, "{text}");
    }
    // A repeated key: the last one counts, as in JSON.parse.
    let twice = load(Some(r#"{"version":1,"lessons":{"l":{"read":1},"l":{"read":2}}}"#));
    assert_eq!(twice.progress.lesson("l").unwrap().read, Some(2));
}

#[test]
fn every_character_survives_a_round_trip() {
    let text: String = (0u32..0x800).chain([0xfffd, 0x1f600, 0x10ffff]).filter_map(char::from_u32).collect();
    let mut p = Progress::new();
    p.save_edit("/l/#r", "0123456789abcdef", &text, T0);
    p.answer(&text, "f", Response::Predict { lines: vec![text.clone(), String::new()] }, Some(Rating::Missed), T0);
    assert_eq!(load(Some(&p.save())).progress, p);
    assert_eq!(import(&export(&p, T0)), Ok(p));
}

/// The reader refuses exactly what `JSON.parse` refuses: damaged documents are handed to real
/// Node, which says for each whether it parses. (Deep nesting, which Node takes and the reader
/// refuses on purpose, is not among them.)
#[test]
fn damaged_text_is_valid_json_exactly_when_json_parse_takes_it() {
    let text = sample().save();
    let mut rng = Rng::new(23);
    let tokens = ["", "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u12", "\\ud83d", "null", "-", "01", "1.", "1e5", ".5", "\t", "\u{1}", "é", "true", " "];
    let mut cases = Vec::new();
    for _ in 0..3000 {
        let mut damaged = text.clone();
        let at = rng.below(damaged.len() as u64) as usize;
        let at = (0..=at).rev().find(|&i| damaged.is_char_boundary(i)).unwrap();
        let cut = (at + rng.below(3) as usize..=damaged.len()).find(|&i| damaged.is_char_boundary(i)).unwrap();
        damaged.replace_range(at..cut, rng.pick(&tokens));
        cases.push(damaged);
    }
    let hex: Vec<String> = cases.iter().map(|c| c.bytes().map(|b| format!("{b:02x}")).collect()).collect();
    let dir = std::env::temp_dir().join(format!("inflight-progress-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("cases.txt"), hex.join("\n")).unwrap();
    let script = "const lines = require('fs').readFileSync('cases.txt', 'utf8').split('\\n');\n\
        process.stdout.write(lines.map((h) => { try { JSON.parse(Buffer.from(h, 'hex').toString('utf8')); return '1'; } catch { return '0'; } }).join(''));\n";
    std::fs::write(dir.join("check.js"), script).unwrap();
    let out = std::process::Command::new("node").arg("check.js").current_dir(&dir).output().expect("`node` must be on PATH");
    let verdicts = String::from_utf8(out.stdout).unwrap();
    assert_eq!(verdicts.len(), cases.len(), "node: {}", String::from_utf8_lossy(&out.stderr));
    let mut valid = 0;
    for (case, verdict) in cases.iter().zip(verdicts.chars()) {
        let notice = load(Some(case)).notice.unwrap_or_default();
        let refused = notice.contains("not valid JSON");
        assert_eq!(!refused, verdict == '1', "JSON.parse {} this, the reader did not: {case}", if verdict == '1' { "took" } else { "refused" });
        valid += usize::from(verdict == '1');
    }
    assert!(valid > 100 && valid < 2900, "the cases mix valid and invalid text: {valid} of 3000 valid");
    let _ = std::fs::remove_dir_all(&dir);
}
