//! What the runtime knows of each operation, from the generated operation table.

/// One operation of a provider's spec, as `cargo xtask generate` records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The Rust method name (progenitor's operation id).
    pub id: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template, e.g. `/admin/identities/{id}`.
    pub path: &'static str,
    /// The request media type the API wants when a spec rewrite changed what progenitor sends
    /// (`application/json-patch+json` generated as JSON); the runtime puts it back.
    pub content_type: Option<&'static str>,
    /// Whether the operation takes credentials (`false` where the spec says `security: []`).
    pub authenticated: bool,
    /// Every declared response key (`200`, `4XX`, `default`) and whether its body is JSON.
    pub responses: &'static [(&'static str, bool)],
    /// Success statuses the spec declares without a body, decoded with a typed sibling as one
    /// nullable type (the `bodiless-success-to-null` rewrite): their empty body reads as `null`.
    pub null_when_empty: &'static [&'static str],
}

impl Operation {
    /// Whether a response with `status` must carry a JSON body. An exact code wins over its
    /// range, and a range over `default`, as in OpenAPI.
    pub fn expects_json(&self, status: u16) -> bool {
        let code = status.to_string();
        let range = format!("{}XX", status / 100);
        [code.as_str(), range.as_str(), "default"]
            .iter()
            .find_map(|key| self.responses.iter().find(|(k, _)| k == key))
            .is_some_and(|(_, json)| *json)
    }

    /// Whether an empty body with `status` stands for JSON `null` (see `null_when_empty`).
    pub fn empty_is_null(&self, status: u16) -> bool {
        self.null_when_empty
            .iter()
            .any(|code| code.parse::<u16>() == Ok(status))
    }

    /// Checks that the request path is the template with every parameter filling exactly one
    /// non-empty segment. Dot segments are folded by the URL parser before the request reaches
    /// us, so `..` shows as a missing segment and `.` as an empty one.
    pub fn check_path(&self, base_path: &str, request_path: &str) -> Result<(), String> {
        let rest = request_path
            .strip_prefix(base_path.trim_end_matches('/'))
            .unwrap_or(request_path);
        // Segment by segment, without collecting: this runs on every call.
        let mut got = segments(rest);
        let mut want = segments(self.path);
        loop {
            match (got.next(), want.next()) {
                (None, None) => return Ok(()),
                (Some(g), Some(w)) if w.starts_with('{') => {
                    if g.is_empty() || g == "." || g == ".." {
                        return Err(self.refusal(w.to_string()));
                    }
                }
                (Some(g), Some(w)) if g == w => {}
                _ => {
                    let params: Vec<&str> = self
                        .path
                        .split('/')
                        .filter(|s| s.starts_with('{'))
                        .collect();
                    return Err(self.refusal(params.join(" or ")));
                }
            }
        }
    }

    fn refusal(&self, which: String) -> String {
        format!(
            "{}: path parameter {which} must not be empty, \".\" or \"..\" (it would change the request path)",
            self.id
        )
    }
}

/// The segments after the first `/` (what `split('/').skip(1)` gives), by a plain byte search.
fn segments(path: &str) -> Segments<'_> {
    Segments {
        rest: path.find('/').map(|at| &path[at + 1..]),
    }
}

struct Segments<'a> {
    rest: Option<&'a str>,
}

impl<'a> Iterator for Segments<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match rest.bytes().position(|b| b == b'/') {
            Some(at) => {
                self.rest = Some(&rest[at + 1..]);
                Some(&rest[..at])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Operation;

    const OP: Operation = Operation {
        id: "get_thing",
        method: "GET",
        path: "/things/{id}/parts/{part}",
        content_type: None,
        authenticated: true,
        responses: &[
            ("200", true),
            ("204", false),
            ("4XX", true),
            ("default", true),
        ],
        null_when_empty: &[],
    };

    #[test]
    fn exact_codes_and_ranges_expect_json() {
        assert!(OP.expects_json(200));
        assert!(OP.expects_json(404));
        assert!(!OP.expects_json(204));
        assert!(OP.expects_json(502));
        let no_default = Operation {
            responses: &[("200", true)],
            ..OP
        };
        assert!(!no_default.expects_json(502));
    }

    #[test]
    fn only_listed_statuses_read_an_empty_body_as_null() {
        let both = Operation {
            responses: &[("200", true), ("204", true)],
            null_when_empty: &["204"],
            ..OP
        };
        assert!(both.empty_is_null(204));
        assert!(!both.empty_is_null(200));
        assert!(!OP.empty_is_null(204));
    }

    #[test]
    fn segments_are_those_of_split() {
        for path in [
            "", "/", "//", "/a", "/a/", "a/b", "/a//b/", "no-slash", "/{x}/y",
        ] {
            let ours: Vec<&str> = super::segments(path).collect();
            let split: Vec<&str> = path.split('/').skip(1).collect();
            assert_eq!(ours, split, "{path:?}");
        }
    }

    #[test]
    fn path_segments_must_all_be_filled() {
        assert!(OP.check_path("/v1", "/v1/things/a%2Fb/parts/x").is_ok());
        assert!(OP.check_path("", "/things//parts/x").is_err());
        assert!(OP.check_path("", "/things/parts/x").is_err());
        assert!(OP.check_path("", "/things/a/parts/").is_err());
        assert!(OP.check_path("/", "/things/a/parts/b").is_ok());
    }
}
