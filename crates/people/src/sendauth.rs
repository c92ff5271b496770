//! SendAuth: people through `userapi_sendauth`.

use futures_util::stream::{self, BoxStream, StreamExt};
use userapi_sendauth::Client;

use crate::{Done, Email, OffboardOptions, PeopleError, Person, Plan, Provider, Step};

const PROVIDER: Provider = Provider::SendAuth;

fn todo(what: &'static str) -> PeopleError {
    PeopleError::Unsupported {
        provider: PROVIDER,
        what,
    }
}

pub(crate) async fn find(_c: &Client, _email: &Email) -> Result<Vec<Person>, PeopleError> {
    Err(todo("find"))
}

#[allow(dead_code)]
pub(crate) fn list(_c: &Client) -> BoxStream<'_, Result<Person, PeopleError>> {
    stream::iter([Err(todo("list"))]).boxed()
}

pub(crate) async fn plan(
    _c: &Client,
    _email: &Email,
    _opts: &OffboardOptions,
) -> Result<Plan, PeopleError> {
    Err(todo("offboard"))
}

#[allow(dead_code)]
pub(crate) async fn run(_c: &Client, _step: &Step) -> Result<Done, PeopleError> {
    Err(todo("offboard"))
}
