//! Broken variants of the real specs, made with a fixed seed: deleted keys, wrong types, dangling
//! references, reference cycles, keyword and colliding names, duplicate ids and keys, bad path
//! templates and query strings in paths, unknown types, invalid patterns, BOM and CRLF,
//! truncated text; and fixed variants of the Kratos spec, each refused with an exact message at
//! an exact `file:line:col`.
//!
//! Each variant goes through the real `xtask generate` in a child process (a stack overflow
//! cannot be caught in-process), in a scratch checkout under `target/`. Asserted for each: the
//! process exits normally (no panic, no signal); a failure prints only `error: <file>:<line>:<col>:
//! at <pointer>: ...` lines and leaves every generated file as it was.
//!
//! `FUZZ_SEED`, `FUZZ_PER_SPEC` and `FUZZ_ONLY=<provider>` change the corpus; `FUZZ_COMPILE_CHECK=1` also lets the xtask
//! compile-check every accepted variant (slow: minutes), which is how "no accepted spec gives code
//! that does not compile" was measured.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::copy;

use serde_json::{Value, json};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: small, fixed, good enough to pick mutations.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len())])
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Pointers of every object (`objects`) and of every node (`all`) in the document.
fn nodes(v: &Value, at: String, objects: &mut Vec<String>, all: &mut Vec<String>) {
    all.push(at.clone());
    match v {
        Value::Object(m) => {
            objects.push(at.clone());
            for (k, c) in m {
                let k = k.replace('~', "~0").replace('/', "~1");
                nodes(c, format!("{at}/{k}"), objects, all);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                nodes(c, format!("{at}/{i}"), objects, all);
            }
        }
        _ => {}
    }
}

