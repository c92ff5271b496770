//! People across identity providers: one [`Person`] type over Ory Kratos, PureCloud, SendAuth
//! and Circuit, find by email, list, offboarding as a plan of single calls, and a streaming
//! diff of two directories. Built only from the generated clients' operations (each one named
//! below); hand-written and small.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use userapi_people::{Directory, Email, OffboardOptions};
//!
//! let kratos: Directory = userapi_kratos::Client::from_env()?.into();
//! let email = Email::parse(" Ada@Example.com ")?;
//! for person in kratos.find(&email).await? {
//!     println!("{} {} {}", person.provider, person.id, person.state);
//! }
//! let plan = kratos.plan_offboard(&email, &OffboardOptions::default()).await?;
//! println!("{plan}");
//! for step in &plan.steps {
//!     let done = kratos.run(step).await?; // one call; stop at the first error, plan again later
//!     println!("{step}: {} {:?}", done.status, done.request_id);
//! }
//! # Ok(()) }
//! ```
//!
//! # What each provider can do
//!
//! [`Provider::capabilities`] gives this table in code; each "yes" is the generated client
//! method the library calls.
//!
//! | provider | find by email | list | deactivate | revoke sessions | remove passkeys | delete |
//! |---|---|---|---|---|---|---|
//! | Kratos | `list_identities` with `credentials_identifier` | `list_identities` | `patch_identity` (JSON Patch `replace /state inactive`) | `delete_identity_sessions` | `delete_identity_credentials` type `webauthn` | `delete_identity` |
//! | PureCloud | `search_users` (`EXACT` on `email`) | `get_users` | `patch_user` (`state: inactive` with the `version` read) | no: the users API has no session or token operation | no: the users API has no passkey or credential operation | `delete_user` |
//! | SendAuth | `list_users` and `list_deleted_users` with `q` | `list_users`, then `list_deleted_users` | `delete_user` (the soft delete; `restore_user` undoes it) | no: the users API has no session operation | `remove_user_passkey` | `destroy_user` (of a soft-deleted user) |
//! | Circuit | `get_user_by_email_address` | no: only searches by name or id | no | no | no | no: the users API changes no user (only the caller's own presence) |
//! | PingOne | no | no | no | no | no | no: see below |
//!
//! Notes on the table:
//! - Kratos `credentials_identifier` matches credential identifiers (a password or code
//!   sign-in's email), exactly, in every version; an identity whose address is only in its
//!   traits (an OIDC-only account) is not found by it. Kratos refuses to delete `passkey`
//!   credentials (v1.2+; only totp, webauthn, lookup_secret and oidc can be removed), so a plan
//!   lists an identity's passkey under [`Plan::cannot`]: deactivation stops its use.
//! - Revoking sessions is planned only when `list_identity_sessions` shows an active one.
//! - SendAuth's soft-deleted users are [`State::Inactive`]: they can be restored. Passkeys are
//!   removed before the soft delete, and `destroy_user` only takes a soft-deleted user.
//! - Circuit is lookup only: its plan lists the people found and says, in [`Plan::cannot`],
//!   that Circuit cannot offboard them.
//!
//! # PingOne
//!
//! Not a [`Directory`]. The PingOne API in this workspace is identity verification: verify
//! transactions of a user id the caller already knows (`list_verify_transactions` and
//! friends answer free-form JSON). It has no user records, so nothing to find by email, list
//! or offboard, and verification records are not people: putting them in [`Person`] would
//! give a person without email, name or state. A caller with a PingOne user id can list its
//! transactions with `userapi_pingone` directly. [`Provider::PingOne`] exists so that
//! names and the capability table cover all five providers.
//!
//! # Email matching and `+tags`
//!
//! [`Email::parse`] trims surrounding whitespace and lower-cases the whole address; the
//! provider's addresses are normalised the same way before comparing, and only exact matches
//! count (a provider's free-text search hit on another address is dropped). A `+tag` is kept:
//! `ada+work@example.com` does not match `ada@example.com` nor the other way round, since
//! providers treat them as separate accounts and offboarding one must not reach the other by
//! surprise. [`Email::without_tag`] gives the untagged address for callers who want to look
//! it up as well.
//!
//! # Offboarding: plan, run, plan again
//!
//! [`Directory::plan_offboard`] only reads (finds the people, and for Kratos their active
//! sessions) and leaves out what is already done, into [`Plan::already_done`]: an identity
//! already inactive gets no deactivate step. [`Directory::run`] makes one call per [`Step`].
//! So after a failure midway, planning again gives exactly the steps left. A 404 on any step
//! is [`Done`] with `gone` set: the target is already gone, which is what the step wanted. A
//! deactivation whose answer still shows the person active is [`PeopleError::NotApplied`]
//! (PureCloud's 2016-10 description marks `state` read-only; today's API takes it).
//! [`Done::request_id`] comes from the answer's `ININ-Correlation-Id` (PureCloud) or
//! `X-Request-Id` header, at most 128 characters, control characters removed.
//!
//! # Diff
//!
//! [`diff::missing_or_inactive`] streams the active people of one directory who are absent
//! or not active in another. Memory: O(emails in `against`) (emails and states only, no
//! records); `from` is read a page at a time. Measured: 10,000 against 10,000 people with
//! 4 KB records grew the peak resident memory by about 3 MB (`tests/diff_memory.rs`).
//!
//! # Secrets
//!
//! No [`PeopleError`], [`Plan`], [`Step`], [`Person`] or [`Directory`] shows a credential in
//! its `Display` or `Debug`: errors carry the runtime's error, which holds no request, and
//! clients print their credentials redacted.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
// Circuit alone changes nothing: the helpers that build steps go unused.
#![cfg_attr(
    not(any(feature = "kratos", feature = "purecloud", feature = "sendauth")),
    allow(dead_code)
)]

#[cfg(not(any(
    feature = "kratos",
    feature = "purecloud",
    feature = "sendauth",
    feature = "circuit"
)))]
compile_error!(
    "userapi-people needs at least one provider feature: kratos, purecloud, sendauth or circuit"
);

mod capabilities;
#[cfg(feature = "circuit")]
mod circuit;
pub mod diff;
mod directory;
mod email;
mod error;
#[cfg(feature = "kratos")]
mod kratos;
mod offboard;
mod outcome;
mod person;
mod provider;
#[cfg(feature = "purecloud")]
mod purecloud;
mod request_id;
#[cfg(feature = "sendauth")]
mod sendauth;
mod text;

pub use directory::{Directory, find_all};
pub use email::Email;
pub use error::PeopleError;
pub use offboard::{Action, Done, OffboardOptions, Plan, Step};
pub use person::{Person, Record, State};
pub use provider::{Capabilities, Provider, Support};
