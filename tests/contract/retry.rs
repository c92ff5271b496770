//! One more try for a request that got no answer at all (the connection closed or reset
//! before a status arrived, or nothing came within the time limit): a hiccup of the test tool,
//! which the run counts and prints apart from failures. Whatever did answer (a violation, a
//! body that does not decode, any status) is judged as it came, never sent again.

use crate::harness::Sent;
use userapi::kratos::{Error, ErrorKind, ResponseValue};

/// A request sent at most twice.
pub struct Tried<T, E> {
    /// The answer (or error) of the last try.
    pub result: Result<ResponseValue<T>, Error<E>>,
    /// The first try's error, when it got no answer and the request was sent again.
    pub retried_after: Option<String>,
}

/// Whether `error` means that no answer arrived: a transport error before any status.
pub fn got_no_answer<E>(error: &Error<E>) -> bool {
    matches!(error.kind(), ErrorKind::Transport(_)) && error.status().is_none()
}

/// Sends the request `send` builds on `client`, and once more if the first try got no answer.
pub async fn at_most_twice<'c, C, T, E>(
    client: &'c C,
    send: &impl Fn(&'c C) -> Sent<'c, T, E>,
) -> Tried<T, E> {
    match send(client).await {
        Err(first) if got_no_answer(&first) => Tried {
            result: send(client).await,
            retried_after: Some(first.to_string()),
        },
        result => Tried {
            result,
            retried_after: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::http_client;
    use crate::loopback::{Action, Loopback};
    use userapi::kratos::{Client, OPERATIONS, PROVIDER, types};
    use userapi::runtime::Credentials;

    const EMPTY_LIST: &str = "[]";

    fn client(server: &Loopback) -> Client {
        let runtime = crate::harness::runtime(PROVIDER, OPERATIONS, Credentials::None);
        Client::with_http_client(&server.base_url(), http_client(None), runtime)
    }

    fn list(c: &Client) -> Sent<'_, Vec<types::Identity>, types::ErrorGeneric> {
        Box::pin(c.list_identities().send())
    }

    #[tokio::test]
    async fn a_request_that_got_no_answer_is_sent_once_more() {
        let server = Loopback::start(vec![
            Action::CloseUnanswered,
            Action::Answer(200, EMPTY_LIST),
        ])
        .await;
        let client = client(&server);

        let tried = at_most_twice(&client, &list).await;

        assert!(tried.result.is_ok(), "{:?}", tried.result.err());
        let first = tried.retried_after.expect("the retry is recorded");
        assert!(first.contains("list_identities"), "{first}");
        assert_eq!(server.requests(), 2);
    }

    #[tokio::test]
    async fn a_request_that_never_gets_an_answer_is_sent_twice_at_most() {
        let server = Loopback::start(vec![Action::CloseUnanswered; 3]).await;
        let client = client(&server);

        let tried = at_most_twice(&client, &list).await;

        let error = tried.result.expect_err("no answer on the retry either");
        assert!(got_no_answer(&error), "{error:?}");
        assert!(tried.retried_after.is_some());
        assert_eq!(server.requests(), 2);
    }

    #[tokio::test]
    async fn an_answer_is_never_sent_again() {
        // A body that does not decode, a declared error status, and a Prism violation on a
        // good answer: each is what the run must judge, so each is sent exactly once.
        for answer in [
            Action::Answer(200, "<html>not JSON</html>"),
            Action::Answer(500, r#"{"error": {"code": 500}}"#),
            Action::AnswerWithViolation(200, EMPTY_LIST),
        ] {
            let server =
                Loopback::start(vec![answer.clone(), Action::Answer(200, EMPTY_LIST)]).await;
            let client = client(&server);

            let tried = at_most_twice(&client, &list).await;

            assert_eq!(tried.retried_after, None, "{answer:?}");
            assert_eq!(server.requests(), 1, "{answer:?}");
        }
    }
}
