//! One call: the generated `send` runs inside [`call`], which keeps what the runtime sees of
//! the request and its answer (a task-local, so the hooks can record it whatever progenitor
//! passes them) and turns progenitor's error into [`Error`] with that context.

use crate::error::{Context, Error};
use progenitor_client::ResponseValue;
use std::cell::RefCell;
use std::future::Future;

tokio::task_local! {
    static SEEN: RefCell<Context>;
}

/// Runs a generated `send` for `operation` of `provider` and gives its error our shape. The
/// generated code calls it; you do not need to.
#[doc(hidden)]
pub async fn call<T, E>(
    provider: &'static str,
    operation: &'static str,
    method: &'static str,
    send: impl Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
) -> Result<ResponseValue<T>, Error<E>> {
    let context = Context {
        provider,
        operation,
        method,
        ..Context::default()
    };
    let mut scoped = std::pin::pin!(SEEN.scope(RefCell::new(context), send));
    match scoped.as_mut().await {
        Ok(value) => Ok(value),
        Err(e) => {
            let context = scoped
                .as_mut()
                .take_value()
                .map(RefCell::into_inner)
                .unwrap_or_else(|| Context {
                    provider,
                    operation,
                    method,
                    ..Context::default()
                });
            Err(Error::from_progenitor(e, context))
        }
    }
}

/// Records into the current call's context; nothing when there is no call (progenitor's
/// builders used without [`call`]).
pub(crate) fn record(f: impl FnOnce(&mut Context)) {
    let _ = SEEN.try_with(|seen| {
        if let Ok(mut context) = seen.try_borrow_mut() {
            f(&mut context);
        }
    });
}
