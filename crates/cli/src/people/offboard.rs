//! `userapi people offboard EMAIL`: the plan of every provider (lookups only), printed; a
//! confirmation; each step run in order, one audit line per step; a summary. A provider whose
//! step fails keeps its later steps for the next run (they may rely on it) and the others go
//! on. Planning reads the current state, so a second run plans only what is left.

use super::audit::{AuditLog, Outcome};
use crate::failure::Failure;
use futures_util::future::join_all;
use serde_json::{Value, json};
use std::io::BufRead as _;
use userapi_people::{Directory, Email, OffboardOptions, PeopleError, Plan, Provider, Step};

/// The plan's columns.
pub const PLAN: [&str; 5] = ["provider", "action", "operation", "target", "status"];

/// The results' columns.
pub const RESULTS: [&str; 6] = [
    "provider",
    "action",
    "operation",
    "target",
    "outcome",
    "request_id",
];

/// Every directory's plan, or why it could not be made, in the directories' order.
pub async fn plan(
    directories: &[Directory],
    email: &Email,
    options: &OffboardOptions,
) -> Vec<(Provider, Result<Plan, PeopleError>)> {
    let plans = join_all(directories.iter().map(|d| d.plan_offboard(email, options))).await;
    directories
        .iter()
        .map(Directory::provider)
        .zip(plans)
        .collect()
}

/// The plan as rows: each step to run, each already done, what each provider cannot do, and
/// each provider with no account or whose lookup failed.
pub fn plan_rows(plans: &[(Provider, Result<Plan, PeopleError>)]) -> Vec<Value> {
    let mut rows = Vec::new();
    for (provider, plan) in plans {
        let provider = provider.as_str();
        let plan = match plan {
            Ok(plan) => plan,
            Err(e) => {
                rows.push(json!({"provider": provider, "status": format!("failed: {e}")}));
                continue;
            }
        };
        if plan.targets.is_empty() {
            rows.push(json!({"provider": provider, "status": "no account"}));
        }
        for step in &plan.already_done {
            rows.push(step_row(step, "already done"));
        }
        for step in &plan.steps {
            rows.push(step_row(step, "to do"));
        }
        for why in &plan.cannot {
            rows.push(json!({"provider": provider, "status": format!("cannot: {why}")}));
        }
    }
    rows
}

fn step_row(step: &Step, status: &str) -> Value {
    json!({
        "provider": step.provider.as_str(),
        "action": step.action.to_string(),
        "operation": step.operation,
        "target": step.target_id,
        "status": status,
    })
}

/// Whether a run may go ahead: `--yes`, else a "yes" or "y" typed on the terminal on stdin.
/// Without a terminal on stdin nothing is asked and the run is refused.
pub fn confirm(yes: bool, steps: usize) -> Result<(), Failure> {
    use std::io::IsTerminal as _;
    if yes {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Failure::usage(
            "offboard asks for confirmation and stdin is not a terminal: nothing was run; \
             pass --yes to run the plan, or --dry-run to only print it",
        ));
    }
    eprint!("Run these {steps} steps? Type yes to go on: ");
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Failure::internal(format!("cannot read the answer: {e}")))?;
    match answer.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" => Ok(()),
        _ => Err(Failure::internal("not confirmed: nothing was run")),
    }
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Run {
    /// One row per step run or left.
    pub rows: Vec<Value>,
    pub done: usize,
    pub failed: usize,
    /// Steps left for the next run after a failure before them.
    pub left: usize,
    pub already: usize,
}

/// Runs the steps of every plan, provider after provider (so the audit log reads in plan
/// order), recording each in `log`: those already done first, then each step run.
pub async fn run(
    directories: &[Directory],
    plans: &[(Provider, Result<Plan, PeopleError>)],
    log: &mut AuditLog,
) -> Result<Run, Failure> {
    let mut out = Run::default();
    for (directory, (_, plan)) in directories.iter().zip(plans) {
        let Ok(plan) = plan else { continue };
        for step in &plan.already_done {
            log.record(
                step.provider.as_str(),
                step.operation,
                &step.target_id,
                None,
                &Outcome::AlreadyDone,
            )?;
            out.already += 1;
        }
        let mut stopped = false;
        for step in &plan.steps {
            if stopped {
                out.rows
                    .push(result_row(step, "not run: an earlier step failed", None));
                out.left += 1;
                continue;
            }
            let (outcome, request_id) = match directory.run(step).await {
                Ok(done) => (Outcome::Done, done.request_id),
                Err(e) => (Outcome::Failed(e.to_string()), request_id(&e)),
            };
            log.record(
                step.provider.as_str(),
                step.operation,
                &step.target_id,
                request_id.as_deref(),
                &outcome,
            )?;
            // As it happens, for whoever watches a long run (the rows come at the end).
            eprintln!("userapi: {step}: {}", outcome.text());
            if matches!(outcome, Outcome::Failed(_)) {
                stopped = true;
                out.failed += 1;
            } else {
                out.done += 1;
            }
            out.rows
                .push(result_row(step, &outcome.text(), request_id.as_deref()));
        }
    }
    Ok(out)
}

/// The request id of a failed call's answer, when one came.
fn request_id(error: &PeopleError) -> Option<String> {
    match error {
        PeopleError::Call { source, .. } => source.request_id(),
        _ => None,
    }
}

fn result_row(step: &Step, outcome: &str, request_id: Option<&str>) -> Value {
    json!({
        "provider": step.provider.as_str(),
        "action": step.action.to_string(),
        "operation": step.operation,
        "target": step.target_id,
        "outcome": outcome,
        "request_id": request_id,
    })
}
