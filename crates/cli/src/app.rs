//! The `clap` command tree: global flags, then one subcommand per provider and per operation,
//! built from the generated catalog (names, help and examples come from the specs).

use crate::catalog::{self, Operation, Provider};
use crate::output;
use clap::{Arg, ArgAction, Command};

/// `userapi`'s whole command tree.
pub fn command() -> Command {
    let mut cmd = Command::new("userapi")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Every operation of five user and identity APIs, one command away")
        .long_about(
            "Every operation of five user and identity APIs, one command away: \
             `userapi <provider> <operation> [--param value]...` prints the answer: on a terminal \
             a listing as a table and anything else as YAML, JSON when piped (--output). \
             `--mock` answers from an embedded server, so every command works with no account.",
        )
        .after_help(AFTER_HELP)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(global_flags());
    for provider in catalog::providers() {
        cmd = cmd.subcommand(provider_command(provider));
    }
    cmd.subcommand(crate::people::command()).subcommand(
        Command::new("config")
            .about("The profile file: `userapi config show` prints its profiles, secrets as their source")
            .subcommand_required(true)
            .subcommand(Command::new("show").about(
                "Prints the profile file's path and profiles (only --profile's, if given); \
                 a secret shows as its source, never its value",
            )),
    )
    .subcommand(
        Command::new("man")
            .about("Writes the man pages of userapi and of every command (userapi.1, userapi-kratos.1, ...) to DIR")
            .arg(
                Arg::new("dir")
                    .value_name("DIR")
                    .default_value(".")
                    .value_parser(clap::value_parser!(std::path::PathBuf)),
            ),
    )
    .subcommand(
        Command::new("completions")
            .about("Prints a shell completion script (bash, zsh, fish, elvish, powershell)")
            .arg(
                Arg::new("shell")
                    .required(true)
                    .value_parser(clap::value_parser!(clap_complete::Shell)),
            ),
    )
}

const AFTER_HELP: &str = "\
Credentials and settings come from flags or from USERAPI_<PROVIDER>_<NAME> environment variables
(USERAPI_KRATOS_BASE_URL, USERAPI_PINGONE_TOKEN, USERAPI_PURECLOUD_CLIENT_ID, ...); prefer the
environment for secrets, which are never printed. Under both, a profile (--profile NAME,
USERAPI_PROFILE, or `default`) from the profile file (USERAPI_CONFIG, else
$XDG_CONFIG_HOME/userapi/config.toml): see `userapi config show`.

Exit codes: 0 done, 1 the command line failed, 2 usage error, 3 the API answered 4xx,
4 the API answered 5xx, 5 no answer (connection, timeout, TLS), 6 an answer that could not be used,
7 `people`: some providers or steps failed (the rows say which).

Example: userapi --mock kratos list-identities --all";

