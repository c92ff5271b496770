//! `userapi people`: one person across the providers that hold user records (through the
//! `userapi-people` library): `find`, `offboard` (plan, confirmation, steps, audit log,
//! summary) and `diff`. Rows go to stdout in the usual formats (`output/`); the plan before a
//! run, prompts and the summary go to stderr.

mod audit;
mod command;
mod diff;
mod directories;
mod find;
mod offboard;
mod rows;

pub use command::command;

use crate::failure::Failure;
use crate::output::{Output, Settings, Terminals};
use clap::ArgMatches;
use directories::Directories;
use std::io::{IsTerminal as _, Write};
use userapi_people::{Email, OffboardOptions, Support};

/// Runs `userapi people <m's subcommand>`.
pub fn run(
    m: &ArgMatches,
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut dyn Write,
    terminal: bool,
) -> Result<(), Failure> {
    let (name, m) = m
        .subcommand()
        .ok_or_else(|| Failure::usage("name a people command: find, offboard or diff"))?;
    let columns: &[&str] = match name {
        "find" => &rows::PERSON,
        "offboard" if m.get_flag("dry-run") => &offboard::PLAN,
        "offboard" => &offboard::RESULTS,
        "diff" => &diff::COLUMNS,
        other => return Err(Failure::unknown_operation(other)),
    };
    let terminals = Terminals {
        stdout: terminal,
        stderr: std::io::stderr().is_terminal(),
    };
    let settings = Settings::for_rows(m, columns, terminals, env)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::internal(format!("cannot start the async runtime: {e}")))?;
    let mut output = Output::new(settings, out);
    match name {
        "find" => {
            let email = email(m)?;
            let dirs = directories::resolve(m, directories::named(m)?.as_deref(), env)?;
            runtime.block_on(async {
                let (rows, failure) = find::find(&dirs.list, &email).await;
                if failure.is_none() {
                    output.drop_column("error");
                }
                output
                    .rows(futures_util::stream::iter(rows.into_iter().map(Ok)))
                    .await?;
                failure.map_or(Ok(()), Err)
            })
        }
        "offboard" => {
            let email = email(m)?;
            let dirs = directories::resolve(m, directories::named(m)?.as_deref(), env)?;
            runtime.block_on(offboard(m, env, &dirs, &email, &mut output))
        }
        _ => {
            let from = directories::provider(required(m, "from")?)?;
            let against = directories::provider(required(m, "against")?)?;
            if from == against {
                return Err(Failure::usage(
                    "--from and --against name the same provider",
                ));
            }
            // Both sides are listed in full: a provider that cannot list fails before any call.
            for p in [from, against] {
                if let Support::No { why } = p.capabilities().list {
                    return Err(Failure::usage(format!(
                        "{p} cannot list its people ({why}): diff lists both sides"
                    )));
                }
            }
            let dirs = directories::resolve(m, Some(&[from, against]), env)?;
            let [from, against] = &dirs.list[..] else {
                return Err(Failure::internal("diff needs two directories"));
            };
            runtime.block_on(async { output.rows(diff::gaps(from, against).await).await })
        }
    }
}

async fn offboard(
    m: &ArgMatches,
    env: &dyn Fn(&str) -> Option<String>,
    dirs: &Directories,
    email: &Email,
    output: &mut Output<'_>,
) -> Result<(), Failure> {
    let options = OffboardOptions::new().delete(m.get_flag("delete"));
    let plans = offboard::plan(&dirs.list, email, &options).await;
    let plan_rows = offboard::plan_rows(&plans);
    let unplanned = plans.iter().filter(|(_, p)| p.is_err()).count();
    let steps: usize = plans
        .iter()
        .filter_map(|(_, p)| p.as_ref().ok())
        .map(|p| p.steps.len())
        .sum();
    let planning_failed = || {
        (unplanned > 0).then(|| {
            Failure::partial(format!(
                "the lookup of {unplanned} provider(s) failed (see the plan)"
            ))
        })
    };
    if m.get_flag("dry-run") {
        output
            .rows(futures_util::stream::iter(plan_rows.into_iter().map(Ok)))
            .await?;
        return planning_failed().map_or(Ok(()), Err);
    }
    let columns: Vec<String> = offboard::PLAN.iter().map(|c| c.to_string()).collect();
    eprint!(
        "{}",
        crate::output::table_text(&plan_rows, &columns, output.width())
    );
    let path = audit::AuditLog::path(
        m.get_one::<std::path::PathBuf>("audit-log")
            .map(|p| p.as_path()),
        env,
    )?;
    let already: usize = plans
        .iter()
        .filter_map(|(_, p)| p.as_ref().ok())
        .map(|p| p.already_done.len())
        .sum();
    // Nobody to offboard, or only lookups that failed: nothing to ask, run or log.
    if steps + already == 0 {
        eprintln!("userapi: offboard: nothing to do");
        return planning_failed().map_or(Ok(()), Err);
    }
    if steps > 0 {
        offboard::confirm(m.get_flag("yes"), steps)?;
    }
    let mut log = audit::AuditLog::open(&path)?;
    let run = offboard::run(&dirs.list, &plans, &mut log).await?;
    output
        .rows(futures_util::stream::iter(run.rows.into_iter().map(Ok)))
        .await?;
    eprintln!(
        "userapi: offboard: {} done, {} failed, {} left for the next run, {} already done; \
         audit log {}",
        run.done,
        run.failed,
        run.left,
        run.already,
        log.location().display()
    );
    if run.failed > 0 {
        return Err(Failure::partial(format!(
            "{} step(s) failed: run the same command again to finish",
            run.failed
        )));
    }
    planning_failed().map_or(Ok(()), Err)
}

fn email(m: &ArgMatches) -> Result<Email, Failure> {
    let text = required(m, "email")?;
    Email::parse(text).map_err(|e| Failure::usage(format!("`{}`: {e}", text.trim())))
}

fn required<'m>(m: &'m ArgMatches, name: &str) -> Result<&'m str, Failure> {
    m.get_one::<String>(name)
        .map(String::as_str)
        .ok_or_else(|| Failure::usage(format!("{name} is required")))
}
