//! Every paging style (`x-userapi-pagination`) has a fixture spec; its generated `.pages()` and
//! `.stream()` are snapshotted, and a paged operation whose declared names do not exist is
//! refused with file:line:col.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::{Path, PathBuf};
use xtask::paging::STYLES;

fn fixture(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    (PathBuf::from(format!("fixtures/{name}.yaml")), text)
}

#[test]
fn each_style_generates_pages_and_stream_to_a_snapshot() {
    for style in STYLES {
        let name = format!("paging-{style}");
        let (file, text) = fixture(&name);
        let p = xtask::prepare(&file, &text).unwrap_or_else(|d| panic!("{name}: {d:?}"));
        let client = xtask::client(&file, &p).unwrap_or_else(|d| panic!("{name}: {d:?}"));
        let paging = xtask::paging_code(&file, &p, &client.model)
            .unwrap_or_else(|d| panic!("{name}: {d:?}"));
        assert!(paging.contains("pub fn stream("), "{name}: {paging}");
        assert!(paging.contains("pub fn pages("), "{name}: {paging}");
        insta::assert_snapshot!(name, paging);
    }
}

#[test]
fn undeclared_names_are_refused_where_they_are_written() {
    let (file, text) = fixture("paging-undeclared");
    let Err(problems) = xtask::prepare(&file, &text) else {
        panic!("a spec paging through names it does not declare was accepted");
    };
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let expect = [
        "fixtures/paging-undeclared.yaml:9:9: at /paths/~1things/get/x-userapi-pagination/items: the success body has no array property `entries`",
        "fixtures/paging-undeclared.yaml:10:9: at /paths/~1things/get/x-userapi-pagination/page: the operation has no integer query parameter `pageNo`",
        "fixtures/paging-undeclared.yaml:12:9: at /paths/~1things/get/x-userapi-pagination/count: the success body has no integer property `pages`",
        "fixtures/paging-undeclared.yaml:22:60: at /paths/~1others/get/x-userapi-pagination/cursor/0: the operation has no query parameter `cursor`",
        "fixtures/paging-undeclared.yaml:30:31: at /paths/~1more/get/x-userapi-pagination/style: `style` must be one of link-header, page-number, page-total, body-search",
    ];
    for e in expect {
        assert!(
            lines.iter().any(|l| l.contains(e)),
            "missing {e:?} in:\n{}",
            lines.join("\n")
        );
    }
    assert_eq!(lines.len(), expect.len(), "{}", lines.join("\n"));
}