fn global_flags() -> Vec<Arg> {
    let value = |name: &'static str,
                 value_name: &'static str,
                 heading: &'static str,
                 help: &'static str| {
        Arg::new(name)
            .long(name)
            .value_name(value_name)
            .help(help)
            .help_heading(heading)
            .global(true)
            .action(ArgAction::Set)
    };
    let switch = |name: &'static str, heading: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .help(help)
            .help_heading(heading)
            .global(true)
            .action(ArgAction::SetTrue)
    };
    const CONN: &str = "Connection";
    const CREDS: &str = "Credentials (secrets are never printed)";
    const OUT: &str = "Output";
    vec![
        value(
            "base-url",
            "URL",
            CONN,
            "The API's base URL [env USERAPI_<PROVIDER>_BASE_URL]",
        ),
        value(
            "region",
            "REGION",
            CONN,
            "PingOne: com, eu, asia, ca; PureCloud: its domain (mypurecloud.de, ...); Circuit: sandbox, production [env ..._REGION]",
        ),
        value(
            "retries",
            "N",
            CONN,
            "Retries after the first attempt on 429, 5xx and connection errors (0: none) [env ..._RETRIES]",
        ),
        value(
            "timeout",
            "DURATION",
            CONN,
            "Limit for the whole call, retries included, e.g. 30s [env ..._TIMEOUT]",
        ),
        value(
            "attempt-timeout",
            "DURATION",
            CONN,
            "Limit for each attempt, e.g. 5s [env ..._ATTEMPT_TIMEOUT]",
        ),
        value(
            "connect-timeout",
            "DURATION",
            CONN,
            "Limit for each connection, e.g. 2s [env ..._CONNECT_TIMEOUT]",
        ),
        value(
            "max-response-bytes",
            "BYTES",
            CONN,
            "Refuse answers larger than this (default 32 MiB) [env ..._MAX_RESPONSE_BYTES]",
        ),
        value(
            "profile",
            "NAME",
            CONN,
            "The profile of the profile file to use, under flags and environment [env USERAPI_PROFILE]",
        ),
        switch(
            "mock",
            CONN,
            "Answer from an embedded mock server with canned answers from the spec (no account, no network)",
        ),
        value(
            "token",
            "TOKEN",
            CREDS,
            "A bearer access token (PingOne, PureCloud, Circuit) [env ..._TOKEN]",
        ),
        value(
            "api-key",
            "KEY",
            CREDS,
            "Kratos: an API key, sent as a bearer token [env USERAPI_KRATOS_API_KEY]",
        ),
        value(
            "user",
            "USER",
            CREDS,
            "SendAuth: the HTTP basic user [env USERAPI_SENDAUTH_USER]",
        ),
        value(
            "password",
            "PASSWORD",
            CREDS,
            "SendAuth: the HTTP basic password [env USERAPI_SENDAUTH_PASSWORD]",
        ),
        value(
            "oauth-client-id",
            "ID",
            CREDS,
            "OAuth2 client credentials: the client id [env ..._CLIENT_ID]",
        ),
        value(
            "oauth-client-secret",
            "SECRET",
            CREDS,
            "OAuth2 client credentials: the secret [env ..._CLIENT_SECRET]",
        ),
        value(
            "oauth-environment-id",
            "ID",
            CREDS,
            "PingOne: the worker app's environment [env USERAPI_PINGONE_ENVIRONMENT_ID]",
        ),
        value(
            "oauth-token-url",
            "URL",
            CREDS,
            "OAuth2: the token endpoint, if not the region's (PingOne: then no environment needed) [env ..._TOKEN_URL]",
        ),
        switch(
            "jsonl",
            OUT,
            "One JSON value per line: each item of a list (or of every page with --all); as --output jsonl",
        )
        .conflicts_with("output"),
        value(
            "output",
            "FORMAT",
            OUT,
            "json, jsonl, yaml or table [default on a terminal: a listing as a table, anything else as yaml; piped: json]",
        )
        .short('o')
        .value_parser(output::Format::NAMES),
        value(
            "columns",
            "FIELDS",
            OUT,
            "The table's columns, comma-separated item fields (id,traits.email) [default: the operation's]",
        ),
        value(
            "query",
            "EXPR",
            OUT,
            "A jq expression applied to the answer (with --all, to each item as it arrives)",
        ),
        switch("quiet", OUT, "No progress line on stderr for --all").short('q'),
        switch("pretty", OUT, "Indented JSON (the default on a terminal)")
            .conflicts_with_all(["compact", "jsonl"]),
        switch("compact", OUT, "JSON on one line (the default when piped)").conflicts_with("jsonl"),
        Arg::new("verbose")
            .short('v')
            .long("verbose")
            .help("Trace each call on stderr (method, URL, status, attempts, time; no secrets)")
            .help_heading(OUT)
            .global(true)
            .action(ArgAction::SetTrue),
    ]
}

fn provider_command(provider: &'static Provider) -> Command {
    let mut cmd = Command::new(provider.name)
        .about(provider.title)
        .subcommand_required(true)
        .arg_required_else_help(true);
    for op in provider.operations {
        cmd = cmd.subcommand(operation_command(provider, op));
    }
    cmd
}

fn operation_command(provider: &Provider, op: &'static Operation) -> Command {
    let about = if op.summary.is_empty() {
        first_sentence(op.description)
    } else {
        op.summary
    };
    let mut long = String::new();
    for part in [op.summary, op.description] {
        if !part.is_empty() && !long.contains(part) {
            long.push_str(part);
            long.push_str("\n\n");
        }
    }
    long.push_str(&format!("{} {}", op.method, op.path));
    let mut cmd = Command::new(op.name)
        .about(about)
        .long_about(long)
        .after_help(format!(
            "Example: userapi {}",
            op.example.replace("{provider}", provider.name)
        ));
    for p in op.params {
        let mut help = p.help.to_string();
        if help.is_empty() {
            help = format!("The {} parameter `{}`", location(p.location), p.wire);
        }
        if p.many {
            help.push_str(" (repeat the flag for each value)");
        }
        cmd = cmd.arg(
            Arg::new(p.flag)
                .long(p.flag)
                .help(help)
                .required(p.required)
                .action(if p.many {
                    ArgAction::Append
                } else {
                    ArgAction::Set
                }),
        );
    }
    if let Some(body) = &op.body {
        let mut help = format!(
            "The request body: a JSON file, or - for standard input ({})",
            body.type_name
        );
        if !body.help.is_empty() {
            help = format!("{} — {help}", body.help);
        }
        cmd = cmd.arg(
            Arg::new("body")
                .long("body")
                .value_name("FILE|-")
                .help(help)
                .required(body.required),
        );
    }
    if op.paged() {
        cmd = cmd.arg(
            Arg::new("all")
                .long("all")
                .help("Stream the items of every page (fetched as they are printed)")
                .action(ArgAction::SetTrue),
        );
    }
    cmd
}

fn location(l: catalog::Location) -> &'static str {
    match l {
        catalog::Location::Path => "path",
        catalog::Location::Query => "query",
        catalog::Location::Header => "header",
    }
}

fn first_sentence(text: &'static str) -> &'static str {
    text.split_inclusive(". ").next().unwrap_or(text).trim()
}
