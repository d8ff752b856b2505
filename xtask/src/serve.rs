//! A small static file server, shaped like a static host (GitHub Pages): files under a base path,
//! `dir/` -> `dir/index.html`, `dir` -> redirect to `dir/`, anything else -> `404.html` with
//! status 404. `cargo xtask serve` also watches the sources and rebuilds on change.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::site::{self, Profile};
use crate::{normalize_public_url, root, toolchain, Failure, Flags, Result};

pub fn command(args: &[String]) -> Result {
    let flags = Flags::new(args, &["--port", "--host", "--public-url"], &["--release", "--no-build"])?;
    let host = flags.value("--host").unwrap_or("127.0.0.1").to_string();
    let port: u16 = flags.value("--port").unwrap_or("8080").parse().map_err(|_| Failure("--port takes a number".into()))?;
    let public_url = normalize_public_url(flags.value("--public-url").unwrap_or("/"))?;
    let profile = if flags.switch("--release") { Profile::Release } else { Profile::Dev };
    // --no-build serves dist/ as the last build left it (its base path must match --public-url).
    let watch = !flags.switch("--no-build");
    let tools = if watch { Some(toolchain::ensure(false)?) } else { None };
    let dist = root().join("dist");
    if let Some(tools) = &tools {
        site::build(tools, &public_url, profile, &dist)?;
    }
    let listener = TcpListener::bind((host.as_str(), port))
        .map_err(|e| Failure(format!("cannot listen on {host}:{port} ({e}); pick another with --port")))?;
    let base = public_url.clone();
    let served = dist.clone();
    std::thread::spawn(move || serve(listener, served, base));
    println!("\nxtask: serving http://{host}:{port}{public_url}  (Ctrl-C stops; edits to src/, content/, style/, editor/src/, search/ rebuild)");
    let Some(tools) = tools else {
        loop {
            std::thread::park();
        }
    };
    let mut last = newest_source_change();
    loop {
        std::thread::sleep(Duration::from_millis(700));
        let now = newest_source_change();
        if now > last {
            last = now;
            println!("\nxtask: a source changed, rebuilding…");
            match site::build(&tools, &public_url, profile, &dist) {
                Ok(()) => println!("xtask: rebuilt; reload the page"),
                // A broken edit keeps the last good site up and says what is wrong.
                Err(Failure(message)) => eprintln!("xtask: the rebuild failed, still serving the last good build:\n{message}"),
            }
            last = last.max(newest_source_change());
        }
    }
}

const WATCHED: &[&str] = &[
    "src", "content", "style", "public", "worker", "search", "engine/src", "engine-wasm/src", "sims/src", "sims-wasm/src", "course/src", "editor/src", "editor/package-lock.json", "index.html", "Trunk.toml", "Cargo.toml",
];

fn newest_source_change() -> SystemTime {
    fn walk(path: &Path, newest: &mut SystemTime) {
        let Ok(meta) = std::fs::metadata(path) else { return };
        if let Ok(m) = meta.modified() {
            *newest = (*newest).max(m);
        }
        if meta.is_dir() {
            for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
                walk(&entry.path(), newest);
            }
        }
    }
    let mut newest = SystemTime::UNIX_EPOCH;
    for w in WATCHED {
        walk(&root().join(w), &mut newest);
    }
    newest
}

/// Serves `dist` under `base` (e.g. `/` or `/inflight/`) until the process ends.
pub fn serve(listener: TcpListener, dist: PathBuf, base: String) {
    for stream in listener.incoming().flatten() {
        let dist = dist.clone();
        let base = base.clone();
        std::thread::spawn(move || {
            let _ = respond(stream, &dist, &base);
        });
    }
}

fn respond(mut stream: TcpStream, dist: &Path, base: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return write_response(&mut stream, "405 Method Not Allowed", "text/plain", b"method not allowed", &[], head_only);
    }
    match resolve(dist, base, path) {
        Resolved::File(file) => {
            let body = std::fs::read(&file)?;
            write_response(&mut stream, "200 OK", content_type(&file), &body, &[], head_only)
        }
        Resolved::Redirect(to) => write_response(&mut stream, "301 Moved Permanently", "text/plain", b"", &[("Location", &to)], head_only),
        Resolved::NotFound => {
            let body = std::fs::read(dist.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
            write_response(&mut stream, "404 Not Found", "text/html; charset=utf-8", &body, &[], head_only)
        }
    }
}

enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

fn resolve(dist: &Path, base: &str, path: &str) -> Resolved {
    if path == base.trim_end_matches('/') && base != "/" {
        return Resolved::Redirect(base.to_string());
    }
    let Some(rest) = path.strip_prefix(base) else { return Resolved::NotFound };
    let rest = percent_decode(rest);
    // Only plain names: no root, no `..`, no `.`, so a request can never leave dist/.
    let mut candidate = dist.to_path_buf();
    for part in rest.split('/').filter(|p| !p.is_empty()) {
        match Path::new(part).components().collect::<Vec<_>>().as_slice() {
            [std::path::Component::Normal(name)] => candidate.push(name),
            _ => return Resolved::NotFound,
        }
    }
    if rest.contains("//") || rest.starts_with('/') {
        return Resolved::NotFound;
    }
    if candidate.is_file() {
        return Resolved::File(candidate);
    }
    if candidate.is_dir() {
        if !rest.is_empty() && !rest.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        let index = candidate.join("index.html");
        if index.is_file() {
            return Resolved::File(index);
        }
    }
    Resolved::NotFound
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

fn write_response(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8], headers: &[(&str, &str)], head_only: bool) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_a_static_host() {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("lessons/a")).unwrap();
        std::fs::write(dir.join("index.html"), "i").unwrap();
        std::fs::write(dir.join("lessons/a/index.html"), "a").unwrap();
        let file = |r: Resolved| match r {
            Resolved::File(p) => p.strip_prefix(&dir).unwrap().display().to_string(),
            Resolved::Redirect(to) => format!("-> {to}"),
            Resolved::NotFound => "404".into(),
        };
        assert_eq!(file(resolve(&dir, "/sub/", "/sub/")), "index.html");
        assert_eq!(file(resolve(&dir, "/sub/", "/sub")), "-> /sub/");
        assert_eq!(file(resolve(&dir, "/sub/", "/sub/lessons/a/")), "lessons/a/index.html");
        assert_eq!(file(resolve(&dir, "/sub/", "/sub/lessons/a")), "-> /sub/lessons/a/");
        assert_eq!(file(resolve(&dir, "/sub/", "/sub/lessons/b/")), "404");
        assert_eq!(file(resolve(&dir, "/sub/", "/lessons/a/")), "404");
        assert_eq!(file(resolve(&dir, "/sub/", "/sub/../etc/passwd")), "404");
        assert_eq!(file(resolve(&dir, "/sub/", "/sub//etc/passwd")), "404");
        assert_eq!(file(resolve(&dir, "/", "//etc/passwd")), "404");
        assert_eq!(file(resolve(&dir, "/sub/", "/sub/%2Fetc/passwd")), "404");
        assert_eq!(file(resolve(&dir, "/sub/", "/sub/%2e%2e/%2e%2e/etc/passwd")), "404");
        assert_eq!(file(resolve(&dir, "/sub/", "/sub/%a\u{e9}")), "404");
        assert_eq!(file(resolve(&dir, "/", "/lessons/a/")), "lessons/a/index.html");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
