//! SendAuth: users through `userapi_sendauth`.
//!
//! Find: `list_users` and `list_deleted_users` filtered by `q` (a free-text search, so the
//! answer is matched exactly here); soft-deleted users are [`State::Inactive`]: they can be
//! restored. Deactivate: `delete_user` (the soft delete). Passkeys: `remove_user_passkey`,
//! before the soft delete (the user's own path may no longer answer after it). Delete:
//! `destroy_user`, which only takes a soft-deleted user, so it comes after the soft delete. No
//! session operation exists.

use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use userapi_sendauth::Client;
use userapi_sendauth::types;

use crate::outcome::{done, gone_or_error, rfc3339};
use crate::person::dedup_emails;
use crate::{
    Action, Done, Email, OffboardOptions, PeopleError, Person, Plan, Provider, Record, State, Step,
};

const PROVIDER: Provider = Provider::SendAuth;

fn call_error<E>(e: userapi_runtime::Error<E>) -> PeopleError {
    PeopleError::call(PROVIDER, e)
}

pub(crate) async fn find(c: &Client, email: &Email) -> Result<Vec<Person>, PeopleError> {
    let matches = |p: &Person| std::future::ready(p.emails.iter().any(|e| email.matches(e)));
    let mut found: Vec<Person> = c
        .list_users()
        .q(email.as_str())
        .stream()
        .map_err(call_error)
        .try_filter_map(|u| std::future::ready(Ok(person(u, State::Active))))
        .try_filter(matches)
        .try_collect()
        .await?;
    let deleted: Vec<Person> = c
        .list_deleted_users()
        .q(email.as_str())
        .stream()
        .map_err(call_error)
        .try_filter_map(|u| std::future::ready(Ok(person(u, State::Inactive))))
        .try_filter(matches)
        .try_collect()
        .await?;
    found.extend(deleted);
    Ok(found)
}

pub(crate) fn list(c: &Client) -> BoxStream<'_, Result<Person, PeopleError>> {
    let active = c
        .list_users()
        .stream()
        .map_err(call_error)
        .try_filter_map(|u| std::future::ready(Ok(person(u, State::Active))));
    // Soft-deleted users after the others: they still exist, and a diff must see them as
    // inactive rather than absent.
    let deleted = c
        .list_deleted_users()
        .stream()
        .map_err(call_error)
        .try_filter_map(|u| std::future::ready(Ok(person(u, State::Inactive))));
    active.chain(deleted).boxed()
}

pub(crate) async fn plan(
    c: &Client,
    email: &Email,
    opts: &OffboardOptions,
) -> Result<Plan, PeopleError> {
    let targets = find(c, email).await?;
    let mut plan = Plan::new(PROVIDER, Vec::new());
    if !targets.is_empty() {
        plan.cannot
            .push("sessions cannot be revoked: the users API has no session operation".to_string());
    }
    for target in &targets {
        let id = target.id.as_str();
        let has_passkeys = match &target.record {
            Record::SendAuth(user) => user.has_passkeys,
            #[allow(unreachable_patterns)]
            _ => None,
        };
        // Unknown counts as "may have": removing none answers 404, which is done.
        plan.add(
            Step::new(PROVIDER, "remove_user_passkey", id, Action::RemovePasskeys),
            has_passkeys == Some(false),
        );
        plan.add(
            Step::new(PROVIDER, "delete_user", id, Action::Deactivate),
            target.state == State::Inactive,
        );
        if opts.delete {
            plan.add(
                Step::new(PROVIDER, "destroy_user", id, Action::Delete),
                false,
            );
        }
    }
    plan.targets = targets;
    Ok(plan)
}

pub(crate) async fn run(c: &Client, step: &Step) -> Result<Done, PeopleError> {
    let id: uuid::Uuid = step.target_id.parse().map_err(|_| PeopleError::Invalid {
        provider: PROVIDER,
        what: "a SendAuth user id is a UUID",
    })?;
    macro_rules! answer {
        ($call:expr) => {
            match $call.await {
                Ok(v) => Ok(done(PROVIDER, v.status().as_u16(), v.headers())),
                Err(e) => gone_or_error(PROVIDER, e),
            }
        };
    }
    match step.action {
        Action::RemovePasskeys => answer!(c.remove_user_passkey().user_id(id).send()),
        Action::Deactivate => answer!(c.delete_user().user_id(id).send()),
        Action::Delete => answer!(c.destroy_user().user_id(id).send()),
        _ => Err(PeopleError::Unsupported {
            provider: PROVIDER,
            what: "revoke sessions",
        }),
    }
}

/// The neutral person of a user (`state` from the listing it came from); `None` without an id.
fn person(user: types::User, state: State) -> Option<Person> {
    let id = user.id?.to_string();
    let name = format!("{} {}", user.first_name.as_str(), user.last_name.as_str());
    let name = name.trim();
    Some(Person {
        provider: PROVIDER,
        id,
        emails: dedup_emails(user.email.iter().map(|e| e.to_string())),
        display_name: (!name.is_empty()).then(|| name.to_string()),
        state,
        created: user.created_at.as_ref().map(rfc3339),
        updated: None,
        record: Record::SendAuth(Box::new(user)),
    })
}
