//! `userapi people find EMAIL`: every configured provider asked at once.

use super::rows;
use crate::failure::Failure;
use futures_util::future::join_all;
use serde_json::Value;
use userapi_people::{Directory, Email};

/// The rows of every account with `email` (in the directories' order), and a failure naming
/// the providers that could not answer.
pub async fn find(directories: &[Directory], email: &Email) -> (Vec<Value>, Option<Failure>) {
    let answers = join_all(directories.iter().map(|d| d.find(email))).await;
    let mut rows = Vec::new();
    let mut failed = Vec::new();
    let mut absent = Vec::new();
    for (directory, answer) in directories.iter().zip(answers) {
        let provider = directory.provider();
        match answer {
            Ok(people) if people.is_empty() => absent.push(provider.as_str()),
            Ok(people) => rows.extend(people.iter().map(rows::person)),
            Err(e) => {
                rows.push(rows::failed(provider, &e));
                failed.push(provider.as_str());
            }
        }
    }
    if !absent.is_empty() {
        eprintln!("userapi: no account in {}", absent.join(", "));
    }
    let failure = (!failed.is_empty()).then(|| {
        Failure::partial(format!(
            "{} failed (see the error column)",
            failed.join(", ")
        ))
    });
    (rows, failure)
}
