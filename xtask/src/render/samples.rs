//! Sample JSON values made from a spec's schemas: the CLI's canned `--mock` answers, its help
//! examples and the values its tests send. The spec's `example`s come first (names, emails,
//! states a person recognises), made distinct per item where a listing needs it (`vary`);
//! identifiers look like real ones. A sample must decode into the generated type, so
//! it follows what typify checks: required properties, enums, formats, patterns, lengths and
//! bounds; and it must come back unchanged when that type is serialised again (one item per
//! array, one entry per map: typify drops empty ones).

use crate::model::resolve;
use serde_json::{Map, Value, json};

/// How deep optional properties are still filled in (required ones always are, up to
/// [`MAX_DEPTH`]): deep enough to show a model, shallow enough for self-referring ones.
const OPTIONAL_DEPTH: usize = 3;
const MAX_DEPTH: usize = 12;

/// A sample of `schema`; `seed` varies every string and identifier (distinct items per page),
/// `name` is the property or parameter it is for (used in readable strings).
pub fn sample(raw: &Value, schema: &Value, name: &str, seed: u64) -> Result<Value, String> {
    Sampler { raw, seed }.value(schema, name, 0)
}

struct Sampler<'a> {
    raw: &'a Value,
    seed: u64,
}

impl Sampler<'_> {
    fn value(&self, schema: &Value, name: &str, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "`{name}`: required properties nest deeper than {MAX_DEPTH} levels"
            ));
        }
        let s = resolve(self.raw, schema);
        if let Some(example) = s.get("example") {
            return Ok(vary(example, self.seed));
        }
        if let Some(first) = s
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            return Ok(first.clone());
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(first) = s.get(key).and_then(Value::as_array).and_then(|v| v.first()) {
                return self.value(first, name, depth);
            }
        }
        if let Some(parts) = s.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for part in parts {
                match self.value(part, name, depth)? {
                    Value::Object(o) => merged.extend(o),
                    other if parts.len() == 1 => return Ok(other),
                    _ => return Err(format!("`{name}`: allOf of a non-object")),
                }
            }
            return Ok(Value::Object(merged));
        }
        match s.get("type").and_then(Value::as_str) {
            Some("string") => self.string(s, name),
            Some("integer") => Ok(json!(integer(s))),
            Some("number") => Ok(json!(number(s))),
            Some("boolean") => Ok(json!(true)),
            Some("array") => {
                let item = s.get("items").cloned().unwrap_or_else(|| json!({}));
                let count = s
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(1)
                    .max(1);
                let unique = s.get("uniqueItems").and_then(Value::as_bool) == Some(true);
                let mut out = Vec::new();
                for i in 0..count {
                    let seed = if unique {
                        self.seed * 100 + i
                    } else {
                        self.seed
                    };
                    out.push(
                        Sampler {
                            raw: self.raw,
                            seed,
                        }
                        .value(&item, name, depth + 1)?,
                    );
                }
                Ok(Value::Array(out))
            }
            Some("object") | None if is_object(s) => self.object(s, name, depth),
            // `{}`: any JSON value.
            None => Ok(json!({ "key": "value" })),
            Some(other) => Err(format!("`{name}`: no sample for type `{other}`")),
        }
    }

    fn object(&self, s: &Value, name: &str, depth: usize) -> Result<Value, String> {
        let required: Vec<&str> = s
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        if let Some(props) = s.get("properties").and_then(Value::as_object) {
            for (prop, schema) in props {
                let required = required.contains(&prop.as_str());
                if !required && depth >= OPTIONAL_DEPTH {
                    continue;
                }
                let value = self.value(schema, prop, depth + 1)?;
                // typify leaves out an empty optional map, so a sample must not have one.
                if !required && value == json!({}) && is_map(resolve(self.raw, schema)) {
                    continue;
                }
                out.insert(prop.clone(), value);
            }
        }
        if out.is_empty() && depth < OPTIONAL_DEPTH {
            match s.get("additionalProperties") {
                Some(Value::Object(extra)) => {
                    out.insert(
                        "key".into(),
                        self.value(&Value::Object(extra.clone()), name, depth + 1)?,
                    );
                }
                Some(Value::Bool(true)) | None
                    if !s.get("properties").is_some_and(Value::is_object) =>
                {
                    out.insert("key".into(), json!("value"));
                }
                _ => {}
            }
        }
        Ok(Value::Object(out))
    }

    fn string(&self, s: &Value, name: &str) -> Result<Value, String> {
        let seed = self.seed;
        let text = match s.get("format").and_then(Value::as_str) {
            Some("uuid") => uuid(name, seed),
            Some("date-time") => format!("2024-01-{:02}T03:04:05Z", 1 + seed % 28),
            Some("date") => format!("2024-01-{:02}", 1 + seed % 28),
            Some("email") => format!("user{seed}@example.com"),
            Some("uri" | "url") => format!("https://example.com/{}/{seed}", slug(name)),
            Some("byte") => "dXNlcmFwaQ==".to_string(),
            _ => format!("{}-{seed}", slug(name)),
        };
        let text = fit_length(s, text);
        match s.get("pattern").and_then(Value::as_str) {
            None => Ok(json!(text)),
            Some(pattern) => {
                let re = regress::Regex::new(pattern)
                    .map_err(|e| format!("`{name}`: pattern `{pattern}`: {e}"))?;
                let candidates = [text.as_str(), "1h", "1s", "a", "A", "0", "a1", "abc"];
                candidates
                    .iter()
                    .find(|c| re.find(c).is_some())
                    .map(|c| json!(c))
                    .ok_or_else(|| {
                        format!("`{name}`: no sample matches the pattern `{pattern}`; give the schema an `example`")
                    })
            }
        }
    }
}

