//! Makes sure the tools are installed, at pinned versions, skipping what is already there.
//!
//! What the site needs: the `wasm32-unknown-unknown` target (rustup, or Debian's rustc-web as a
//! fallback on machines where rustup cannot add it); `wasm-bindgen-cli` at exactly the version of
//! the `wasm-bindgen` crate in Cargo.lock (the CLI refuses a wasm file made by any other version);
//! trunk 0.21.14 (0.22 needs a newer rustc than 1.95); both come from `~/.cargo/bin` when the
//! exact version is there, else they are compiled with `--locked` into `~/.cache/inflight-tools`.
//! wasm-opt comes from the npm package binaryen 132 (in `.tools/`): Debian's binaryen 108 has
//! produced modules that Chromium refused to instantiate. Pagefind, which indexes the built pages
//! for the site's search, is the npm package pagefind 1.6.0 (in `.tools/` too; its binary comes
//! inside the platform's package, `@pagefind/<os>-<arch>`, so nothing is downloaded at install
//! time). For tests: Node.js 20, Debian's Chromium and the npm packages pinned in
//! `tests/package-lock.json`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, Failure, Flags, Result};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_VERSION: &str = "132.0.0";
pub const PAGEFIND_VERSION: &str = "1.6.0";
pub const CHROMIUM: &str = "/usr/bin/chromium";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The environment the build commands run in once the tools are in place.
pub struct Toolchain {
    /// PATH with `.tools/node_modules/.bin` (wasm-opt, pagefind) and the pinned cargo tools first.
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
    check_trunk_pins(&wbg)?;
    let wbg_bin = ensure_cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &wbg, &format!("wasm-bindgen {wbg}"))?;
    let trunk_bin = ensure_cargo_tool("trunk", "trunk", TRUNK_VERSION, &format!("trunk {TRUNK_VERSION}"))?;
    ensure_npm_tool("wasm-opt", "binaryen", BINARYEN_VERSION, |v| v.contains("version 132"))?;
    ensure_npm_tool("pagefind", "pagefind", PAGEFIND_VERSION, |v| v == format!("pagefind {PAGEFIND_VERSION}"))?;
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

/// The Node.js major version the oracles are written against: what they compare with is what
/// Node 20 prints (module detection, timer clamping, stream defaults all differ in 22).
pub const NODE_MAJOR: u32 = 20;

fn require_node() -> Result {
    let version = version_of(Path::new("node"), &["--version"]);
    if let Err(message) = check_node_version(version.as_deref()) {
        return Err(Failure(message));
    }
    if version_of(Path::new("npm"), &["--version"]).is_none() {
        return Err(Failure(format!("npm is not installed. {}", node_advice())));
    }
    Ok(())
}

fn node_advice() -> String {
    format!(
        "The Node oracle, wasm-opt and the browser tests need Node.js {NODE_MAJOR}.10 or a later {NODE_MAJOR}.x with npm, \
         because every expected output is what Node {NODE_MAJOR} prints. Install it (for example `nvm install {NODE_MAJOR}` \
         or NodeSource's nodejs {NODE_MAJOR}.x package; Debian 12's own nodejs is 18) and make it the `node` on PATH."
    )
}

/// `node --version`'s answer (None when there is no `node`) against the major version required.
fn check_node_version(version: Option<&str>) -> std::result::Result<(), String> {
    let Some(version) = version else {
        return Err(format!("Node.js is not installed. {}", node_advice()));
    };
    let numbers: Vec<u32> = version.trim().trim_start_matches('v').split('.').filter_map(|n| n.parse().ok()).collect();
    match numbers.as_slice() {
        [major, minor, ..] if *major == NODE_MAJOR && *minor >= 10 => Ok(()),
        [major, ..] if *major == NODE_MAJOR => Err(format!("Node.js {version} is too old. {}", node_advice())),
        [_, ..] => Err(format!(
            "Node.js {version} is on PATH, but the oracles are Node {NODE_MAJOR}'s behaviour and other versions print \
             other things. {}",
            node_advice()
        )),
        [] => Err(format!("`node --version` printed `{version}`, which is not a version. {}", node_advice())),
    }
}

