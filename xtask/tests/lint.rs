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
        for line in e.lines() {
            let rest = line.strip_prefix("error: specs/broken.yaml:").unwrap_or("");
            let mut parts = rest.splitn(3, ':');
            let numbers = parts
                .next()
                .and_then(|l| l.parse::<usize>().ok())
                .zip(parts.next().and_then(|c| c.parse::<usize>().ok()));
            assert!(numbers.is_some(), "{what}: no file:line:col: {line}");
        }
        assert_ne!(e, "no error", "{what}");
    }
    insta::assert_snapshot!(report);
}

#[test]
fn operation_ids_named_like_the_environment_constructors_are_refused() {
    for id in ["fromEnv", "from_env_with"] {
        let e = errors(&spec(&format!(
            "  /a:\n    get: {{ operationId: {id}, {GOOD_OP} }}\n"
        )));
        assert!(e.contains("a method the client already has"), "{id}: {e}");
    }
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

/// The broken variants of `specs/kratos.yaml` from issue 12, each caught before progenitor runs,
/// at the spot that is wrong, with file, line and column.
#[test]
fn the_issue_corpus_is_caught_at_the_right_spot() {
    use serde_json::json;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("specs/kratos.yaml")).unwrap();
    let file = Path::new("specs/kratos.yaml");
    let spec = xtask::spec::read_yaml(file, &text).unwrap();
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = spec.clone();
        f(&mut v);
        serde_yaml::to_string(&v).unwrap()
    };
    let id_op = "/paths/~1admin~1identities~1{id}/get";
    let cases: Vec<(&str, String, String)> = vec![
        (
            "allOf self-reference",
            edit(&|v| {
                v["components"]["schemas"]["identity"]["allOf"] =
                    json!([{ "$ref": "#/components/schemas/identity" }])
            }),
            "/components/schemas/identity/allOf/0/$ref".into(),
        ),
        (
            "oneOf self-reference",
            edit(&|v| {
                v["components"]["schemas"]["identity"]["oneOf"] =
                    json!([{ "$ref": "#/components/schemas/identity" }])
            }),
            "/components/schemas/identity/oneOf/0/$ref".into(),
        ),
        (
            "Loop: {$ref: Loop}",
            edit(&|v| {
                v["components"]["schemas"]["Loop"] = json!({ "$ref": "#/components/schemas/Loop" })
            }),
            "/components/schemas/Loop/$ref".into(),
        ),
        (
            "operationId new",
            edit(&|v| v.pointer_mut(id_op).unwrap()["operationId"] = json!("new")),
            format!("{id_op}/operationId"),
        ),
        (
            "declared path parameter missing from the path",
            edit(&|v| {
                let paths = v["paths"].as_object_mut().unwrap();
                let item = paths.remove("/admin/identities/{id}").unwrap();
                paths.insert("/admin/identities/x".into(), item);
            }),
            "/paths/~1admin~1identities~1x/parameters/0".into(),
        ),
        (
            "/a/{id}/{id}",
            edit(&|v| {
                let paths = v["paths"].as_object_mut().unwrap();
                let item = paths.remove("/admin/identities/{id}").unwrap();
                paths.insert("/admin/identities/{id}/{id}".into(), item);
            }),
            "/paths/~1admin~1identities~1{id}~1{id}".into(),
        ),
        (
            "properties self and Self",
            edit(&|v| {
                let props = &mut v["components"]["schemas"]["identity"]["properties"];
                props["self"] = json!({ "type": "string" });
                props["Self"] = json!({ "type": "string" });
            }),
            "/components/schemas/identity/properties/".into(),
        ),
        (
            "dangling $ref in an operation",
            edit(&|v| {
                v.pointer_mut(id_op).unwrap()["responses"]["200"]["content"]["application/json"]["schema"] =
                    json!({ "$ref": "#/components/schemas/identityy" })
            }),
            format!("{id_op}/responses/200/content/application~1json/schema/$ref"),
        ),
        (
            "dangling $ref in a response",
            edit(&|v| {
                v.pointer_mut(id_op).unwrap()["responses"]["404"] =
                    json!({ "$ref": "#/components/responses/notFound" })
            }),
            format!("{id_op}/responses/404/$ref"),
        ),
        (
            "dangling $ref in a schema",
            edit(&|v| {
                v["components"]["schemas"]["session"]["properties"]["identity"] =
                    json!({ "$ref": "#/components/schemas/nobody" })
            }),
            "/components/schemas/session/properties/identity/$ref".into(),
        ),
        (
            "type: strng",
            edit(&|v| {
                v["components"]["schemas"]["identity"]["properties"]["id"]["type"] = json!("strng")
            }),
            "/components/schemas/identity/properties/id/type".into(),
        ),
        (
            "invalid pattern",
            edit(&|v| {
                v["components"]["schemas"]["identity"]["properties"]["id"]["pattern"] = json!("([")
            }),
            "/components/schemas/identity/properties/id/pattern".into(),
        ),
        (
            "duplicate YAML key",
            text.replacen(
                "  /admin/identities:\n",
                "  /admin/identities:\n    summary: a\n    summary: b\n",
                1,
            ),
            "/paths/~1admin~1identities/summary".into(),
        ),
    ];
    for (what, mutant, pointer) in &cases {
        let problems = match xtask::prepare(file, mutant) {
            Ok(_) => panic!("{what}: accepted"),
            Err(p) => p,
        };
        let hit = problems
            .iter()
            .find(|d| d.pointer.starts_with(pointer.as_str()));
        let Some(d) = hit else {
            panic!("{what}: nothing at {pointer}: {problems:#?}")
        };
        let (line, col) = d
            .location
            .unwrap_or_else(|| panic!("{what}: no line:col: {d}"));
        assert!(line > 1 && col > 0, "{what}: {d}");
        assert!(
            d.to_string()
                .starts_with(&format!("error: specs/kratos.yaml:{line}:{col}: at /")),
            "{what}: {d}"
        );
    }
    // A BOM and CRLF line ends are accepted as they are.
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    assert!(xtask::prepare(file, &crlf).is_ok());
}
