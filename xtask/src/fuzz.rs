//! `cargo xtask fuzz [--cases N] [--seed S]`: structure-aware fuzzing of load, lower and emit.
//!
//! Each case takes a valid spec (the Chat spec, the seed-era spec, or a small one), applies a
//! few random mutations to its JSON tree (drop or duplicate a key, swap a value for one of
//! another type, rename or break a `$ref`, nest deeper, insert odd names and text), writes it as
//! JSON or YAML, and runs the generator. Every outcome is fine except a crash: a panic inside the
//! pipeline comes back as an "internal error" diagnostic and is counted. A crash prints its seed,
//! so `--cases 1 --seed S` replays it; each one found becomes a regression test.

use std::time::Instant;

use anyhow::{Result, anyhow};
use generator::emit::EmitOptions;
use generator::load::Source;
use serde_json::{Value, json};

use crate::project::{paths, read_source, templates};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// How many mutated specs to run.
    #[arg(long, default_value_t = 10_000)]
    pub cases: u64,
    /// The seed of the first case; case `i` uses `seed + i`.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Emit (Rust and docs) for one case in this many; the others stop after lowering.
    #[arg(long, default_value_t = 20)]
    pub emit_every: u64,
    /// Also write each case to this directory (`case-<seed>.json` or `.yaml`), with what the
    /// generator said of it beside it (`.out`): for `.ci/oracle-check`.
    #[arg(long, value_name = "DIR")]
    pub dump: Option<std::path::PathBuf>,
}

/// splitmix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

const ODD_STRINGS: &[&str] = &[
    "",
    "type",
    "self",
    "Self",
    "1on1Message",
    "fooBar",
    "foo_bar",
    "café",
    "日本語",
    "a/b",
    "{x}",
    "}{",
    "*/",
    "`tick`",
    "<b>html</b>",
    "a | b",
    "x\ny",
    "#/components/schemas/Nope",
    "unknown",
    "Unknown",
    "default",
    "crate",
    "..",
    "%2F",
    "💥",
];

fn odd_value(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => json!(rng.chance(2)),
        2 => json!(rng.next() as i64),
        3 => json!(-1.5e300),
        4 => json!(ODD_STRINGS[rng.below(ODD_STRINGS.len())]),
        5 => json!([]),
        6 => json!({}),
        7 => json!({"$ref": ODD_STRINGS[rng.below(ODD_STRINGS.len())]}),
        _ => {
            let ty = ["string", "object", "array", "integer", "weird"][rng.below(5)];
            json!({"type": ty, "enum": [ODD_STRINGS[rng.below(ODD_STRINGS.len())]]})
        }
    }
}

/// A random node of the tree (pointer as path of keys/indices).
fn pick<'a>(value: &'a mut Value, rng: &mut Rng) -> &'a mut Value {
    let depth = rng.below(12);
    let mut node = value;
    for _ in 0..depth {
        let len = match &*node {
            Value::Object(m) => m.len(),
            Value::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        let i = rng.below(len);
        node = match node {
            Value::Object(m) => m.values_mut().nth(i).expect("index below len"),
            Value::Array(a) => &mut a[i],
            _ => unreachable!("len is 0 for scalars"),
        };
    }
    node
}

fn mutate(doc: &mut Value, rng: &mut Rng) {
    let node = pick(doc, rng);
    match rng.below(8) {
        // Drop a key.
        0 => {
            if let Value::Object(m) = node {
                if let Some(k) = m.keys().nth(rng.below(m.len().max(1))).cloned() {
                    m.remove(&k);
                }
            }
        }
        // Replace with a value of another type.
        1 => *node = odd_value(rng),
        // Add an odd key.
        2 => {
            if let Value::Object(m) = node {
                m.insert(
                    ODD_STRINGS[rng.below(ODD_STRINGS.len())].to_owned(),
                    odd_value(rng),
                );
            }
        }
        // Rename a key (collisions, odd names).
        3 => {
            if let Value::Object(m) = node {
                if let Some(k) = m.keys().nth(rng.below(m.len().max(1))).cloned() {
                    let v = m.remove(&k).unwrap_or(Value::Null);
                    m.insert(
                        format!("{k}{}", ODD_STRINGS[rng.below(ODD_STRINGS.len())]),
                        v,
                    );
                }
            }
        }
        // Nest deeper.
        4 => {
            let inner = std::mem::take(node);
            *node = json!({"type": "object", "properties": {"nested": inner}});
        }
        // Duplicate an array item.
        5 => {
            if let Value::Array(a) = node {
                if let Some(item) = a.get(rng.below(a.len().max(1))).cloned() {
                    a.push(item);
                }
            }
        }
        // Break a string.
        6 => {
            if let Value::String(s) = node {
                s.push_str(ODD_STRINGS[rng.below(ODD_STRINGS.len())]);
            }
        }
        // Point a reference somewhere else.
        _ => *node = json!({"$ref": "#/components/schemas/ErrorBody"}),
    }
}

