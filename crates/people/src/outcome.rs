//! A step's answer, or its error, as a [`Done`] or a [`PeopleError`].

use reqwest::header::HeaderMap;

use crate::{Done, PeopleError, Provider, request_id};

/// The call went through with this status and headers.
pub(crate) fn done(provider: Provider, status: u16, headers: &HeaderMap) -> Done {
    Done {
        request_id: request_id::read(provider, headers),
        status,
        gone: false,
    }
}

/// The call failed: a 404 means the target is already gone, which is what an offboarding step
/// wants (planning again would not plan it), so it is done; anything else is the error.
pub(crate) fn gone_or_error<E>(
    provider: Provider,
    e: userapi_runtime::Error<E>,
) -> Result<Done, PeopleError> {
    if e.is_not_found() {
        return Ok(Done {
            request_id: request_id::read(provider, e.headers()),
            status: 404,
            gone: true,
        });
    }
    Err(PeopleError::call(provider, e))
}

#[cfg(any(feature = "kratos", feature = "sendauth"))]
/// RFC 3339 text of a time the client decoded (the providers send RFC 3339; this writes the
/// same instant back in UTC).
pub(crate) fn rfc3339(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}
