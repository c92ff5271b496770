//! People across identity providers.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
// Until the providers are filled in (the API is committed first for the CLI).
#![allow(dead_code)]

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
mod person;
mod provider;
#[cfg(feature = "purecloud")]
mod purecloud;
#[allow(dead_code)]
mod request_id;
#[cfg(feature = "sendauth")]
mod sendauth;
mod text;

pub use directory::Directory;
pub use email::Email;
pub use error::PeopleError;
pub use offboard::{Action, Done, OffboardOptions, Plan, Step};
pub use person::{Person, Record, State};
pub use provider::{Capabilities, Provider, Support};
