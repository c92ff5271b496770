//! Offboarding as a plan of single calls: look first, then change.

use std::fmt;

use crate::text::clean;
use crate::{Person, Provider};

/// What an offboarding plan should do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OffboardOptions {
    /// Also delete the person for good (off by default: deactivation can be undone).
    pub delete: bool,
}

impl OffboardOptions {
    /// The default: deactivate, revoke sessions and remove passkeys where the provider can.
    pub fn new() -> Self {
        Self::default()
    }

    /// With or without deletion.
    pub fn delete(mut self, delete: bool) -> Self {
        self.delete = delete;
        self
    }
}

/// One change to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Action {
    /// Stop sign-in, reversibly.
    Deactivate,
    /// End every session.
    RevokeSessions,
    /// Remove passkeys / WebAuthn credentials.
    RemovePasskeys,
    /// Delete for good.
    Delete,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Deactivate => "deactivate",
            Action::RevokeSessions => "revoke sessions",
            Action::RemovePasskeys => "remove passkeys",
            Action::Delete => "delete",
        })
    }
}

/// One call that changes one person at one provider.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Step {
    /// The provider.
    pub provider: Provider,
    /// The generated builder the step calls (e.g. `patch_identity`).
    pub operation: &'static str,
    /// The person's id at the provider.
    pub target_id: String,
    /// What the step does.
    pub action: Action,
    /// The record version the step was planned against, where the provider locks on one
    /// (PureCloud's `version`): the provider refuses the change if the record moved on since.
    pub version: Option<i64>,
}

impl Step {
    pub(crate) fn new(
        provider: Provider,
        operation: &'static str,
        target_id: &str,
        action: Action,
    ) -> Step {
        Step {
            provider,
            operation,
            target_id: target_id.to_string(),
            action,
            version: None,
        }
    }
}

impl fmt::Display for Step {
    /// `kratos: deactivate 9f1c… (patch_identity)`; the id is server text, escaped and bounded.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} {} ({})",
            self.provider,
            self.action,
            clean(&self.target_id, 128),
            self.operation
        )
    }
}

/// What offboarding one email at one provider takes, read from the provider's current state.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Plan {
    /// The provider.
    pub provider: Provider,
    /// The people the email matched.
    pub targets: Vec<Person>,
    /// The calls left to make, in order.
    pub steps: Vec<Step>,
    /// What cannot be done here and why (e.g. Circuit has no operation that changes a user).
    pub cannot: Vec<String>,
    /// Steps that would be planned but are already done (an identity already inactive).
    pub already_done: Vec<Step>,
}

impl Plan {
    pub(crate) fn new(provider: Provider, targets: Vec<Person>) -> Plan {
        Plan {
            provider,
            targets,
            steps: Vec::new(),
            cannot: Vec::new(),
            already_done: Vec::new(),
        }
    }

    /// Puts `step` in `steps`, or in `already_done` when `done`.
    pub(crate) fn add(&mut self, step: Step, done: bool) {
        if done {
            self.already_done.push(step);
        } else {
            self.steps.push(step);
        }
    }

    /// Whether nothing is left to do (nothing may also be possible: see `cannot`).
    pub fn is_done(&self) -> bool {
        self.steps.is_empty()
    }
}

impl fmt::Display for Plan {
    /// One line per step, then one per thing that cannot be done.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} matching, {} steps, {} already done",
            self.provider,
            self.targets.len(),
            self.steps.len(),
            self.already_done.len()
        )?;
        for step in &self.steps {
            write!(f, "\n  {step}")?;
        }
        for why in &self.cannot {
            write!(f, "\n  cannot: {why}")?;
        }
        Ok(())
    }
}

/// A step's call went through (a 404 on a revoke, passkey removal or delete also counts: the
/// target was already gone).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Done {
    /// The provider's request id from the answer's headers (at most 128 characters, control
    /// characters removed), for support tickets.
    pub request_id: Option<String>,
    /// The answer's status.
    pub status: u16,
    /// The target was already gone (404).
    pub gone: bool,
}
