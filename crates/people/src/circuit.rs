//! Circuit: users through `userapi_circuit`, lookup only.
//!
//! Find: `get_user_by_email_address` (404: nobody). The users API changes nothing about a
//! user, so an offboarding plan lists the people found and says it cannot offboard them.

use userapi_circuit::Client;
use userapi_circuit::types;

use crate::person::dedup_emails;
use crate::{Email, OffboardOptions, PeopleError, Person, Plan, Provider, Record, State};

const PROVIDER: Provider = Provider::Circuit;

pub(crate) async fn find(c: &Client, email: &Email) -> Result<Vec<Person>, PeopleError> {
    let user = match c
        .get_user_by_email_address()
        .email_address(email.as_str())
        .send()
        .await
    {
        Ok(answer) => answer.into_inner(),
        Err(e) if e.is_not_found() => return Ok(Vec::new()),
        Err(e) => return Err(PeopleError::call(PROVIDER, e)),
    };
    Ok(person(user)
        .filter(|p| p.emails.iter().any(|e| email.matches(e)))
        .into_iter()
        .collect())
}

pub(crate) async fn plan(
    c: &Client,
    email: &Email,
    _opts: &OffboardOptions,
) -> Result<Plan, PeopleError> {
    let targets = find(c, email).await?;
    let mut plan = Plan::new(PROVIDER, targets);
    plan.cannot.push(
        "Circuit cannot offboard: its users API has no operation that deactivates, signs out \
         or deletes a user; do it in Circuit's administration"
            .to_string(),
    );
    Ok(plan)
}

/// The neutral person of a user; `None` without a user id.
fn person(user: types::User) -> Option<Person> {
    let id = user.user_id.clone()?;
    let emails = user
        .email_address
        .iter()
        .chain(user.secondary_email_address.iter())
        .cloned()
        .chain(
            user.email_addresses
                .iter()
                .filter_map(|a| a.address.clone()),
        );
    let state = match user.user_state.as_deref() {
        Some(s) if s.eq_ignore_ascii_case("active") => State::Active,
        Some(s) if s.eq_ignore_ascii_case("inactive") || s.eq_ignore_ascii_case("suspended") => {
            State::Inactive
        }
        Some(s) if s.eq_ignore_ascii_case("deleted") => State::Deleted,
        _ => State::Unknown,
    };
    let display_name = user.display_name.clone().or_else(|| {
        let name = [user.first_name.as_deref(), user.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        (!name.is_empty()).then_some(name)
    });
    Some(Person {
        provider: PROVIDER,
        id,
        emails: dedup_emails(emails),
        display_name,
        state,
        created: None,
        updated: None,
        record: Record::Circuit(Box::new(user)),
    })
}
