//! Writing generated files all-or-nothing, and comparing them with what is committed.

use crate::Generated;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Writes every provider's files. Nothing is written unless every file could be staged first,
/// and each file is replaced by a rename, so a failed run leaves the crates as they were.
pub fn write(root: &Path, all: &[Generated]) -> io::Result<usize> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for g in all {
            fs::create_dir_all(root.join(&g.dir))?;
            for (path, text) in &g.files {
                let target = root.join(path);
                // A file every provider produces (the CLI's module index) is written once.
                if staged.iter().any(|(_, t)| *t == target)
                    || fs::read_to_string(&target).is_ok_and(|old| old == *text)
                {
                    continue;
                }
                if let Some(dir) = target.parent() {
                    fs::create_dir_all(dir)?;
                }
                let tmp = target.with_extension("rs.tmp");
                fs::write(&tmp, text)?;
                staged.push((tmp, target));
            }
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    let changed = staged.len();
    for (tmp, target) in staged {
        fs::rename(tmp, target)?;
    }
    for g in all {
        for stale in stale_files(root, g)? {
            fs::remove_file(root.join(stale))?;
        }
    }
    Ok(changed)
}

/// Unified diffs between committed files and freshly generated ones; empty when all agree.
pub fn check(root: &Path, all: &[Generated]) -> io::Result<Vec<String>> {
    let mut diffs = Vec::new();
    for g in all {
        for (path, text) in &g.files {
            let committed = fs::read_to_string(root.join(path)).unwrap_or_default();
            if committed != *text {
                let diff = similar::TextDiff::from_lines(&committed, text);
                let shown = path.display().to_string();
                diffs.push(
                    diff.unified_diff()
                        .context_radius(3)
                        .header(
                            &format!("{shown} (committed)"),
                            &format!("{shown} (generated)"),
                        )
                        .to_string(),
                );
            }
        }
        for stale in stale_files(root, g)? {
            diffs.push(format!(
                "{}: not produced by the generator any more\n",
                stale.display()
            ));
        }
    }
    Ok(diffs)
}

fn stale_files(root: &Path, g: &Generated) -> io::Result<Vec<PathBuf>> {
    let dir = root.join(&g.dir);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in fs::read_dir(&dir)? {
        let rel = g.dir.join(entry?.file_name());
        if !g.files.iter().any(|(p, _)| *p == rel) {
            out.push(rel);
        }
    }
    out.sort();
    Ok(out)
}
