//! The Rust names progenitor and typify derive from spec names, and the names the generated
//! client already uses, so that collisions are reported before any code is generated.

/// How a name is cased.
#[derive(Clone, Copy)]
pub enum Case {
    Snake,
    Pascal,
}

/// Rust keywords and reserved words: progenitor and typify append `_` to them.
pub const KEYWORDS: [&str; 53] = [
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "Self", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Methods the generated `Client` already has: progenitor's constructors and `ClientInfo` /
/// `ClientHooks` methods, `userapi_runtime::provider_client!`'s, and the constructors the
/// hand-written provider crates define. An operation with one of these names would not compile.
pub const CLIENT_METHODS: [&str; 24] = [
    "new",
    "new_with_client",
    "api_version",
    "baseurl",
    "client",
    "inner",
    "pre",
    "exec",
    "post",
    "with_credentials",
    "runtime_builder",
    "with_runtime",
    "with_http_client",
    "with_retry",
    "with_timeouts",
    "runtime",
    "unauthenticated",
    "with_api_key",
    "with_basic",
    "with_bearer",
    "with_client_credentials",
    "with_worker_app",
    "from_env",
    "from_env_with",
];

/// Names an operation builder already uses: its `client` field, its body setters and `send`.
pub const BUILDER_NAMES: [&str; 5] = ["client", "body", "body_map", "send", "stream"];

/// The identifier progenitor (and typify, which differs only in the prefix of names that start
/// with a digit) makes of a spec name.
pub fn sanitize(input: &str, case: Case) -> String {
    use heck::{ToPascalCase, ToSnakeCase};
    let cased = |s: &str| match case {
        Case::Snake => s.to_snake_case(),
        Case::Pascal => s.to_pascal_case(),
    };
    let out = match input {
        "+1" => "plus1".to_string(),
        "-1" => "minus1".to_string(),
        _ => cased(
            &input
                .replace('\'', "")
                .replace(|c: char| !(c.is_alphanumeric() || c == '_'), "-"),
        ),
    };
    let out = match out.chars().next() {
        None => cased("x"),
        Some(c) if c.is_alphabetic() || c == '_' => out,
        Some(_) => format!("_{out}"),
    };
    if KEYWORDS.contains(&out.as_str()) {
        format!("{out}_")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sanitised_like_progenitor() {
        assert_eq!(sanitize("getUser", Case::Snake), "get_user");
        assert_eq!(sanitize("self", Case::Snake), "self_");
        assert_eq!(sanitize("Self", Case::Snake), "self_");
        assert_eq!(sanitize("type", Case::Snake), "type_");
        assert_eq!(sanitize("2fa-verify", Case::Snake), "_2fa_verify");
        assert_eq!(sanitize("update-user", Case::Pascal), "UpdateUser");
    }
}
