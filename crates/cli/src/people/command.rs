//! The `userapi people` command tree: `find`, `offboard` and `diff`, across providers.

use clap::{Arg, ArgAction, Command};

/// The providers `userapi people` works with: those whose API holds user records.
pub const PROVIDERS: &str = "kratos, purecloud, sendauth, circuit";

/// `userapi people ...`.
pub fn command() -> Command {
    Command::new("people")
        .about("One person across providers: find them, offboard them, diff two directories")
        .long_about(
            "One person across every configured provider (kratos, purecloud, sendauth, \
             circuit): a provider is configured when its settings resolve as for its own \
             commands (flags, USERAPI_<PROVIDER>_* variables, the profile); --mock serves all \
             four from shared fixtures. --base-url and --region name one provider's address, \
             so they need --providers with one provider.",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("find")
                .about("Every account with EMAIL, one row per account found or per provider that failed")
                .arg(email())
                .arg(providers())
                .after_help("Example: userapi --mock people find ada@example.com"),
        )
        .subcommand(
            Command::new("offboard")
                .about("Deactivates EMAIL's accounts, ends their sessions and removes their passkeys, after showing the plan")
                .long_about(
                    "Plans, per provider, the calls that offboard EMAIL (deactivate, revoke \
                     sessions, remove passkeys; delete with --delete) and what the provider \
                     cannot do; asks for confirmation (--yes skips it; without a terminal on \
                     stdin --yes is needed); runs each step, going on past a provider that \
                     fails; appends one line per step to the audit log; ends with a summary. \
                     Steps already done are planned out, so running it again finishes what is \
                     left.",
                )
                .arg(email())
                .arg(providers())
                .arg(
                    Arg::new("yes")
                        .long("yes")
                        .short('y')
                        .help("Run the plan without asking")
                        .action(ArgAction::SetTrue),
                )
                .arg(
                    Arg::new("dry-run")
                        .long("dry-run")
                        .help("Print the plan and stop (only lookups are sent)")
                        .action(ArgAction::SetTrue)
                        .conflicts_with("yes"),
                )
                .arg(
                    Arg::new("delete")
                        .long("delete")
                        .help("Also delete the accounts for good, where the provider can")
                        .action(ArgAction::SetTrue),
                )
                .arg(
                    Arg::new("audit-log")
                        .long("audit-log")
                        .value_name("FILE")
                        .help("The JSON-lines audit log to append to [env USERAPI_AUDIT_LOG; default <data dir>/userapi/audit.jsonl]")
                        .value_parser(clap::value_parser!(std::path::PathBuf)),
                )
                .after_help("Example: userapi --mock people offboard ada@example.com --dry-run"),
        )
        .subcommand(
            Command::new("diff")
                .about("People present and active in one provider and missing or inactive in another")
                .arg(
                    Arg::new("from")
                        .long("from")
                        .value_name("PROVIDER")
                        .required(true)
                        .help(format!("The provider whose people are listed ({PROVIDERS}, not circuit: it cannot list)")),
                )
                .arg(
                    Arg::new("against")
                        .long("against")
                        .value_name("PROVIDER")
                        .required(true)
                        .help(format!("The provider each of them is looked for in ({PROVIDERS})")),
                )
                .after_help("Example: userapi --mock people diff --from kratos --against purecloud"),
        )
}

fn email() -> Arg {
    Arg::new("email")
        .value_name("EMAIL")
        .required(true)
        .help("The email address (compared trimmed and in lower case; a +tag is part of it)")
}

fn providers() -> Arg {
    Arg::new("providers")
        .long("providers")
        .value_name("LIST")
        .value_delimiter(',')
        .action(ArgAction::Append)
        .help(format!(
            "Only these providers, comma-separated ({PROVIDERS}) [default: every configured one]"
        ))
}