/// Trunk.toml names the wasm-bindgen version too (trunk checks the CLI against it): it must be
/// the one in Cargo.lock, which follows the `=` pin in Cargo.toml.
fn check_trunk_pins(locked: &str) -> Result {
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml"))?;
    match trunk_wasm_bindgen(&trunk_toml) {
        Some(v) if v == locked => Ok(()),
        Some(v) => Err(Failure(format!(
            "Trunk.toml pins wasm_bindgen = \"{v}\" but Cargo.lock has wasm-bindgen {locked}: set Trunk.toml's [tools] \
             wasm_bindgen to \"{locked}\" (the version is chosen in Cargo.toml, with `=`)"
        ))),
        None => Err(Failure(format!("Trunk.toml has no [tools] wasm_bindgen line: add wasm_bindgen = \"{locked}\""))),
    }
}

fn trunk_wasm_bindgen(trunk_toml: &str) -> Option<&str> {
    trunk_toml.lines().map(str::trim).find_map(|l| l.strip_prefix("wasm_bindgen")?.trim().strip_prefix('=')?.trim().strip_prefix('"')?.strip_suffix('"'))
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
/// `~/.cache/inflight-tools` (never replacing what other projects use), always `--locked`.
fn ensure_cargo_tool(binary: &str, krate: &str, version: &str, expect: &str) -> Result<PathBuf> {
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
    cmd.args(["install", "--locked", "--force", "--root"]).arg(tools_root());
    match pinned_lock(krate, version) {
        // Our own lock file for this exact version: the crate's source, taken from the registry,
        // is built with every dependency at the version the lock names.
        Some(lock) => {
            let source = crate_source(krate, version)?;
            std::fs::copy(&lock, source.join("Cargo.lock"))?;
            cmd.arg("--path").arg(&source);
        }
        None => {
            cmd.args([krate, "--version", version]);
        }
    }
    run(&mut cmd, &format!("installing {krate} {version}"))?;
    Ok(own)
}

/// `xtask/locks/<crate>-<version>.Cargo.lock`, where a crate's own published lock cannot be used.
/// wasm-bindgen-cli 0.2.130's names webpki-roots 1.0.11, which the registry these machines reach
/// does not have; ours was made from it by `cargo update -p webpki-roots --precise 1.0.10` and
/// changes nothing else.
fn pinned_lock(krate: &str, version: &str) -> Option<PathBuf> {
    let lock = root().join("xtask/locks").join(format!("{krate}-{version}.Cargo.lock"));
    lock.is_file().then_some(lock)
}

/// The source of `krate` at `version`, unpacked from cargo's own download of it beside the
/// installed tools (outside the repository, whose workspace would otherwise claim it). A scratch
/// package that depends on it makes `cargo fetch` download it.
fn crate_source(krate: &str, version: &str) -> Result<PathBuf> {
    let work = tools_root().join("build");
    let scratch = work.join(format!("fetch-{krate}"));
    std::fs::create_dir_all(scratch.join("src"))?;
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!("[package]\nname = \"fetch-{krate}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[workspace]\n\n[dependencies]\n{krate} = \"={version}\"\n"),
    )?;
    std::fs::write(scratch.join("src/lib.rs"), "")?;
    run(Command::new("cargo").current_dir(&scratch).args(["fetch", "--quiet"]), &format!("downloading {krate} {version}"))?;
    let file = format!("{krate}-{version}.crate");
    let cache = cargo_bin().parent().map(|home| home.join("registry/cache")).unwrap_or_default();
    let archive = std::fs::read_dir(&cache)?
        .filter_map(|index| Some(index.ok()?.path().join(&file)))
        .find(|p| p.is_file())
        .ok_or_else(|| Failure(format!("cargo fetch did not leave {file} in {}", cache.display())))?;
    let source = work.join(format!("{krate}-{version}"));
    if source.exists() {
        std::fs::remove_dir_all(&source)?;
    }
    run(Command::new("tar").arg("-xzf").arg(&archive).arg("-C").arg(&work), &format!("unpacking {file}"))?;
    Ok(source)
}

