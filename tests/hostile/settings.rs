//! Settings at their extremes: every limit `Duration::MAX`, every count `u32::MAX`. Nothing may
//! overflow; a wait that cannot end in any representable time is not waited for.

use crate::outcome::Outcome;
use crate::server::{Reply, Server};
use crate::tally::Tally;
use std::time::Duration;
use userapi::kratos::Client;
use userapi::runtime::{RetryPolicy, Timeouts};

const IDENTITY: &str =
    r#"{"id":"9f425a8d-7efc-4768-8f23-7647a74fdf13","schema_id":"d","schema_url":"u","traits":{}}"#;

fn extreme(url: &str) -> Client {
    Client::with_runtime(
        url,
        Client::runtime_builder()
            .timeouts(
                Timeouts::default()
                    .connect(Duration::MAX)
                    .attempt(Duration::MAX)
                    .total(Duration::MAX),
            )
            .retry(
                RetryPolicy::default()
                    .max_attempts(u32::MAX)
                    .backoff(Duration::MAX, Duration::MAX)
                    .retry_after_ceiling(Duration::MAX),
            )
            .max_response_bytes(u64::MAX)
            .build(),
    )
}

#[tokio::test]
async fn limits_of_duration_max_neither_panic_nor_hang() {
    let mut t = Tally::default();
    let ok = Server::always(Reply::json(200, IDENTITY)).await;
    let outcome = Outcome::of(
        "get_identity",
        extreme(&ok.url()).get_identity().id("x").send().await,
    );
    t.record(
        "Duration::MAX limits, a normal answer",
        (!outcome.is_ok()).then(|| format!("{outcome:?}")),
    );
    for retry_after in ["18446744073709551615", "99999999999999999999999"] {
        let busy = Server::always(Reply::Full {
            status: 503,
            headers: vec![("retry-after".into(), retry_after.into())],
            body: Vec::new(),
        })
        .await;
        let outcome = tokio::time::timeout(Duration::from_secs(20), async {
            Outcome::of(
                "get_identity",
                extreme(&busy.url()).get_identity().id("x").send().await,
            )
        })
        .await;
        t.record(
            "Retry-After past any clock: answer returned",
            match &outcome {
                Ok(
                    Outcome::ErrorResponse(503)
                    | Outcome::InvalidBody(503)
                    | Outcome::Unexpected { status: 503, .. },
                ) if busy.hits() == 1 => None,
                other => Some(format!(
                    "Retry-After {retry_after}: {other:?}, {} hits",
                    busy.hits()
                )),
            },
        );
    }
    t.finish("settings at their extremes");
}
