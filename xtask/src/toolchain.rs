//! Makes sure the tools are installed, at pinned versions, skipping what is already there.
//!
//! What the site needs (see ../shared/TOOLCHAIN.md for why these): the `wasm32-unknown-unknown`
//! target (rustup, or Debian's rustc-web as a fallback), `wasm-bindgen-cli` at exactly the
//! version in Cargo.lock, trunk 0.21.14 (both from `~/.cargo/bin` when the exact version is
//! there, else installed under `~/.cache/inflight-tools`), wasm-opt from the npm package
//! binaryen 132 (in `.tools/`), and for tests Debian's Chromium and the npm packages in `tests/`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, Failure, Flags, Result};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_VERSION: &str = "132.0.0";
pub const CHROMIUM: &str = "/usr/bin/chromium";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The environment the build commands run in once the tools are in place.
pub struct Toolchain {
    /// PATH with `.tools/node_modules/.bin` (wasm-opt) and the pinned cargo tools first.
    pub path: OsString,
    /// Extra variables for the wasm build (only with the Debian compiler fallback).
    pub wasm_env: Vec<(String, String)>,
}

impl Toolchain {
    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.current_dir(root()).env("PATH", &self.path);
        c
    }

    /// A command that compiles to wasm (trunk): it gets the compiler fallback's variables too.
    pub fn wasm_command(&self, program: &str) -> Command {
        let mut c = self.command(program);
        for (k, v) in &self.wasm_env {
            c.env(k, v);
        }
        c
    }
}

pub fn command(args: &[String]) -> Result {
    let flags = Flags::new(args, &[], &["--browser"])?;
    ensure(flags.switch("--browser"))?;
    println!("xtask: all tools are in place");
    Ok(())
}

fn say(message: &str) {
    println!("xtask: {message}");
}

/// Runs a command to completion, failing with what was being done and the command to retry.
pub fn run(cmd: &mut Command, doing: &str) -> Result {
    let status = cmd.status().map_err(|e| Failure(format!("{doing}: could not start {:?}: {e}", cmd.get_program())))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure(format!("{doing} failed ({status}); the command was:\n  {}", describe(cmd))))
    }
}

pub fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().to_string();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// The first line a command prints, if it runs at all.
fn version_of(program: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    let text = String::from_utf8_lossy(if out.stdout.is_empty() { &out.stderr } else { &out.stdout }).to_string();
    out.status.success().then(|| text.lines().next().unwrap_or("").trim().to_string())
}

fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"));
    home.join("bin")
}

/// Where xtask installs pinned cargo tools of its own, outside the repository so clones share
/// them, and apart from `~/.cargo/bin` so other projects' versions are never replaced.
fn tools_root() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache"));
    cache.join("inflight-tools")
}

pub fn tools_bin() -> PathBuf {
    root().join(".tools/node_modules/.bin")
}

/// The version of the `wasm-bindgen` crate in Cargo.lock: the CLI must be exactly this.
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| Failure(format!("cannot read Cargo.lock ({e}): run `cargo generate-lockfile`")))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")).and_then(|l| l.strip_suffix('"')) {
                return Ok(v.to_string());
            }
        }
    }
    Err(Failure("Cargo.lock has no wasm-bindgen entry: run `cargo generate-lockfile`".into()))
}

pub fn ensure(browser: bool) -> Result<Toolchain> {
    require_node()?;
    let mut wasm_env = Vec::new();
    if !ensure_wasm_target()? {
        wasm_env = debian_fallback()?;
    }
    let wbg = locked_wasm_bindgen()?;
    let wbg_bin = ensure_cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &wbg, &format!("wasm-bindgen {wbg}"), false)?;
    let trunk_bin = ensure_cargo_tool("trunk", "trunk", TRUNK_VERSION, &format!("trunk {TRUNK_VERSION}"), true)?;
    ensure_wasm_opt()?;
    // Trunk.toml sets `offline = true`, so every crate must already be in cargo's cache.
    run(Command::new("cargo").current_dir(root()).args(["fetch", "--quiet"]), "downloading crates (cargo fetch)")?;
    if browser {
        ensure_browser()?;
        ensure_npm_packages()?;
    }
    let mut paths = vec![tools_bin(), wbg_bin, trunk_bin];
    if !wasm_env.is_empty() {
        paths.insert(0, PathBuf::from("/usr/bin"));
    }
    paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    paths.dedup();
    let path = std::env::join_paths(paths)?;
    Ok(Toolchain { path, wasm_env })
}

fn require_node() -> Result {
    const NEED: &str = "Node.js 20.10 or newer (with npm) runs the Node oracle, wasm-opt and the browser tests; \
                        note that Debian 12's own nodejs package is 18, which is too old";
    let version = version_of(Path::new("node"), &["--version"]).ok_or_else(|| Failure(format!("Node.js is not installed. {NEED}.")))?;
    let numbers: Vec<u32> = version.trim_start_matches('v').split('.').filter_map(|n| n.parse().ok()).collect();
    if numbers.len() < 2 || (numbers[0], numbers[1]) < (20, 10) {
        return Err(Failure(format!("Node.js {version} is too old. {NEED}.")));
    }
    if version_of(Path::new("npm"), &["--version"]).is_none() {
        return Err(Failure(format!("npm is not installed. {NEED}.")));
    }
    Ok(())
}

