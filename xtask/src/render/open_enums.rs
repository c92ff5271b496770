//! Open enums: one `userapi_runtime::open_enum!` invocation per named string enum.

use crate::model::type_name;
use crate::rewrite::is_string_enum;
use heck::ToPascalCase;
use serde_json::Value;

/// Names of the component schemas that are string enums, sorted.
pub fn enum_schemas(raw: &Value) -> Vec<String> {
    let mut names: Vec<String> = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter(|(_, s)| is_string_enum(s))
                .map(|(n, _)| n.clone())
                .collect()
        })
        .unwrap_or_default();
    names.sort_by_key(|n| (type_name(n), n.clone()));
    names
}

pub fn render(raw: &Value, names: &[String]) -> String {
    let mut out = String::from(
        "//! String enums that keep values this client does not know: see `userapi_runtime::open_enum!`.\n",
    );
    for name in names {
        out.push('\n');
        let Some(schema) = raw.pointer(&format!(
            "/components/schemas{}",
            crate::diag::pointer([name.as_str()])
        )) else {
            continue;
        };
        let description = schema
            .get("description")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| format!("The `{name}` values of the API."));
        out.push_str("userapi_runtime::open_enum! {\n");
        for line in description.lines() {
            out.push_str(&format!(
                "    ///{}{}\n",
                if line.is_empty() { "" } else { " " },
                line.trim_end()
            ));
        }
        out.push_str(&format!("    pub enum {} {{\n", type_name(name)));
        let values: Vec<&str> = schema
            .get("enum")
            .and_then(Value::as_array)
            .map(|v| v.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (variant, value) in variants(&values) {
            out.push_str(&format!("        /// `{}`\n", value.replace('`', "'")));
            out.push_str(&format!("        {variant} = {},\n", super::lit(value)));
        }
        out.push_str("    }\n}\n");
    }
    out
}

/// Rust variant names for enum values: PascalCase, made valid and unique.
fn variants<'a>(values: &[&'a str]) -> Vec<(String, &'a str)> {
    let mut used: Vec<String> = vec!["Unknown".to_string()];
    let mut out = Vec::new();
    for value in values {
        let mut base = value
            .replace(|c: char| !(c.is_alphanumeric() || c == '_'), "-")
            .to_pascal_case();
        if base.is_empty() {
            base = "Empty".to_string();
        }
        if base.starts_with(|c: char| c.is_ascii_digit()) || base == "Self" {
            base = format!("V{base}");
        }
        let mut name = base.clone();
        let mut n = 2;
        while used.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        used.push(name.clone());
        out.push((name, *value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::variants;

    #[test]
    fn variant_names_are_valid_and_unique() {
        let got = variants(&[
            "ASC",
            "asc",
            "v0.6_legacy_session",
            "2fa",
            "",
            "unknown",
            "Self",
        ]);
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "Asc",
                "Asc2",
                "V06LegacySession",
                "V2fa",
                "Empty",
                "Unknown2",
                "VSelf"
            ]
        );
    }
}
