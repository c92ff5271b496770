//! PureCloud: users through `userapi_purecloud`.
//!
//! Find: `search_users` with one `EXACT` criterion on `email` (filtered again here). List:
//! `get_users`. Deactivate: `patch_user` with `state: inactive` and the `version` the plan
//! read (PureCloud requires the current version, so a user changed since the plan is refused
//! rather than overwritten); the 2016-10 description marks `state` read-only, so the answer is
//! checked and a user still active is [`PeopleError::NotApplied`]. Delete: `delete_user`. No
//! session or passkey operation exists. Whether the search returns inactive users is not
//! documented: if it does not, planning again after a deactivation finds nobody.

use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use userapi_purecloud::Client;
use userapi_purecloud::types;

use crate::outcome::{done, gone_or_error};
use crate::person::dedup_emails;
use crate::{
    Action, Done, Email, OffboardOptions, PeopleError, Person, Plan, Provider, Record, State, Step,
};

const PROVIDER: Provider = Provider::PureCloud;

fn call_error<E>(e: userapi_runtime::Error<E>) -> PeopleError {
    PeopleError::call(PROVIDER, e)
}

fn invalid(what: &'static str) -> PeopleError {
    PeopleError::Invalid {
        provider: PROVIDER,
        what,
    }
}

pub(crate) async fn find(c: &Client, email: &Email) -> Result<Vec<Person>, PeopleError> {
    let criterion: types::UserSearchCriteria = types::UserSearchCriteria::builder()
        .type_("EXACT")
        .fields(vec!["email".to_string()])
        .value(Some(email.as_str().to_string()))
        .try_into()
        .map_err(|_| invalid("the search criterion could not be built"))?;
    let request: types::UserSearchRequest = types::UserSearchRequest::builder()
        .query(vec![criterion])
        .try_into()
        .map_err(|_| invalid("the search request could not be built"))?;
    c.search_users()
        .body(request)
        .stream()
        .map_err(call_error)
        .try_filter_map(|u| std::future::ready(Ok(person(u))))
        .try_filter(|p| std::future::ready(p.emails.iter().any(|e| email.matches(e))))
        .try_collect()
        .await
}

pub(crate) fn list(c: &Client) -> BoxStream<'_, Result<Person, PeopleError>> {
    c.get_users()
        .stream()
        .map_err(call_error)
        .try_filter_map(|u| std::future::ready(Ok(person(u))))
        .boxed()
}

pub(crate) async fn plan(
    c: &Client,
    email: &Email,
    opts: &OffboardOptions,
) -> Result<Plan, PeopleError> {
    let targets = find(c, email).await?;
    let mut plan = Plan::new(PROVIDER, Vec::new());
    if !targets.is_empty() {
        plan.cannot.push(
            "sessions cannot be revoked: the users API has no session or token operation"
                .to_string(),
        );
    }
    for target in &targets {
        let id = target.id.as_str();
        let version = match &target.record {
            Record::PureCloud(user) => Some(i64::from(user.version)),
            #[allow(unreachable_patterns)]
            _ => None,
        };
        let mut deactivate = Step::new(PROVIDER, "patch_user", id, Action::Deactivate);
        deactivate.version = version;
        plan.add(
            deactivate,
            matches!(target.state, State::Inactive | State::Deleted),
        );
        if opts.delete {
            plan.add(
                Step::new(PROVIDER, "delete_user", id, Action::Delete),
                target.state == State::Deleted,
            );
        }
    }
    plan.targets = targets;
    Ok(plan)
}

pub(crate) async fn run(c: &Client, step: &Step) -> Result<Done, PeopleError> {
    let id = step.target_id.as_str();
    match step.action {
        Action::Deactivate => {
            let version = step
                .version
                .and_then(|v| i32::try_from(v).ok())
                .ok_or(invalid("a deactivate step needs the user's version"))?;
            let body: types::User = types::User::builder()
                .state(Some("inactive".into()))
                .version(version)
                .try_into()
                .map_err(|_| invalid("the user patch could not be built"))?;
            match c.patch_user().user_id(id).body(body).send().await {
                // The 2016-10 description marks `User.state` read-only, while today's API takes
                // it in a patch: whichever the server is, its answer says what it did.
                Ok(v) if v.state.as_ref().is_some_and(|s| s.as_str() == "inactive") => {
                    Ok(done(PROVIDER, v.status().as_u16(), v.headers()))
                }
                Ok(_) => Err(PeopleError::NotApplied {
                    provider: PROVIDER,
                    what: "the patched user is not inactive (the server may not take `state` in a patch)",
                }),
                Err(e) => gone_or_error(PROVIDER, e),
            }
        }
        Action::Delete => match c.delete_user().user_id(id).send().await {
            Ok(v) => Ok(done(PROVIDER, v.status().as_u16(), v.headers())),
            Err(e) => gone_or_error(PROVIDER, e),
        },
        _ => Err(PeopleError::Unsupported {
            provider: PROVIDER,
            what: if step.action == Action::RevokeSessions {
                "revoke sessions"
            } else {
                "remove passkeys"
            },
        }),
    }
}

/// The neutral person of a user; `None` for a user without an id (nothing could be done with
/// it).
fn person(user: types::User) -> Option<Person> {
    let id = user.id.clone()?;
    let emails = user.email.iter().cloned().chain(
        user.addresses
            .iter()
            .chain(user.primary_contact_info.iter())
            .filter_map(|c| c.address.clone())
            .filter(|a| a.contains('@')),
    );
    let state = match user.state.as_ref().map(|s| s.as_str()) {
        Some("active") => State::Active,
        Some("inactive") => State::Inactive,
        Some("deleted") => State::Deleted,
        _ => State::Unknown,
    };
    Some(Person {
        provider: PROVIDER,
        id,
        emails: dedup_emails(emails),
        display_name: user.name.clone(),
        state,
        created: None,
        updated: None,
        record: Record::PureCloud(Box::new(user)),
    })
}