fn small_spec() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Small", "version": "1"},
        "paths": {"/a/{id}": {"get": {
            "operationId": "getA", "tags": ["T"],
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                           {"name": "before", "in": "query", "schema": {"type": "string"}},
                           {"name": "after", "in": "query", "schema": {"type": "string"}}],
            "x-inin-requires-permissions": {"type": "ANY", "permissions": ["a:b:c"]},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/L"}}}},
                          "default": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}}}}},
        "components": {"schemas": {
            "L": {"type": "object", "properties": {"entities": {"type": "array", "items": {"$ref": "#/components/schemas/M"}}}},
            "M": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "dateCreated": {"type": "string", "format": "date-time"},
                  "kind": {"type": "string", "enum": ["a", "b"]}, "self": {"$ref": "#/components/schemas/M"}}},
            "ErrorBody": {"type": "object", "properties": {"message": {"type": "string"}}}
        }}
    })
}

pub fn run(args: &Args) -> Result<()> {
    let mut bases: Vec<Value> = vec![small_spec()];
    for path in [
        paths::spec(),
        paths::root().join("generator/tests/fixtures/chat-seed.yaml"),
        paths::root().join("sdk-tests/realworld/spec.yaml"),
    ] {
        let source = read_source(&path)?;
        bases.push(generator::load::parse_value(&source).map_err(|d| anyhow!("{d}"))?);
    }
    let opts = EmitOptions::for_spec("fuzz.yaml", templates(None)?);
    let started = Instant::now();
    let (mut crashes, mut accepted, mut emitted) = (0u64, 0u64, 0u64);
    for case in 0..args.cases {
        let seed = args.seed.wrapping_add(case);
        let mut rng = Rng(seed);
        let mut doc = bases[rng.below(bases.len())].clone();
        for _ in 0..=rng.below(4) {
            mutate(&mut doc, &mut rng);
        }
        let (name, text) = if rng.chance(2) {
            ("fuzz.json", serde_json::to_string(&doc).unwrap_or_default())
        } else {
            (
                "fuzz.yaml",
                generator::load::to_yaml(&doc).unwrap_or_default(),
            )
        };
        let source = Source::new(name, text);
        let emit = args.emit_every <= 1 || case % args.emit_every == 0;
        let outcome = if emit {
            emitted += 1;
            generator::generate(&source, &opts).map(|g| g.warnings)
        } else {
            generator::to_ir(&source).map(|(_, w)| w)
        };
        if let Some(dir) = &args.dump {
            let ext = if name.ends_with(".json") {
                "json"
            } else {
                "yaml"
            };
            let said = match &outcome {
                Ok(w) | Err(w) => w.to_string(),
            };
            std::fs::create_dir_all(dir)?;
            std::fs::write(dir.join(format!("case-{seed}.{ext}")), &source.text)?;
            std::fs::write(dir.join(format!("case-{seed}.out")), said)?;
        }
        match outcome.map(drop) {
            Ok(()) => accepted += 1,
            Err(diags)
                if diags
                    .iter()
                    .any(|d| d.message.starts_with("internal error")) =>
            {
                crashes += 1;
                eprintln!("crash with --seed {seed} --cases 1:\n{diags}\n");
            }
            Err(_) => {}
        }
    }
    println!(
        "fuzz: {} cases (seeds {}..{}), {emitted} emitted, {accepted} accepted, {} rejected with diagnostics, {crashes} crashes, {:.1} s",
        args.cases,
        args.seed,
        args.seed.wrapping_add(args.cases),
        args.cases - accepted - crashes,
        started.elapsed().as_secs_f64()
    );
    if crashes == 0 {
        Ok(())
    } else {
        Err(anyhow!(
            "{crashes} crash(es): each is printed above with its seed"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A short run in every test suite; `cargo xtask fuzz --cases 100000` is the long one.
    #[test]
    fn two_hundred_mutated_specs_never_crash_the_generator() {
        let args = Args {
            cases: 200,
            seed: 7,
            emit_every: 50,
            dump: None,
        };
        run(&args).unwrap();
    }
}
