//! The code editor: `editor/src/editor.js` (CodeMirror 6, packages pinned in
//! `editor/package-lock.json`) bundled by esbuild into one ES module, `dist/editor-<hash>.js`.
//! Pages do not load it; the prerender writes its URL into each page's
//! `<meta name="inflight-editor">`, and a page imports it when the reader starts editing.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::toolchain::run;
use crate::{root, Failure, Result};

/// The name every build of the module starts with; the rest is esbuild's hash of its content.
pub const PREFIX: &str = "editor-";

fn dir() -> PathBuf {
    root().join("editor")
}

/// Bundles the editor into `dist` (installing its packages first when needed) and returns the
/// file's name, e.g. `editor-4NZL3GQH.js`.
pub fn build(dist: &Path) -> Result<String> {
    ensure_packages()?;
    for old in built_in(dist)? {
        std::fs::remove_file(dist.join(old))?;
    }
    let esbuild = esbuild()?;
    run(
        Command::new(&esbuild)
            .current_dir(dir())
            .args(["src/editor.js", "--bundle", "--format=esm", "--minify", "--log-level=warning"])
            .arg(format!("--entry-names={PREFIX}[hash]"))
            .arg(format!("--outdir={}", dist.display())),
        "bundling the editor (esbuild)",
    )?;
    match built_in(dist)?.as_slice() {
        [name] => Ok(name.clone()),
        other => Err(Failure(format!("esbuild should have written one {PREFIX}*.js into {}, found {other:?}", dist.display()))),
    }
}

/// The editor modules in `dist` (one after a build).
pub fn built_in(dist: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dist).map_err(|e| Failure(format!("cannot read {}: {e}", dist.display())))? {
        let name = entry?.file_name().to_string_lossy().to_string();
        if name.starts_with(PREFIX) && name.ends_with(".js") {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Minifies the ES module at `path` in place, with the editor's esbuild (trunk's own minifier
/// gives up on wasm-bindgen's glue, at its `export default`). Its imports stay as they are.
pub fn minify(path: &Path) -> Result {
    ensure_packages()?;
    let out = path.with_extension("min.js");
    run(
        Command::new(esbuild()?).arg(path).args(["--format=esm", "--minify", "--log-level=warning"]).arg(format!("--outfile={}", out.display())),
        "minifying the app's JavaScript (esbuild)",
    )?;
    std::fs::rename(&out, path)?;
    Ok(())
}

/// esbuild's own binary, which its npm package brings for this platform (no download).
fn esbuild() -> Result<PathBuf> {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        other => other,
    };
    let binary = dir().join("node_modules/@esbuild").join(format!("{os}-{arch}")).join("bin/esbuild");
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(Failure(format!(
            "{} is missing: esbuild's npm package has no binary for {os}-{arch} here (run `npm ci` in editor/)",
            binary.display()
        )))
    }
}

/// `npm ci` in editor/ when node_modules is missing or older than the lock file.
fn ensure_packages() -> Result {
    let lock = dir().join("package-lock.json");
    let installed = dir().join("node_modules/.package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if let (Some(lock_time), Some(installed_time)) = (modified(&lock), modified(&installed)) {
        if installed_time >= lock_time {
            return Ok(());
        }
    }
    println!("xtask: installing the editor's packages in editor/ (npm ci: CodeMirror 6, esbuild)");
    run(Command::new("npm").current_dir(dir()).args(["ci", "--no-audit", "--no-fund"]), "npm ci in editor/")
}
