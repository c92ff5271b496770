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
    /// Whether sending it again after it may have reached the server changes nothing more: by
    /// default from the method (GET, HEAD, PUT, DELETE, OPTIONS), or as the spec says with
    /// `x-userapi-idempotent` (a POST that only searches). Retries after a failure that the
    /// server did not ask for are limited to these.
    pub idempotent: bool,
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
        idempotent: true,
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
}