/// Makes sure `.tools/node_modules/.bin/<binary>` runs and its `--version` passes `is_pinned`;
/// otherwise installs the npm package at exactly `version` into `.tools/` (`--save-exact`, so
/// `.tools/package.json` names the versions that are there). Installing one package keeps the
/// others `.tools/package.json` names.
fn ensure_npm_tool(binary: &str, package: &str, version: &str, is_pinned: impl Fn(&str) -> bool) -> Result {
    if version_of(&tools_bin().join(binary), &["--version"]).is_some_and(|v| is_pinned(&v)) {
        return Ok(());
    }
    say(&format!("installing {binary} from the npm package {package}@{version} into .tools/"));
    let tools = root().join(".tools");
    std::fs::create_dir_all(&tools)?;
    run(
        Command::new("npm").current_dir(&tools).args(["install", "--no-audit", "--no-fund", "--save-exact", "--prefix", "."]).arg(format!("{package}@{version}")),
        &format!("installing {package}"),
    )?;
    match version_of(&tools_bin().join(binary), &["--version"]) {
        Some(v) if is_pinned(&v) => Ok(()),
        other => Err(Failure(format!(
            "npm installed {package}@{version} into .tools/, but `.tools/node_modules/.bin/{binary} --version` answers {other:?}"
        ))),
    }
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

/// Debian's ChromeDriver, which wasm-bindgen-test drives (the wasm tests and the benchmark).
pub fn ensure_chromedriver() -> Result {
    if version_of(Path::new("/usr/bin/chromedriver"), &["--version"]).is_some() {
        return Ok(());
    }
    say("installing Chromium's driver for the engine's wasm tests (apt-get install chromium chromium-driver)");
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
    say("installing the test packages in tests/ (npm ci: playwright-core, @sinonjs/fake-timers, sucrase, axe-core, p-limit, opossum)");
    run(Command::new("npm").current_dir(&tests).args(["ci", "--no-audit", "--no-fund"]), "npm ci in tests/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_node_20_from_20_10_is_accepted() {
        assert!(check_node_version(Some("v20.20.2")).is_ok());
        assert!(check_node_version(Some("v20.10.0")).is_ok());
        assert!(check_node_version(Some("v20.9.0")).unwrap_err().contains("too old"));
        let newer = check_node_version(Some("v22.11.0")).unwrap_err();
        assert!(newer.contains("v22.11.0") && newer.contains("nvm install 20"), "{newer}");
        assert!(check_node_version(Some("v18.19.0")).is_err());
        assert!(check_node_version(None).unwrap_err().contains("not installed"));
        assert!(check_node_version(Some("garbage")).is_err());
    }

    #[test]
    fn the_wasm_bindgen_version_is_chosen_once() {
        let locked = locked_wasm_bindgen().unwrap();
        let cargo_toml = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
        assert!(cargo_toml.contains(&format!("wasm-bindgen = \"={locked}\"")), "Cargo.toml pins wasm-bindgen with `=` to {locked}");
        check_trunk_pins(&locked).unwrap();
        assert!(pinned_lock("wasm-bindgen-cli", &locked).is_some(), "xtask/locks has a lock for wasm-bindgen-cli {locked}");
        assert_eq!(trunk_wasm_bindgen("[tools]\nwasm_bindgen = \"0.2.1\"\n"), Some("0.2.1"));
        assert_eq!(trunk_wasm_bindgen("[tools]\nwasm_opt = \"version_132\"\n"), None);
    }
}