/// True when rustup provides the target; false when it cannot and the Debian fallback is needed.
fn ensure_wasm_target() -> Result<bool> {
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output();
    match installed {
        Ok(out) if String::from_utf8_lossy(&out.stdout).lines().any(|l| l.trim() == WASM_TARGET) => Ok(true),
        Ok(_) => {
            say(&format!("installing the Rust target {WASM_TARGET} (rustup target add {WASM_TARGET})"));
            let added = Command::new("rustup").args(["target", "add", WASM_TARGET]).status();
            if added.is_ok_and(|s| s.success()) {
                Ok(true)
            } else {
                say("rustup could not add the target; falling back to Debian's rustc-web");
                Ok(false)
            }
        }
        Err(_) => {
            say("rustup is not available; falling back to Debian's rustc-web");
            Ok(false)
        }
    }
}

/// Debian bookworm-security's newer compiler with std sources, building std for wasm itself.
fn debian_fallback() -> Result<Vec<(String, String)>> {
    let packages = ["rustc-web", "cargo-web", "rust-web-src", "rust-web-llvm", "lld-22"];
    let have = Command::new("dpkg").arg("-s").args(packages).output().is_ok_and(|o| o.status.success());
    if !have {
        say(&format!("installing {} (apt-get)", packages.join(" ")));
        apt_install(&packages)?;
    }
    Ok(vec![
        ("RUSTC_BOOTSTRAP".into(), "1".into()),
        ("CARGO_UNSTABLE_BUILD_STD".into(), "std,panic_abort".into()),
    ])
}

/// apt-get as root, or through `sudo -n` when that works without a password.
fn apt_install(packages: &[&str]) -> Result {
    let is_root = Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let sudo = !is_root && Command::new("sudo").args(["-n", "true"]).status().is_ok_and(|s| s.success());
    if !is_root && !sudo {
        return Err(Failure(format!(
            "these Debian packages are missing and installing them needs root:\n  sudo apt-get update && sudo apt-get install -y {}",
            packages.join(" ")
        )));
    }
    let apt = |args: &[&str]| {
        let mut c = if sudo { Command::new("sudo") } else { Command::new("apt-get") };
        if sudo {
            c.args(["-n", "apt-get"]);
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(&mut apt(&["update", "-qq"]), "apt-get update")?;
    let mut install = apt(&["install", "-y", "-qq"]);
    install.args(packages);
    run(&mut install, "apt-get install")
}

/// Makes sure `binary` at exactly `expect` exists, and returns the folder it is in. A matching
/// one already in `~/.cargo/bin` is used as it is; otherwise xtask installs its own copy under
/// `~/.cache/inflight-tools` (never replacing what other projects use).
fn ensure_cargo_tool(binary: &str, krate: &str, version: &str, expect: &str, locked: bool) -> Result<PathBuf> {
    let own = tools_root().join("bin");
    for dir in [own.clone(), cargo_bin()] {
        if version_of(&dir.join(binary), &["--version"]).as_deref() == Some(expect) {
            return Ok(dir);
        }
    }
    say(&format!(
        "installing {krate} {version} into {} (cargo install; this compiles it, which takes several minutes on 2 cores)",
        tools_root().display()
    ));
    let mut cmd = Command::new("cargo");
    cmd.args(["install", krate, "--version", version, "--force", "--root"]).arg(tools_root());
    // wasm-bindgen-cli's lock file names a dependency version the registry lacks: no --locked.
    if locked {
        cmd.arg("--locked");
    }
    run(&mut cmd, &format!("installing {krate} {version}"))?;
    Ok(own)
}

fn ensure_wasm_opt() -> Result {
    let wasm_opt = tools_bin().join("wasm-opt");
    if version_of(&wasm_opt, &["--version"]).is_some_and(|v| v.contains("version 132")) {
        return Ok(());
    }
    say(&format!("installing wasm-opt from the npm package binaryen@{BINARYEN_VERSION} into .tools/"));
    let tools = root().join(".tools");
    std::fs::create_dir_all(&tools)?;
    run(
        Command::new("npm").current_dir(&tools).args(["install", "--no-audit", "--no-fund", "--save-exact", "--prefix", "."]).arg(format!("binaryen@{BINARYEN_VERSION}")),
        "installing binaryen",
    )
}

/// Debian's Chromium, which Playwright (playwright-core, pinned in tests/package-lock.json)
/// drives directly: no browser download.
fn ensure_browser() -> Result {
    if version_of(Path::new(CHROMIUM), &["--version"]).is_some() {
        return Ok(());
    }
    say("installing Chromium for the browser tests (apt-get install chromium)");
    apt_install(&["chromium"])
}

/// Debian's ChromeDriver, which wasm-bindgen-test drives (only `cargo xtask bench` needs it).
pub fn ensure_chromedriver() -> Result {
    if version_of(Path::new("/usr/bin/chromedriver"), &["--version"]).is_some() {
        return Ok(());
    }
    say("installing Chromium's driver for the wasm benchmark (apt-get install chromium chromium-driver)");
    apt_install(&["chromium", "chromium-driver"])
}

/// `npm ci` in tests/ when node_modules is missing or older than the lock file.
fn ensure_npm_packages() -> Result {
    let tests = root().join("tests");
    let lock = tests.join("package-lock.json");
    let installed = tests.join("node_modules/.package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(lock_time), Some(installed_time)) = (modified(&lock), modified(&installed)) {
        if installed_time >= lock_time {
            return Ok(());
        }
    }
    say("installing the test packages in tests/ (npm ci: playwright-core, @sinonjs/fake-timers, sucrase, axe-core)");
    run(Command::new("npm").current_dir(&tests).args(["ci", "--no-audit", "--no-fund"]), "npm ci in tests/")
}