/// The spec's `example` for item `seed` of a listing: the first item has it as written; later
/// ones get their own UUIDs, emails (`ada+2@example.com`) and dates, since a page repeating
/// the one before is an error to the paging code. Other values stay as written.
fn vary(example: &Value, seed: u64) -> Value {
    if seed <= 1 {
        return example.clone();
    }
    match example {
        Value::String(text) => Value::String(vary_text(text, seed)),
        Value::Array(items) => items.iter().map(|v| vary(v, seed)).collect(),
        Value::Object(o) => o.iter().map(|(k, v)| (k.clone(), vary(v, seed))).collect(),
        other => other.clone(),
    }
}

fn vary_text(text: &str, seed: u64) -> String {
    if is_uuid(text) {
        return uuid(text, seed);
    }
    if let Some((local, domain)) = text.split_once('@')
        && !local.is_empty()
        && domain.contains('.')
        && !text.contains(char::is_whitespace)
    {
        return format!("{local}+{seed}@{domain}");
    }
    // `YYYY-MM-DD`, alone or starting a date-time: another day of the same month.
    let bytes = text.as_bytes();
    let date = bytes.len() >= 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| bytes[i].is_ascii_digit());
    let parts = (text.get(..8), text.get(8..10), text.get(10..));
    match (date, parts) {
        (true, (Some(month), Some(day), Some(rest))) => {
            let day = day.parse::<u64>().unwrap_or(1);
            let day = (day.saturating_sub(1) + seed - 1) % 28 + 1;
            format!("{month}{day:02}{rest}")
        }
        _ => text.to_string(),
    }
}

fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// A version-4 UUID that looks like a real one, the same for the same `key` and `seed`.
fn uuid(key: &str, seed: u64) -> String {
    // FNV-1a over the key, then two rounds of a 64-bit mix (splitmix64) for 128 bits.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes().chain(seed.to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let (hi, lo) = (mix(h), mix(h ^ 0x9e37_79b9_7f4a_7c15));
    let hi = (hi & 0xffff_ffff_ffff_0fff) | 0x4000; // version 4
    let lo = (lo & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000; // RFC 4122 variant
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

fn is_object(s: &Value) -> bool {
    s.get("properties").is_some()
        || s.get("additionalProperties").is_some()
        || s.get("type").and_then(Value::as_str) == Some("object")
}

/// A schema typify makes a map of (no named properties).
fn is_map(s: &Value) -> bool {
    s.get("properties")
        .is_none_or(|p| p.as_object().is_some_and(|o| o.is_empty()))
        && (s.get("additionalProperties").is_some()
            || s.get("type").and_then(Value::as_str) == Some("object"))
}

fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() { "value".into() } else { s }
}

fn fit_length(s: &Value, mut text: String) -> String {
    let min = s.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = s
        .get("maxLength")
        .and_then(Value::as_u64)
        .map(|m| m as usize);
    while text.len() < min {
        text.push('x');
    }
    if let Some(max) = max {
        text.truncate(max.max(min));
    }
    text
}

fn integer(s: &Value) -> i64 {
    let min = s.get("minimum").and_then(Value::as_f64);
    let max = s.get("maximum").and_then(Value::as_f64);
    let mut v = 1.0_f64.max(min.unwrap_or(1.0));
    if s.get("exclusiveMinimum").and_then(Value::as_bool) == Some(true) && min == Some(v) {
        v += 1.0;
    }
    if let Some(max) = max {
        v = v.min(max);
    }
    v.ceil() as i64
}

fn number(s: &Value) -> f64 {
    let min = s.get("minimum").and_then(Value::as_f64).unwrap_or(1.5);
    let v = min.max(1.5);
    s.get("maximum")
        .and_then(Value::as_f64)
        .map_or(v, |m| v.min(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_follow_the_schema() {
        let raw = json!({ "components": { "schemas": {
            "Thing": { "type": "object", "required": ["id"], "properties": {
                "id": { "type": "string", "format": "uuid" },
                "state": { "type": "string", "enum": ["active", "inactive"] },
                "ttl": { "type": "string", "pattern": "^[0-9]+(s|h)$" },
                "size": { "type": "integer", "minimum": 5 },
                "tags": { "type": "array", "items": { "type": "string" } },
                "extra": { "type": "object", "additionalProperties": { "type": "integer" } }
            } }
        } } });
        let got = sample(
            &raw,
            &json!({ "$ref": "#/components/schemas/Thing" }),
            "thing",
            7,
        );
        assert_eq!(
            got,
            Ok(json!({
                "id": uuid("id", 7),
                "state": "active",
                "ttl": "1h",
                "size": 5,
                "tags": ["tags-7"],
                "extra": { "key": 1 }
            }))
        );
    }

    #[test]
    fn examples_come_first_and_vary_per_item_where_a_listing_needs_it() {
        let person = json!({ "type": "object", "properties": {
            "id": { "type": "string", "format": "uuid",
                    "example": "6c1d4a0e-3a55-4b5e-9d0e-2f3a4b5c6d7e" },
            "name": { "type": "string", "example": "Ada Lovelace" },
            "email": { "type": "string", "example": "ada@example.com" },
            "joined": { "type": "string", "format": "date-time",
                        "example": "2024-03-27T09:30:00Z" },
            "state": { "type": "string", "example": "active" }
        } });
        let first = sample(&json!({}), &person, "person", 1);
        assert_eq!(
            first,
            Ok(json!({
                "id": "6c1d4a0e-3a55-4b5e-9d0e-2f3a4b5c6d7e",
                "name": "Ada Lovelace",
                "email": "ada@example.com",
                "joined": "2024-03-27T09:30:00Z",
                "state": "active"
            }))
        );
        let third = sample(&json!({}), &person, "person", 3);
        let third = third.unwrap_or_default();
        assert_eq!(third["name"], "Ada Lovelace");
        assert_eq!(third["state"], "active");
        assert_eq!(third["email"], "ada+3@example.com");
        assert_eq!(third["joined"], "2024-03-01T09:30:00Z");
        let id = third["id"].as_str().unwrap_or_default();
        assert!(
            is_uuid(id) && id != "6c1d4a0e-3a55-4b5e-9d0e-2f3a4b5c6d7e",
            "{id}"
        );
    }

    #[test]
    fn uuids_are_version_4_and_distinct_per_key_and_seed() {
        let ids = [uuid("id", 1), uuid("id", 2), uuid("user_id", 1)];
        for id in &ids {
            assert!(is_uuid(id), "{id}");
            assert_eq!(&id[14..15], "4", "{id}");
            assert!("89ab".contains(&id[19..20]), "{id}");
        }
        assert!(ids[0] != ids[1] && ids[0] != ids[2] && ids[1] != ids[2]);
        assert_eq!(uuid("id", 1), ids[0], "the same every run");
    }

    #[test]
    fn an_unmatchable_pattern_asks_for_an_example() {
        let got = sample(
            &json!({}),
            &json!({ "type": "string", "pattern": "^zz+$" }),
            "p",
            1,
        );
        assert!(got.is_err_and(|e| e.contains("give the schema an `example`")));
    }
}
