//! The streaming diff: who is active in `from` but missing or not active in `against`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "support/pages.rs"]
mod pages;
mod support;

use futures_util::{StreamExt, TryStreamExt};
use support::*;
use userapi_people::State;
use userapi_people::diff::{self, Against, Gap};

/// A gap's SendAuth id back to the person's number.
fn number(gap: &Gap) -> usize {
    gap.person.id[24..].parse().expect("a numbered id")
}

#[tokio::test]
async fn gaps_are_the_absent_and_the_inactive_in_from_order() {
    // The 50 soft-deleted (inactive) SendAuth users are in no Kratos page: not gaps either.
    let people = pages::People {
        n: 600,
        pad: 0,
        deleted: 50,
    };
    let addr = pages::serve(people).await;
    let base = format!("http://{addr}");
    let (from, against) = (sendauth(&base), kratos(&base));
    let gaps: Vec<Gap> = diff::missing_or_inactive(&from, &against)
        .await
        .try_collect()
        .await
        .expect("no error");
    let expected: Vec<(usize, Against)> = (0..600)
        .filter_map(|i| match i % 10 {
            0 => Some((i, Against::Inactive(State::Inactive))),
            1 => Some((i, Against::Absent)),
            _ => None,
        })
        .collect();
    let got: Vec<(usize, Against)> = gaps.iter().map(|g| (number(g), g.against)).collect();
    assert_eq!(got, expected);
    assert!(gaps.iter().all(|g| g.person.state == State::Active));
}

#[tokio::test]
async fn an_against_that_fails_is_the_only_item() {
    let people = pages::People {
        n: 10,
        pad: 0,
        deleted: 0,
    };
    let addr = pages::serve(people).await;
    let from = sendauth(&format!("http://{addr}"));
    let against = kratos(&down());
    let items: Vec<_> = diff::missing_or_inactive(&from, &against)
        .await
        .collect()
        .await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(items[0].is_err());
}