fn schema_names(spec: &Value) -> Vec<String> {
    spec.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn operations(spec: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        for m in ["get", "put", "post", "delete", "patch"] {
            if item.get(m).is_some() {
                out.push(format!(
                    "/paths/{}/{m}",
                    path.replace('~', "~0").replace('/', "~1")
                ));
            }
        }
    }
    out
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// One mutation of the parsed spec; the text is YAML again. Returns what was done and the text.
fn mutate(rng: &mut Rng, spec: &Value, text: &str) -> (String, String) {
    let mut v = spec.clone();
    let (mut objects, mut all) = (Vec::new(), Vec::new());
    nodes(spec, String::new(), &mut objects, &mut all);
    let schemas = schema_names(spec);
    let ops = operations(spec);
    let kind = rng.below(17);
    let what = match kind {
        0 => {
            let at = rng.pick(&objects).cloned().unwrap_or_default();
            let obj = v.pointer_mut(&at).and_then(Value::as_object_mut).unwrap();
            let keys: Vec<String> = obj.keys().cloned().collect();
            match rng.pick(&keys) {
                Some(k) => {
                    obj.remove(k);
                    format!("delete {at}/{k}")
                }
                None => "nothing".to_string(),
            }
        }
        1 => {
            let at = rng.pick(&all[1..]).cloned().unwrap_or_default();
            let replacement = [
                json!(7),
                json!("x"),
                json!([1]),
                json!(true),
                Value::Null,
                json!({"a": 1}),
            ][rng.below(6)]
            .clone();
            *v.pointer_mut(&at).unwrap() = replacement.clone();
            format!("{at} = {replacement}")
        }
        2 => {
            // A dangling reference: an existing `$ref` renamed, or a new one in a schema spot.
            let refs: Vec<&String> = all.iter().filter(|p| p.ends_with("/$ref")).collect();
            let at = rng.pick(&refs).map(|s| s.to_string()).unwrap_or_default();
            let target = [
                "#/components/schemas/nope",
                "#/components/responses/nope",
                "#/components/parameters/nope",
                "#/components/nope/x",
                "#/paths",
            ][rng.below(5)];
            *v.pointer_mut(&at).unwrap() = json!(target);
            format!("{at} = {target}")
        }
        3..=5 => {
            // A cycle typify cannot merge.
            let Some(a) = rng.pick(&schemas).cloned() else {
                return ("none".into(), text.into());
            };
            let b = rng.pick(&schemas).cloned().unwrap();
            let key = [
                "allOf", "oneOf", "anyOf", "$ref", "pair", "property", "required", "items", "not",
            ][rng.below(9)];
            let comps = v.pointer_mut("/components/schemas").unwrap();
            match key {
                "$ref" => comps[&a] = schema_ref(&a),
                "pair" => {
                    comps[&a] = json!({ "allOf": [schema_ref(&b)] });
                    comps[&b] = json!({ "oneOf": [schema_ref(&a), {"type": "string"}] });
                }
                // Recursion through an optional property is a valid type (typify boxes it): it
                // must be accepted and compile.
                "property" => {
                    comps[&a] = json!({
                        "type": "object",
                        "properties": { "next": schema_ref(&a), "other": schema_ref(&b) }
                    });
                }
                // Through a required property it has no finite value, and an array of itself
                // holds only empty arrays: both refused at the schema.
                "required" => {
                    comps[&a] = json!({
                        "type": "object",
                        "required": ["next"],
                        "properties": { "next": schema_ref(&a), "other": schema_ref(&b) }
                    });
                }
                "items" => {
                    comps[&a] = json!({ "type": "array", "items": schema_ref(&a) });
                }
                "not" => {
                    comps[&a] = json!({ "not": schema_ref(&a) });
                }
                _ => {
                    let base = comps[&a].clone();
                    comps[&a] = json!({ key: [schema_ref(&a), base] });
                }
            }
            format!("cycle {key} {a} {b}")
        }
        6 => {
            let at = rng.pick(&ops).cloned().unwrap();
            let name = [
                "new",
                "type",
                "self",
                "match",
                "baseurl",
                "client",
                "with_retry",
                "pre",
                "new_with_client",
                "Self",
            ][rng.below(10)];
            v.pointer_mut(&at).unwrap()["operationId"] = json!(name);
            format!("{at} operationId {name}")
        }
        7 => {
            let objs: Vec<&String> = objects
                .iter()
                .filter(|p| p.ends_with("/properties"))
                .collect();
            let Some(at) = rng.pick(&objs).map(|s| s.to_string()) else {
                return ("none".into(), text.into());
            };
            let pair = [
                ["self", "Self"],
                ["type", "type_"],
                ["userId", "user_id"],
                ["crate", "super"],
            ][rng.below(4)];
            let props = v.pointer_mut(&at).unwrap();
            for p in pair {
                props[p] = json!({ "type": "string" });
            }
            format!("{at} += {pair:?}")
        }
        8 => {
            let a = rng.pick(&ops).cloned().unwrap();
            let b = rng.pick(&ops).cloned().unwrap();
            let id = v
                .pointer(&format!("{a}/operationId"))
                .cloned()
                .unwrap_or(json!("x"));
            v.pointer_mut(&b).unwrap()["operationId"] = id;
            format!("{b} operationId of {a}")
        }
        9 => {
            // Path template against declared parameters.
            let paths: Vec<String> = v["paths"].as_object().unwrap().keys().cloned().collect();
            let path = rng.pick(&paths).cloned().unwrap();
            let item = v["paths"][&path].clone();
            let new = match rng.below(4) {
                0 => format!("{path}/{{id}}/{{id}}"),
                1 if rng.below(2) == 0 => format!("{path}?x=1"),
                1 => format!("{path}#top"),
                2 => {
                    path.split('{')
                        .next()
                        .unwrap_or("/")
                        .trim_end_matches('/')
                        .to_string()
                        + "/x"
                }
                _ => format!("{path}/{{extra}}"),
            };
            let paths = v["paths"].as_object_mut().unwrap();
            paths.remove(&path);
            paths.insert(new.clone(), item);
            format!("path {path} -> {new}")
        }
        10 => {
            let at = rng.pick(&all).cloned().unwrap();
            let at = at.rsplit_once("/type").map(|(a, _)| a.to_string());
            let schemas_at: Vec<&String> = all.iter().filter(|p| p.ends_with("/type")).collect();
            let t = rng
                .pick(&schemas_at)
                .map(|s| s.to_string())
                .or(at)
                .unwrap_or_default();
            let bad = ["strng", "int", "null", "date"][rng.below(4)];
            if let Some(n) = v.pointer_mut(&t) {
                *n = json!(bad);
            }
            format!("{t} = {bad}")
        }
        11 => {
            let types: Vec<&String> = all
                .iter()
                .filter(|p| p.ends_with("/type") && spec.pointer(p) == Some(&json!("string")))
                .collect();
            let Some(t) = rng.pick(&types).map(|s| s.to_string()) else {
                return ("none".into(), text.into());
            };
            let schema = t.trim_end_matches("/type").to_string();
            let bad = ["([", "a{2,1}", "\\", "(?<n>a)(?<n>b)"][rng.below(4)];
            v.pointer_mut(&schema).unwrap()["pattern"] = json!(bad);
            format!("{schema}/pattern = {bad}")
        }
        12 => {
            let params: Vec<&String> = all
                .iter()
                .filter(|p| {
                    p.rsplit_once('/').is_some_and(|(list, _)| {
                        list.ends_with("/parameters")
                            && spec.pointer(list).is_some_and(Value::is_array)
                    })
                })
                .collect();
            let Some(p) = rng.pick(&params).map(|s| s.to_string()) else {
                return ("none".into(), text.into());
            };
            let (list, idx) = p.rsplit_once('/').unwrap();
            let idx: usize = idx.parse().unwrap_or(0);
            let arr = v.pointer_mut(list).and_then(Value::as_array_mut).unwrap();
            if rng.below(2) == 0 {
                arr.remove(idx);
                format!("remove parameter {p}")
            } else {
                let dup = arr[idx].clone();
                arr.push(dup);
                format!("duplicate parameter {p}")
            }
        }
        // Text mutations.
        13 => {
            return (
                "BOM + CRLF".into(),
                format!("\u{feff}{}", text.replace('\n', "\r\n")),
            );
        }
        14 => {
            let lines: Vec<&str> = text.lines().collect();
            let candidates: Vec<usize> = (0..lines.len())
                .filter(|i| {
                    lines[*i].trim_start().contains(": ")
                        && !lines[*i].trim_start().starts_with('-')
                })
                .collect();
            let i = *rng.pick(&candidates).unwrap();
            let mut out: Vec<&str> = lines.clone();
            out.insert(i + 1, lines[i]);
            return (format!("duplicate line {}", i + 1), out.join("\n") + "\n");
        }
        15 => {
            let cut = rng.below(text.len());
            let cut = (0..=cut)
                .rev()
                .find(|c| text.is_char_boundary(*c))
                .unwrap_or(0);
            return (format!("truncate at byte {cut}"), text[..cut].to_string());
        }
        _ => {
            let lines: Vec<&str> = text.lines().collect();
            let i = rng.below(lines.len());
            let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            out[i] = format!(" {}", out[i]);
            return (format!("indent line {}", i + 1), out.join("\n") + "\n");
        }
    };
    (what, serde_yaml::to_string(&v).unwrap())
}

/// A scratch checkout `name`: manifest, lock, runtime, one provider crate and the crates
/// `extra`, its target dir shared.
fn scratch(name: &str, provider: &str, extra: &[&str]) -> PathBuf {
    let real = root();
    let dir = real.join("target").join("xtask-fuzz").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("specs")).unwrap();
    for f in ["Cargo.toml", "Cargo.lock"] {
        fs::copy(real.join(f), dir.join(f)).unwrap();
    }
    copy(
        &real.join("crates").join(provider),
        &dir.join("crates").join(provider),
    );
    copy(&real.join("crates/runtime"), &dir.join("crates/runtime"));
    for c in extra {
        copy(&real.join("crates").join(c), &dir.join("crates").join(c));
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(real.join("target"), dir.join("target")).unwrap();
    dir
}

fn generated(dir: &Path, provider: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let g = dir.join("crates").join(provider).join("src/generated");
    let mut out: Vec<_> = fs::read_dir(&g)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let bytes = fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

fn is_located(line: &str, file: &str) -> bool {
    // error: specs/x.yaml:12:5: at /pointer: message
    let Some(rest) = line.strip_prefix(&format!("error: {file}:")) else {
        return false;
    };
    let mut parts = rest.splitn(3, ':');
    let line_no = parts.next().and_then(|l| l.parse::<usize>().ok());
    let col = parts.next().and_then(|c| c.parse::<usize>().ok());
    let tail = parts.next().unwrap_or("");
    line_no.is_some_and(|l| l > 0)
        && col.is_some_and(|c| c > 0)
        && tail.starts_with(" at /")
        && tail.len() > 8
}

#[test]
fn broken_specs_never_crash_always_name_the_spot_and_write_nothing() {
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1234);
    let per_spec: usize = std::env::var("FUZZ_PER_SPEC")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let compile = std::env::var_os("FUZZ_COMPILE_CHECK").is_some();
    let mut rng = Rng(seed);
    let (mut total, mut accepted, mut refused) = (0, 0, 0);
    let mut bad = Vec::new();
    let only = std::env::var("FUZZ_ONLY").ok();
    for provider in xtask::providers(&root()).unwrap() {
        if only.as_ref().is_some_and(|o| *o != provider) {
            continue;
        }
        let file = format!("specs/{provider}.yaml");
        let text = fs::read_to_string(root().join(&file)).unwrap();
        let spec = xtask::spec::read_yaml(Path::new(&file), &text).unwrap();
        let dir = scratch(&provider, &provider, &[]);
        let before = generated(&dir, &provider);
        for _ in 0..per_spec {
            let (what, mutant) = mutate(&mut rng, &spec, &text);
            fs::write(dir.join(&file), &mutant).unwrap();
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_xtask"));
            cmd.args(["generate", "--root"]).arg(&dir).arg(&provider);
            if !compile {
                cmd.arg("--no-compile-check");
            }
            let out = cmd.output().unwrap();
            total += 1;
            let stderr = String::from_utf8_lossy(&out.stderr);
            let case = format!("{provider}: {what}");
            if let Some(log) = std::env::var_os("FUZZ_LOG") {
                use std::io::Write;
                let mut f = fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(log)
                    .unwrap();
                let first = stderr.lines().next().unwrap_or("accepted");
                writeln!(f, "{case}\n    => {first}").unwrap();
            }
            match out.status.code() {
                Some(0) => {
                    accepted += 1;
                    // Put the committed files back for the next variant.
                    for (p, bytes) in &before {
                        fs::write(p, bytes).unwrap();
                    }
                }
                Some(1) => {
                    refused += 1;
                    let errors: Vec<&str> =
                        stderr.lines().filter(|l| l.starts_with("error")).collect();
                    if errors.is_empty() {
                        bad.push(format!("{case}: failed without an error line:\n{stderr}"));
                    }
                    for e in errors.iter().filter(|e| !is_located(e, &file)) {
                        bad.push(format!("{case}: no file:line:col and pointer: {e}"));
                    }
                    if stderr.contains("panicked") {
                        bad.push(format!("{case}: panic:\n{stderr}"));
                    }
                    if generated(&dir, &provider) != before {
                        bad.push(format!("{case}: generated files changed on failure"));
                        for (p, bytes) in &before {
                            fs::write(p, bytes).unwrap();
                        }
                    }
                }
                other => bad.push(format!(
                    "{case}: crashed ({other:?}, {}):\n{stderr}",
                    out.status
                )),
            }
        }
        let _ = fs::remove_dir_all(&dir);
    }
    println!(
        "fuzz: {total} variants, {accepted} accepted, {refused} refused, {} problems",
        bad.len()
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    // The corpus must exercise both outcomes, or the test proves nothing.
    assert!(
        refused > total / 2 && accepted > 0,
        "{accepted} accepted, {refused} refused"
    );
}

/// One fixed broken variant of `specs/kratos.yaml`: the text edit, the line it writes (the
/// error must point at its first non-blank character), and the error's pointer and message.
struct Fixture {
    what: &'static str,
    edit: fn(&str) -> String,
    line: &'static str,
    pointer: &'static str,
    message: &'static str,
}

/// Replaces the first `anchor` that starts a line of the spec with `with`; the panic says which
/// anchor the spec no longer has.
fn replace(text: &str, anchor: &str, with: &str) -> String {
    let anchor = format!("\n{anchor}");
    assert!(
        text.contains(&anchor),
        "specs/kratos.yaml has no line `{anchor}`"
    );
    text.replacen(&anchor, &format!("\n{with}"), 1)
}

/// New schemas first in `components/schemas`, and `identity` (every identity answer) given a
/// property of the schema `uses`, so the schema reaches the generated client and the CLI.
fn with_schemas(text: &str, schemas: &str, uses: &str) -> String {
    let traits = "        traits:\n          $ref: '#/components/schemas/identityTraits'\n";
    let text = replace(text, "  schemas:\n", &format!("  schemas:\n{schemas}"));
    replace(
        &text,
        traits,
        &format!("{traits}        extra:\n          $ref: '#/components/schemas/{uses}'\n"),
    )
}

/// The lint's misses found by trying 66 broken variants of the Kratos spec: two invalid specs
/// it accepted, and three schemas it let through to be reported at an operation (the CLI's
/// sample values, or progenitor's panic on every operation) instead of at the schema. Each goes
/// through the real `xtask generate` in a checkout with the CLI, as `cargo xtask generate` runs.
#[test]
fn the_lints_last_misses_are_refused_at_their_spot() {
    let fixtures = [
        Fixture {
            what: "a path with a query string",
            edit: |t| replace(t, "  /admin/identities:\n", "  /admin/identities?x=1:\n"),
            line: "  /admin/identities?x=1:",
            pointer: "/paths/~1admin~1identities?x=1",
            message: "the path `/admin/identities?x=1` contains `?`; a path key is the path alone: declare query parameters under `parameters` with `in: query`",
        },
        Fixture {
            what: "a default of the wrong type (a parameter's)",
            edit: |t| replace(t, "        default: 250\n", "        default: '250'\n"),
            line: "        default: '250'",
            pointer: "/components/parameters/perPage/schema/default",
            message: "default \"250\" does not fit this schema: it is a string, the schema's type is `integer`; fix the value or remove it",
        },
        Fixture {
            what: "two schemas that require each other",
            edit: |t| {
                with_schemas(
                    t,
                    "    PairA:\n      type: object\n      required: [b]\n      properties:\n        b:\n          $ref: '#/components/schemas/PairB'\n    PairB:\n      type: object\n      required: [a]\n      properties:\n        a:\n          $ref: '#/components/schemas/PairA'\n",
                    "PairA",
                )
            },
            line: "    PairA:",
            pointer: "/components/schemas/PairA",
            message: "schema `PairA` can have no finite value: its required properties lead back to it (`PairA`.b → `PairB`.a → `PairA`); make one of them optional or `nullable: true`",
        },
        Fixture {
            what: "an array of itself",
            edit: |t| {
                with_schemas(
                    t,
                    "    Nest:\n      type: array\n      items:\n        $ref: '#/components/schemas/Nest'\n",
                    "Nest",
                )
            },
            line: "    Nest:",
            pointer: "/components/schemas/Nest",
            message: "schema `Nest` is an array of itself (`Nest` → items → `Nest`): its only values are empty arrays nested in each other; give its items a schema of their own",
        },
        Fixture {
            what: "an enum with non-string values",
            edit: |t| with_schemas(t, "    Level:\n      enum: [1, two, true]\n", "Level"),
            line: "    Level:",
            pointer: "/components/schemas/Level",
            message: "schema `Level` has an `enum` of boolean, number, string values and no `type`; typify needs one type for an enum (progenitor panics): add a `type` and keep only values of it",
        },
    ];
    let file = "specs/kratos.yaml";
    let text = fs::read_to_string(root().join(file)).unwrap();
    let dir = scratch("lint-misses", "kratos", &["cli"]);
    let before = generated(&dir, "kratos");
    let mut bad = Vec::new();
    for f in &fixtures {
        let mutant = (f.edit)(&text);
        let (n, written) = mutant
            .lines()
            .enumerate()
            .find(|(_, l)| *l == f.line)
            .unwrap_or_else(|| panic!("{}: the edit wrote no line `{}`", f.what, f.line));
        let col = written.len() - written.trim_start().len() + 1;
        let expected = format!(
            "error: {file}:{}:{col}: at {}: {}",
            n + 1,
            f.pointer,
            f.message
        );
        fs::write(dir.join(file), &mutant).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["generate", "--no-compile-check", "--root"])
            .arg(&dir)
            .arg("kratos")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).collect();
        if out.status.code() != Some(1) || errors != [expected.as_str()] {
            bad.push(format!(
                "{}: expected (exit 1)\n  {expected}\ngot (exit {:?})\n  {}",
                f.what,
                out.status.code(),
                stderr.trim_end().replace('\n', "\n  ")
            ));
        }
        if generated(&dir, "kratos") != before {
            bad.push(format!("{}: generated files changed", f.what));
            for (p, bytes) in &before {
                fs::write(p, bytes).unwrap();
            }
        }
    }
    let _ = fs::remove_dir_all(&dir);
    assert!(bad.is_empty(), "{}", bad.join("\n\n"));
}
