//! A listing as a table: one row per item, one column per field path (`traits.email`), each
//! value cut to one line so the table fits the width it is given.

use comfy_table::{ContentArrangement, Row, Table, presets};
use serde_json::Value;

/// The table of `items` with `columns` (dotted paths into each item; empty: the fields the
/// items have), no wider than `width` when one is given.
pub fn render(items: &[Value], columns: &[String], width: Option<u16>) -> String {
    let columns = if columns.is_empty() {
        fields_of(items)
    } else {
        columns.to_vec()
    };
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    let mut header = Row::from(columns.iter().map(|c| cell_text(c)).collect::<Vec<_>>());
    header.max_height(1);
    table.set_header(header);
    if let Some(width) = width {
        table.set_content_arrangement(ContentArrangement::Dynamic);
        table.set_width(width);
        table.set_truncation_indicator("…");
    }
    // Two spaces between columns and none before the first, as `kubectl get` prints.
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    for item in items {
        let mut row = Row::from(
            columns
                .iter()
                .map(|c| lookup(item, c).map_or_else(String::new, cell))
                .collect::<Vec<_>>(),
        );
        // A value wider than its column is cut, not wrapped: one item, one line.
        row.max_height(1);
        table.add_row(row);
    }
    let mut text = table
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect::<Vec<_>>();
    text.push(String::new());
    text.join("\n")
}

/// A two-column table of one object's fields (or of one value).
pub fn render_object(value: &Value, columns: &[String], width: Option<u16>) -> String {
    let fields: Vec<(String, Value)> = match value {
        Value::Object(map) if columns.is_empty() => {
            map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
        }
        Value::Object(_) => columns
            .iter()
            .map(|c| (c.clone(), lookup(value, c).cloned().unwrap_or(Value::Null)))
            .collect(),
        other => vec![("value".to_string(), other.clone())],
    };
    let rows: Vec<Value> = fields
        .into_iter()
        .map(|(field, value)| serde_json::json!({ "field": field, "value": value }))
        .collect();
    render(&rows, &["field".to_string(), "value".to_string()], width)
}

/// The columns of items that name none: the fields of the items in the order they first
/// appear, or `value` for items that are not objects.
fn fields_of(items: &[Value]) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    for item in items {
        match item {
            Value::Object(map) => {
                for key in map.keys() {
                    if !fields.contains(key) {
                        fields.push(key.clone());
                    }
                }
            }
            _ if !fields.iter().any(|f| f == "value") => fields.push("value".to_string()),
            _ => {}
        }
    }
    fields
}

/// The value at a dotted `path` of `item` (a number indexes an array); `value` is the item
/// itself when it is not an object.
pub fn lookup<'a>(item: &'a Value, path: &str) -> Option<&'a Value> {
    if !item.is_object() && path == "value" {
        return Some(item);
    }
    path.split('.').try_fold(item, |node, segment| match node {
        Value::Object(map) => map.get(segment),
        Value::Array(list) => list.get(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

/// A value as one cell: strings as they are, `null` empty, anything else as compact JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => cell_text(s),
        other => cell_text(&other.to_string()),
    }
}

/// Server text made inert on a terminal: control characters (escape sequences, line breaks,
/// C1 controls) are shown escaped instead of acting.
fn cell_text(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_paths_and_indexes_are_looked_up() {
        let item = json!({"traits": {"email": "ada@example.com"}, "tags": ["a", "b"]});
        assert_eq!(
            lookup(&item, "traits.email"),
            Some(&json!("ada@example.com"))
        );
        assert_eq!(lookup(&item, "tags.1"), Some(&json!("b")));
        assert_eq!(lookup(&item, "tags.x"), None);
        assert_eq!(lookup(&item, "traits.email.more"), None);
        assert_eq!(lookup(&json!(3), "value"), Some(&json!(3)));
    }

    #[test]
    fn escape_sequences_from_a_server_are_shown_not_run() {
        let items = [json!({"name": "\u{1b}[2J\u{9b}31m\nx"})];
        let text = render(&items, &[], None);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(text.contains(r"\u{1b}[2J\u{9b}31m\nx"), "{text}");
    }

    #[test]
    fn wide_values_are_cut_to_the_width() {
        let long = "x".repeat(300);
        let items = [
            json!({"id": "1", "note": long}),
            json!({"id": "2", "note": "short"}),
        ];
        let text = render(&items, &["id".into(), "note".into()], Some(40));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "a header and one line per item: {text}");
        // A header wider than its column is cut too.
        let header = render(&items, &["id".into(), "x".repeat(80)], Some(30));
        assert_eq!(header.lines().count(), 3, "{header}");
        assert!(lines.iter().all(|l| l.chars().count() <= 40), "{text}");
        assert!(lines[1].ends_with('…'), "{text}");
        // Without a width nothing is cut.
        assert!(render(&items, &["note".into()], None).contains(&"x".repeat(300)));
    }

    #[test]
    fn no_items_and_no_columns_print_nothing() {
        assert_eq!(render(&[], &[], Some(80)), "");
        // Named columns still head an empty listing.
        assert_eq!(render(&[], &["id".into()], None), "id\n");
    }

    #[test]
    fn items_without_columns_show_their_fields_in_order() {
        // Fields first seen in a later item come after those of the items before it.
        let items = [
            json!({"b": 1, "c": {"x": true}}),
            json!({"a": null}),
            json!(7),
        ];
        let header = render(&items, &[], None);
        let first = header.lines().next().unwrap();
        let names: Vec<&str> = first.split_whitespace().collect();
        assert_eq!(names, ["b", "c", "a", "value"]);
        assert!(header.contains(r#"{"x":true}"#), "{header}");
    }
}
