//! What the runtime does before, during and after each request.

use crate::{Runtime, USER_AGENT, response};
use progenitor_client::Error;
use reqwest::header::{CONTENT_TYPE, HeaderValue, USER_AGENT as USER_AGENT_HEADER};

impl Runtime {
    /// Before sending: path safety, headers, credentials.
    // The error type is progenitor's, fixed by its `ClientHooks` signature.
    #[allow(clippy::result_large_err)]
    pub fn prepare<E>(
        &self,
        baseurl: &str,
        request: &mut reqwest::Request,
        operation_id: &str,
    ) -> Result<(), Error<E>> {
        let op = self.operation(operation_id);
        if let Some(op) = op {
            let base_path = reqwest::Url::parse(baseurl)
                .map(|u| u.path().to_string())
                .unwrap_or_default();
            op.check_path(&base_path, request.url().path())
                .map_err(Error::InvalidRequest)?;
        }
        // A body-less POST/PUT/PATCH goes out without `Content-Length`, which some proxies answer
        // with 411; say the length explicitly.
        let needs_length = request.body().is_none()
            && matches!(request.method().as_str(), "POST" | "PUT" | "PATCH");
        let headers = request.headers_mut();
        if needs_length {
            headers.insert(
                reqwest::header::CONTENT_LENGTH,
                HeaderValue::from_static("0"),
            );
        }
        // progenitor always sends `api-version: <info.version>`; none of our APIs wants it.
        headers.remove("api-version");
        headers.insert(USER_AGENT_HEADER, HeaderValue::from_static(USER_AGENT));
        if let Some(media) = op.and_then(|o| o.content_type) {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(media));
        }
        let authenticated = op.is_none_or(|o| o.authenticated);
        if let Some((name, value)) = self
            .inner
            .credentials
            .header_value()
            .map_err(Error::InvalidRequest)?
            && authenticated
        {
            headers.insert(name, value);
        }
        Ok(())
    }

    /// Sends the request and reads the whole body, so that it can be checked and kept.
    pub async fn execute(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        _operation_id: &str,
    ) -> reqwest::Result<reqwest::Response> {
        let response = client.execute(request).await?;
        response::buffer(response).await
    }

    /// After the answer: a status whose body the spec declares as JSON must carry JSON. When it
    /// does not (an HTML page from a proxy, a truncated or empty body), the answer becomes
    /// `Error::UnexpectedResponse`, which keeps the status, headers and body.
    #[allow(clippy::result_large_err)]
    pub fn check<E>(
        &self,
        result: &reqwest::Result<reqwest::Response>,
        operation_id: &str,
    ) -> Result<(), Error<E>> {
        let (Ok(resp), Some(op)) = (result, self.operation(operation_id)) else {
            return Ok(());
        };
        if !op.expects_json(resp.status().as_u16()) {
            return Ok(());
        }
        match response::copy(resp) {
            Some((_, body)) if response::is_json(&body) => Ok(()),
            Some((copy, _)) => Err(Error::UnexpectedResponse(copy)),
            None => Ok(()),
        }
    }
}
