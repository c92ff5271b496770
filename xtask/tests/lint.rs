//! A malformed spec gets one message per problem naming the file and the spot, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::Path;

const GOOD_OP: &str = "responses: { '200': { description: ok } }";

fn errors(text: &str) -> String {
    match xtask::prepare(Path::new("specs/broken.yaml"), text) {
        Ok(_) => "no error".to_string(),
        Err(problems) => problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

fn spec(paths: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n{paths}")
}

#[test]
fn malformed_specs_are_reported_with_file_and_pointer() {
    let cases = [
        (
            "yaml syntax",
            "openapi: 3.0.3\ninfo: [unclosed\n".to_string(),
        ),
        (
            "openapi 3.1",
            "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\n".to_string(),
        ),
        ("not openapi", "swagger: '2.0'\n".to_string()),
        (
            "wrong type",
            spec("  /a:\n    get:\n      operationId: a\n      responses: [1, 2]\n"),
        ),
        (
            "missing operationId",
            spec(&format!("  /a:\n    get: {{ {GOOD_OP} }}\n")),
        ),
        (
            "duplicate operationId",
            spec(&format!(
                "  /a:\n    get: {{ operationId: a, {GOOD_OP} }}\n  /b:\n    get: {{ operationId: a, {GOOD_OP} }}\n"
            )),
        ),
        (
            "snake-case collision",
            spec(&format!(
                "  /a:\n    get: {{ operationId: getUser, {GOOD_OP} }}\n  /b:\n    get: {{ operationId: get_user, {GOOD_OP} }}\n"
            )),
        ),
        (
            "cookie and deepObject parameters",
            spec(&format!(
                "  /a:\n    get:\n      operationId: a\n      parameters:\n        - {{ name: s, in: cookie, schema: {{ type: string }} }}\n        - {{ name: f, in: query, style: deepObject, schema: {{ type: object }} }}\n      {GOOD_OP}\n"
            )),
        ),
        (
            "explode false",
            spec(&format!(
                "  /a:\n    get:\n      operationId: a\n      parameters:\n        - {{ name: ids, in: query, explode: false, schema: {{ type: array, items: {{ type: string }} }} }}\n      {GOOD_OP}\n"
            )),
        ),
        (
            "two success bodies",
            spec(
                "  /a:\n    post:\n      operationId: a\n      responses:\n        '200': { description: x, content: { application/json: { schema: { type: string } } } }\n        '201': { description: y, content: { application/json: { schema: { type: integer } } } }\n",
            ),
        ),
        (
            "external reference",
            spec(
                "  /a:\n    get:\n      operationId: a\n      responses:\n        '200': { $ref: 'other.yaml#/responses/ok' }\n",
            ),
        ),
    ];
    let report: String = cases
        .iter()
        .map(|(what, text)| format!("## {what}\n{}\n", errors(text)))
        .collect();
    for (what, text) in &cases {
        let e = errors(text);
        assert!(e.starts_with("error: specs/broken.yaml"), "{what}: {e}");
        assert_ne!(e, "no error", "{what}");
    }
    insta::assert_snapshot!(report);
}

#[test]
fn every_real_spec_passes_the_lint() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for provider in xtask::providers(&root).unwrap() {
        let rel = format!("specs/{provider}.yaml");
        let text = std::fs::read_to_string(root.join(&rel)).unwrap();
        if let Err(problems) = xtask::prepare(Path::new(&rel), &text) {
            panic!("{rel}: {problems:?}");
        }
    }
}
