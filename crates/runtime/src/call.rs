//! One call: the generated `send` runs inside [`call`], which keeps what the runtime sees of
//! the request and its answer (a task-local, so the hooks can record it whatever progenitor
//! passes them) and turns progenitor's error into [`Error`] with that context.
//!
//! The task-local is small on purpose (it is moved in and out on every poll): the operation,
//! which the hooks read instead of looking it up by name, the body of the latest answer, which
//! the runtime reads and the generated decode takes ([`from_response`](crate::from_response)),
//! and, only once something went wrong or an answer was set aside for a retry, a boxed
//! [`Context`].

use crate::Operation;
use crate::error::{Context, Error};
use bytes::Bytes;
use progenitor_client::ResponseValue;
use std::cell::RefCell;
use std::future::Future;

tokio::task_local! {
    static SEEN: RefCell<Seen>;
}

/// What the runtime saw of the current call.
#[derive(Default)]
struct Seen {
    /// The operation called, from the generated operation table.
    operation: Option<&'static Operation>,
    /// The body of the latest answer, as read by the runtime.
    body: Option<Bytes>,
    /// URL, status, headers and time limit, recorded only where an error may need them.
    recorded: Option<Box<Context>>,
}

/// Runs a generated `send` for `operation` of `provider` and gives its error our shape. The
/// generated code calls it; you do not need to.
#[doc(hidden)]
pub async fn call<T, E>(
    provider: &'static str,
    operation: &'static Operation,
    send: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
) -> Result<ResponseValue<T>, Error<E>> {
    let seen = Seen {
        operation: Some(operation),
        ..Seen::default()
    };
    let mut scoped = std::pin::pin!(SEEN.scope(RefCell::new(seen), send));
    match scoped.as_mut().await {
        Ok(value) => Ok(value),
        Err(e) => {
            let seen = scoped
                .as_mut()
                .take_value()
                .map(RefCell::into_inner)
                .unwrap_or_default();
            let mut context = seen.recorded.map(|c| *c).unwrap_or_default();
            context.provider = provider;
            context.operation = operation.id;
            context.method = operation.method;
            if seen.body.is_some() {
                context.body = seen.body;
            }
            Err(Error::from_progenitor(e, context))
        }
    }
}

/// The operation of the current call; `None` outside a call.
pub(crate) fn operation() -> Option<&'static Operation> {
    SEEN.try_with(|seen| seen.try_borrow().ok()?.operation)
        .ok()
        .flatten()
}

/// Records into the current call's context; nothing when there is no call (progenitor's
/// builders used without [`call`]).
pub(crate) fn record(f: impl FnOnce(&mut Context)) {
    let _ = SEEN.try_with(|seen| {
        if let Ok(mut seen) = seen.try_borrow_mut() {
            f(seen.recorded.get_or_insert_with(Box::default));
        }
    });
}

/// Keeps the body of the answer just read, in place of the one before.
pub(crate) fn set_body(body: Bytes) {
    let _ = SEEN.try_with(|seen| {
        if let Ok(mut seen) = seen.try_borrow_mut() {
            seen.body = Some(body);
        }
    });
}

/// The body of the latest answer, for the decode: taken when `keep` is false (a success, no
/// error will need it), a cheap copy otherwise. `None` outside a call.
pub(crate) fn body(keep: bool) -> Option<Bytes> {
    SEEN.try_with(|seen| {
        let mut seen = seen.try_borrow_mut().ok()?;
        if keep {
            seen.body.clone()
        } else {
            seen.body.take()
        }
    })
    .ok()
    .flatten()
}
