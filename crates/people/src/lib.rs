//! People across identity providers.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

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
