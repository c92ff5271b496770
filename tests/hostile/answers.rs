//! Every operation of every provider, answered with each hostile body by the raw server.

use crate::calls::{self, Call};
use crate::outcome::Outcome;
use crate::server::{Reply, Server};
use crate::tally::Tally;
use std::time::Duration;
use userapi::runtime::{Operation, RetryPolicy, Timeouts};

/// The cap the test clients run with: small, so that going over it is cheap.
pub const CAP: u64 = 256 * 1024;
/// The attempt limit of the one case that must run past it (a body trickled over 10 s).
const SHORT_ATTEMPT: Duration = Duration::from_millis(2_000);
/// The attempt limit of every other case: no case needs it to elapse, and a 2 s limit was met
/// by plain CPU starvation on a loaded 2-core machine (36 PureCloud calls at once beside a
/// release build), which turned decodable answers into timeouts.
const ATTEMPT: Duration = Duration::from_secs(20);
const TOTAL: Duration = Duration::from_secs(30);
/// A call still running after this long was not bounded by its limits: three times the total, so
/// that no scheduling delay on a loaded machine reaches it, while a wait the runtime should
/// have refused (a `Retry-After` of 2^64 s) does. Calls that merely run late are judged by
/// their outcome: a body trickled past the attempt limit must end as a timeout.
const UNBOUNDED: Duration = Duration::from_secs(90);

type Expect = fn(&Operation, u16, &Outcome) -> Result<(), String>;

struct Case {
    name: &'static str,
    reply: fn(u16) -> Reply,
    expect: Expect,
    /// Retries on, `Retry-After` honoured without a ceiling (the extremes are the point).
    retries: bool,
    /// The per-attempt limit.
    attempt: Duration,
}

fn html(status: u16) -> Reply {
    Reply::typed(
        status,
        "text/html",
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
    )
}

fn retry_after(value: &'static str) -> Reply {
    Reply::Full {
        status: 503,
        headers: vec![
            ("content-type".into(), "text/plain".into()),
            ("retry-after".into(), value.into()),
        ],
        body: b"busy".to_vec(),
    }
}

fn nested(depth: usize) -> Vec<u8> {
    let mut v = vec![b'['; depth];
    v.extend(std::iter::repeat_n(b']', depth));
    v
}

