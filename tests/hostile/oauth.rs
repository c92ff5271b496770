//! A token endpoint that misbehaves: lifetimes too large to add to a clock, failures under
//! concurrency, short-lived tokens, and slowness that must count against the call's limit.

use crate::outcome::Outcome;
use crate::server::{Reply, Server};
use crate::tally::Tally;
use std::time::Duration;
use userapi::purecloud::Client;
use userapi::runtime::{Credentials, RetryPolicy, Timeouts};

const ME: &str = r#"{"id": "6a2c8f4e", "name": "Ada", "version": 3}"#;

fn token(expires_in: &str) -> Reply {
    Reply::json(
        200,
        format!(
            r#"{{"access_token": "tok-Fv8secret", "token_type": "bearer", "expires_in": {expires_in}}}"#
        ),
    )
}

fn client(api: &Server, tokens: &Server, timeouts: Timeouts) -> Client {
    Client::with_runtime(
        &api.url(),
        Client::runtime_builder()
            .credentials(Credentials::client_credentials(
                format!("{}/oauth/token", tokens.url()),
                "client-42",
                "cl1ent-Secret-Wp4",
            ))
            .retry(RetryPolicy::disabled())
            .timeouts(timeouts)
            .build(),
    )
}

#[tokio::test]
async fn lifetimes_too_large_for_the_clock_keep_the_token() {
    let api = Server::always(Reply::json(200, ME)).await;
    let mut t = Tally::default();
    for lifetime in [
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551615",
    ] {
        let tokens = Server::always(token(lifetime)).await;
        let client = client(&api, &tokens, Timeouts::default());
        let mut failure = None;
        for _ in 0..3 {
            let outcome = Outcome::of("get_me", client.get_me().send().await);
            if !outcome.is_ok() {
                failure = Some(format!("expires_in {lifetime}: {outcome:?}"));
            }
        }
        if tokens.hits() > 1 {
            failure = Some(format!(
                "expires_in {lifetime}: {} token requests",
                tokens.hits()
            ));
        }
        t.record("huge expires_in: no panic, token reused", failure);
    }
    t.finish("token lifetimes at the extremes");
}

// One thread, so that every caller is waiting on the fetch before it can end, however slow the
// machine: the 50 calls are spawned before the test yields, and each runs to its wait on the
// token source in the scheduler's first pass, while the fetch still needs several more passes
// to reach the token endpoint and its 300 ms delay. (On worker threads, a caller descheduled
// past the failure would start a fetch of its own.)
#[tokio::test(flavor = "current_thread")]
async fn a_failed_token_fetch_is_shared_by_every_waiting_caller() {
    let api = Server::always(Reply::json(200, ME)).await;
    let mut t = Tally::default();
    for (name, answer) in [
        (
            "token endpoint 500",
            Reply::typed(500, "text/plain", "boom"),
        ),
        (
            "token endpoint 400 invalid_client",
            Reply::json(400, r#"{"error": "invalid_client"}"#),
        ),
        (
            "token endpoint HTML 200",
            Reply::typed(200, "text/html", "<html>login</html>"),
        ),
        (
            "token endpoint garbage 200",
            Reply::json(200, b"\xff{{{".to_vec()),
        ),
    ] {
        let tokens =
            Server::always(Reply::Delayed(Duration::from_millis(300), Box::new(answer))).await;
        let client = client(&api, &tokens, Timeouts::default());
        let calls = (0..50).map(|_| {
            let client = client.clone();
            tokio::spawn(async move { Outcome::of("get_me", client.get_me().send().await) })
        });
        let outcomes = futures::future::join_all(calls).await;
        let refused = outcomes
            .iter()
            .filter(|o| matches!(o, Ok(Outcome::Credentials(m)) if m.contains("no credentials")))
            .count();
        let failure = (tokens.hits() != 1 || refused != 50).then(|| {
            format!(
                "{} token requests for 50 callers, {refused} refused",
                tokens.hits()
            )
        });
        t.record(name, failure);
        // The next call tries again, after a backoff, rather than failing for ever.
        let _ = client.get_me().send().await;
        t.record(
            "the next call fetches again",
            (tokens.hits() != 2).then(|| format!("{} token requests", tokens.hits())),
        );
    }
    t.finish("failed token fetches under concurrency");
}

#[tokio::test]
async fn a_short_lived_token_serves_many_calls() {
    let api = Server::always(Reply::json(200, ME)).await;
    let mut t = Tally::default();
    for lifetime in ["10", "60", "61"] {
        let before = api.hits();
        let tokens = Server::always(token(lifetime)).await;
        let client = client(&api, &tokens, Timeouts::default());
        // 20 loopback calls well within the shortest reuse window (7.5 s of a 10 s token),
        // however loaded the machine.
        let mut failed = Vec::new();
        for _ in 0..20 {
            let outcome = Outcome::of("get_me", client.get_me().send().await);
            if !outcome.is_ok() {
                failed.push(outcome);
            }
        }
        t.record(
            "20 calls, one token",
            (tokens.hits() != 1 || api.hits() - before != 20 || !failed.is_empty()).then(|| {
                format!(
                    "expires_in {lifetime}: {} token requests, failed calls: {failed:?}",
                    tokens.hits()
                )
            }),
        );
    }
    t.finish("short-lived tokens");
}

/// Each of the two waits fits the total limit alone, both together do not: only a limit that
/// counts the token fetch ends the call. The outcome decides, not the time taken, so a loaded
/// machine (slower still) cannot fail it: the server's delay is a floor, and the 2 s left for
/// the answer after a 2 s fetch are less than its 2.5 s.
#[tokio::test]
async fn the_total_limit_covers_the_token_fetch() {
    let api = Server::always(Reply::Delayed(
        Duration::from_millis(2_500),
        Box::new(Reply::json(200, ME)),
    ))
    .await;
    let tokens = Server::always(Reply::Delayed(
        Duration::from_millis(2_000),
        Box::new(token("3600")),
    ))
    .await;
    let client = client(
        &api,
        &tokens,
        Timeouts::default()
            .attempt(Duration::from_secs(60))
            .total(Duration::from_secs(4)),
    );
    let outcome = Outcome::of("get_me", client.get_me().send().await);
    let mut t = Tally::default();
    t.record(
        "slow token endpoint (2 s) + slow server (2.5 s), 4 s total",
        match &outcome {
            Outcome::Transport { timeout: true, .. } => None,
            // A machine slow enough to spend the whole limit on the fetch: ended by it too.
            Outcome::Credentials(m) if m.contains("limit") => None,
            other => Some(format!("{other:?}")),
        },
    );
    t.finish("the total limit and the token fetch");
}
