//! Kratos: identities through `userapi_kratos`.
//!
//! Find: `list_identities` with `credentials_identifier` (an exact match on a credential
//! identifier in every version; an older server that ignored it would list everyone, so the
//! answer is filtered again here). Deactivate: `patch_identity` replacing `/state` with
//! `inactive`. Revoke: `delete_identity_sessions`, planned only when `list_identity_sessions`
//! shows an active session. Passkeys: `delete_identity_credentials` of type `webauthn`; the
//! `passkey` type (v1.2+) is refused by every server (only totp, webauthn, lookup_secret and
//! oidc can be removed), so the plan says so instead. Delete: `delete_identity`.

use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use userapi_kratos::Client;
use userapi_kratos::types;

use crate::outcome::{done, gone_or_error, rfc3339};
use crate::person::dedup_emails;
use crate::{
    Action, Done, Email, OffboardOptions, PeopleError, Person, Plan, Provider, Record, State, Step,
};

const PROVIDER: Provider = Provider::Kratos;

fn call_error<E>(e: userapi_runtime::Error<E>) -> PeopleError {
    PeopleError::call(PROVIDER, e)
}

pub(crate) async fn find(c: &Client, email: &Email) -> Result<Vec<Person>, PeopleError> {
    c.list_identities()
        .credentials_identifier(email.as_str())
        .stream()
        .map_err(call_error)
        .map_ok(person)
        .try_filter(|p| std::future::ready(p.emails.iter().any(|e| email.matches(e))))
        .try_collect()
        .await
}

pub(crate) fn list(c: &Client) -> BoxStream<'_, Result<Person, PeopleError>> {
    c.list_identities()
        .stream()
        .map_err(call_error)
        .map_ok(person)
        .boxed()
}

pub(crate) async fn plan(
    c: &Client,
    email: &Email,
    opts: &OffboardOptions,
) -> Result<Plan, PeopleError> {
    let targets = find(c, email).await?;
    let mut plan = Plan::new(PROVIDER, Vec::new());
    for target in &targets {
        let id = target.id.as_str();
        plan.add(
            Step::new(PROVIDER, "patch_identity", id, Action::Deactivate),
            target.state == State::Inactive,
        );
        plan.add(
            Step::new(
                PROVIDER,
                "delete_identity_sessions",
                id,
                Action::RevokeSessions,
            ),
            !has_active_session(c, id).await?,
        );
        let credentials = match &target.record {
            Record::Kratos(identity) => Some(&identity.credentials),
            #[allow(unreachable_patterns)]
            _ => None,
        };
        let has = |kind: &str| credentials.is_some_and(|m| m.contains_key(kind));
        plan.add(
            Step::new(
                PROVIDER,
                "delete_identity_credentials",
                id,
                Action::RemovePasskeys,
            ),
            !has("webauthn"),
        );
        if has("passkey") {
            plan.cannot.push(format!(
                "identity {}: its passkey credential cannot be removed (Kratos refuses \
                 delete_identity_credentials for type passkey); deactivation stops its use",
                crate::text::clean(id, 64)
            ));
        }
        if opts.delete {
            plan.add(
                Step::new(PROVIDER, "delete_identity", id, Action::Delete),
                false,
            );
        }
    }
    plan.targets = targets;
    Ok(plan)
}

/// Whether the identity has an active session (one is enough: a page of one).
async fn has_active_session(c: &Client, id: &str) -> Result<bool, PeopleError> {
    let one = std::num::NonZeroU64::MIN;
    match c
        .list_identity_sessions()
        .id(id)
        .active(true)
        .per_page(one)
        .send()
        .await
    {
        Ok(page) => Ok(!page.into_inner().is_empty()),
        // The identity is gone (deleted since it was found): nothing to revoke.
        Err(e) if e.is_not_found() => Ok(false),
        Err(e) => Err(call_error(e)),
    }
}

pub(crate) async fn run(c: &Client, step: &Step) -> Result<Done, PeopleError> {
    let id = step.target_id.as_str();
    macro_rules! answer {
        ($call:expr) => {
            match $call.await {
                Ok(v) => Ok(done(PROVIDER, v.status().as_u16(), v.headers())),
                Err(e) => gone_or_error(PROVIDER, e),
            }
        };
    }
    match step.action {
        Action::Deactivate => {
            let patch: types::JsonPatch = types::JsonPatch::builder()
                .op("replace")
                .path("/state")
                .value(Some(serde_json::Value::from("inactive")))
                .try_into()
                .map_err(|_| PeopleError::Invalid {
                    provider: PROVIDER,
                    what: "the state patch could not be built",
                })?;
            match c.patch_identity().id(id).body(vec![patch]).send().await {
                // An older server could take the patch and keep the state: check the answer.
                Ok(v) if v.state.as_ref().is_some_and(|s| s.as_str() == "inactive") => {
                    Ok(done(PROVIDER, v.status().as_u16(), v.headers()))
                }
                Ok(_) => Err(PeopleError::NotApplied {
                    provider: PROVIDER,
                    what: "the patched identity is not inactive",
                }),
                Err(e) => gone_or_error(PROVIDER, e),
            }
        }
        Action::RevokeSessions => answer!(c.delete_identity_sessions().id(id).send()),
        Action::RemovePasskeys => answer!(
            c.delete_identity_credentials()
                .id(id)
                .type_("webauthn")
                .send()
        ),
        Action::Delete => answer!(c.delete_identity().id(id).send()),
    }
}

/// The neutral person of an identity.
fn person(identity: types::Identity) -> Person {
    let traits = &identity.traits.0;
    let mut emails: Vec<String> = Vec::new();
    if let Some(e) = traits.get("email").and_then(|v| v.as_str()) {
        emails.push(e.to_string());
    }
    emails.extend(
        identity
            .verifiable_addresses
            .iter()
            .filter(|a| a.via.as_str() == "email")
            .map(|a| a.value.clone()),
    );
    emails.extend(identity.recovery_addresses.iter().map(|a| a.value.clone()));
    emails.extend(
        identity
            .credentials
            .values()
            .flat_map(|c| c.identifiers.iter())
            .filter(|i| i.contains('@'))
            .cloned(),
    );
    let state = match identity.state.as_ref().map(|s| s.as_str()) {
        Some("active") => State::Active,
        Some("inactive") => State::Inactive,
        _ => State::Unknown,
    };
    Person {
        provider: PROVIDER,
        id: identity.id.to_string(),
        emails: dedup_emails(emails),
        display_name: display_name(traits),
        state,
        created: identity.created_at.as_ref().map(rfc3339),
        updated: identity.updated_at.as_ref().map(rfc3339),
        record: Record::Kratos(Box::new(identity)),
    }
}

/// `name` as text, or `name.first` and `name.last` (Kratos' example schemas), or `username`.
fn display_name(traits: &serde_json::Value) -> Option<String> {
    let name = traits.get("name");
    if let Some(n) = name.and_then(|n| n.as_str()) {
        return Some(n.to_string());
    }
    let part = |k: &str| name.and_then(|n| n.get(k)).and_then(|v| v.as_str());
    let full = [part("first"), part("last")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if !full.is_empty() {
        return Some(full);
    }
    traits
        .get("username")
        .and_then(|v| v.as_str())
        .map(str::to_string)
}