const CASES: &[Case] = &[
    Case {
        name: "truncated JSON",
        reply: |s| Reply::json(s, r#"{"id": "9f425a8d", "name": "Ad"#),
        expect: refused_unless_bodiless,
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "wrong types",
        reply: |s| {
            Reply::json(
                s,
                r#"{"id": 12, "name": [], "traits": 5, "state": {}, "total": "many", "entities": 7}"#,
            )
        },
        expect: decoded_or_refused,
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "null body",
        reply: |s| Reply::json(s, "null"),
        expect: decoded_or_refused,
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "null fields",
        reply: |s| {
            Reply::json(
                s,
                r#"{"id": null, "name": null, "entities": null, "traits": null}"#,
            )
        },
        expect: decoded_or_refused,
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "huge numbers",
        reply: |s| {
            Reply::json(
                s,
                r#"{"version": 123456789012345678901234567890, "total": 1e400, "pageSize": -1e308}"#,
            )
        },
        expect: decoded_or_refused,
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "deeply nested arrays (100k)",
        reply: |s| Reply::json(s, nested(100_000)),
        expect: decoded_or_refused,
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "invalid UTF-8",
        reply: |s| Reply::json(s, b"{\"name\": \"\xff\xfe\xfd\"}".to_vec()),
        expect: decoded_or_refused,
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "HTML with the success status",
        reply: html,
        expect: refused_unless_bodiless,
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "HTML with 502",
        reply: |_| html(502),
        expect: |_, _, o| keeps_status(502, o),
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "empty body with the success status",
        reply: |s| Reply::json(s, ""),
        expect: refused_unless_bodiless,
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "wrong content type (XML)",
        reply: |s| Reply::typed(s, "application/xml", r#"<user id="1"/>"#),
        expect: refused_unless_bodiless,
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "body one byte over the cap",
        reply: |s| Reply::json(s, vec![b' '; CAP as usize + 1]),
        expect: too_large,
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "Content-Length of 1 GB",
        reply: |s| Reply::Declared {
            status: s,
            declared: 1 << 30,
        },
        expect: too_large,
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "endless chunked body",
        reply: |s| Reply::Chunked {
            status: s,
            total: None,
        },
        expect: too_large,
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "body trickled past the attempt limit",
        reply: |s| Reply::Trickle {
            status: s,
            len: 100,
            every: Duration::from_millis(100),
        },
        expect: timed_out,
        retries: false,
        attempt: SHORT_ATTEMPT,
    },
    Case {
        name: "connection closed mid-body",
        reply: |s| Reply::CloseMidBody {
            status: s,
            declared: 1_000,
            sent: br#"{"id": "9f4"#.to_vec(),
        },
        expect: failed_in_transport,
        retries: false,
        attempt: ATTEMPT,
    },
    Case {
        name: "Retry-After: 2^64-1 seconds",
        reply: |_| retry_after("18446744073709551615"),
        expect: |_, _, o| keeps_status(503, o),
        retries: true,
        attempt: ATTEMPT,
    },
    Case {
        name: "Retry-After: more seconds than u64",
        reply: |_| retry_after("99999999999999999999999"),
        expect: |_, _, o| keeps_status(503, o),
        retries: true,
        attempt: ATTEMPT,
    },
    Case {
        name: "Retry-After: year 9999",
        reply: |_| retry_after("Fri, 31 Dec 9999 23:59:59 GMT"),
        expect: |_, _, o| keeps_status(503, o),
        retries: true,
        attempt: ATTEMPT,
    },
    Case {
        name: "Retry-After: negative, garbage, past",
        reply: |_| retry_after("-1"),
        expect: |_, _, o| keeps_status(503, o),
        retries: true,
        attempt: ATTEMPT,
    },
];

fn refused_unless_bodiless(op: &Operation, status: u16, o: &Outcome) -> Result<(), String> {
    let want = if op.expects_json(status) {
        Outcome::InvalidBody(status)
    } else {
        Outcome::Ok(status)
    };
    (*o == want).then_some(()).ok_or(format!("want {want:?}"))
}

fn decoded_or_refused(_: &Operation, status: u16, o: &Outcome) -> Result<(), String> {
    match o {
        Outcome::Ok(s) | Outcome::InvalidBody(s) if *s == status => Ok(()),
        _ => Err(format!("want a decoded answer or a refusal with {status}")),
    }
}

fn keeps_status(status: u16, o: &Outcome) -> Result<(), String> {
    match o {
        Outcome::ErrorResponse(s)
        | Outcome::Unexpected { status: s, .. }
        | Outcome::InvalidBody(s)
            if *s == status =>
        {
            Ok(())
        }
        _ => Err(format!("want an error keeping status {status}")),
    }
}

fn too_large(_: &Operation, status: u16, o: &Outcome) -> Result<(), String> {
    match o {
        // A 204 has no body by definition: HTTP/1.1 clients never read one.
        Outcome::Ok(204) if status == 204 => Ok(()),
        Outcome::Unexpected {
            status: s,
            too_large: true,
        } if *s == status => Ok(()),
        _ => Err("want UnexpectedResponse carrying BodyTooLarge".into()),
    }
}

fn timed_out(_: &Operation, status: u16, o: &Outcome) -> Result<(), String> {
    match o {
        Outcome::Ok(204) if status == 204 => Ok(()),
        Outcome::Transport { timeout: true, .. } => Ok(()),
        _ => Err("want a timeout".into()),
    }
}

fn failed_in_transport(_: &Operation, status: u16, o: &Outcome) -> Result<(), String> {
    match o {
        Outcome::Ok(204) if status == 204 => Ok(()),
        Outcome::Transport { .. } => Ok(()),
        _ => Err("want a transport error".into()),
    }
}

/// The status an operation succeeds with (its first documented 2xx).
fn success_status(op: &Operation) -> u16 {
    op.responses
        .iter()
        .find_map(|(k, _)| k.parse::<u16>().ok().filter(|s| (200..300).contains(s)))
        .unwrap_or(200)
}

fn runtime(builder: userapi::runtime::RuntimeBuilder, case: &Case) -> userapi::runtime::Runtime {
    let retry = if case.retries {
        RetryPolicy::default()
            .backoff(Duration::from_millis(10), Duration::from_millis(50))
            .retry_after_ceiling(Duration::MAX)
    } else {
        RetryPolicy::disabled()
    };
    builder
        .max_response_bytes(CAP)
        .timeouts(Timeouts::default().attempt(case.attempt).total(TOTAL))
        .retry(retry)
        .build()
}

/// Runs every case against every operation of one provider; `make` builds its client.
async fn provider<C: Sync>(
    tally: &mut Tally,
    operations: &[Operation],
    calls: Vec<Call<C>>,
    make: impl Fn(&str, &Case) -> C,
) {
    assert_eq!(calls.len(), operations.len(), "one call per operation");
    for case in CASES {
        let runs = calls.iter().map(|call| {
            let op = operations
                .iter()
                .find(|o| o.id == call.op)
                .expect("the call names an operation");
            let status = success_status(op);
            let make = &make;
            async move {
                let server = Server::always((case.reply)(status)).await;
                let client = make(&server.url(), case);
                let sent = (call.send)(&client, "9f425a8d-7efc-4768-8f23-7647a74fdf13");
                match tokio::time::timeout(UNBOUNDED, sent).await {
                    Err(_) => Some(format!(
                        "{}: still running after {UNBOUNDED:?}, not bounded by the {TOTAL:?} \
                         total limit",
                        call.op
                    )),
                    Ok(outcome) => (case.expect)(op, status, &outcome)
                        .err()
                        .map(|want| format!("{}: got {outcome:?}; {want}", call.op)),
                }
            }
        });
        for failure in futures::future::join_all(runs).await {
            tally.record(case.name, failure);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_survives_every_hostile_answer() {
    use userapi::{circuit, kratos, pingone, purecloud, sendauth};
    let mut tally = Tally::default();
    provider(&mut tally, pingone::OPERATIONS, calls::pingone(), |u, r| {
        pingone::Client::with_runtime(u, runtime(pingone::Client::runtime_builder(), r))
    })
    .await;
    provider(&mut tally, kratos::OPERATIONS, calls::kratos(), |u, r| {
        kratos::Client::with_runtime(u, runtime(kratos::Client::runtime_builder(), r))
    })
    .await;
    provider(
        &mut tally,
        purecloud::OPERATIONS,
        calls::purecloud(),
        |u, r| purecloud::Client::with_runtime(u, runtime(purecloud::Client::runtime_builder(), r)),
    )
    .await;
    provider(
        &mut tally,
        sendauth::OPERATIONS,
        calls::sendauth(),
        |u, r| sendauth::Client::with_runtime(u, runtime(sendauth::Client::runtime_builder(), r)),
    )
    .await;
    provider(&mut tally, circuit::OPERATIONS, calls::circuit(), |u, r| {
        circuit::Client::with_runtime(u, runtime(circuit::Client::runtime_builder(), r))
    })
    .await;
    tally.finish("hostile answers: 83 operations x each case");
}
