//! No client, runtime or credential shows a secret in its Debug output.

const SECRET: &str = "s3cr3t-value-that-must-not-show";

#[test]
fn debug_output_of_every_client_hides_its_secret() {
    let shown = [
        format!(
            "{:?}",
            userapi::pingone::Client::with_bearer("http://127.0.0.1:9", SECRET)
        ),
        format!(
            "{:?}",
            userapi::pingone::Client::with_worker_app(
                userapi::pingone::Region::Europe,
                "env",
                "id",
                SECRET
            )
        ),
        format!(
            "{:?}",
            userapi::kratos::Client::with_api_key("http://127.0.0.1:9", SECRET)
        ),
        format!(
            "{:?}",
            userapi::purecloud::Client::with_client_credentials(
                userapi::purecloud::Region::MypurecloudDe,
                "id",
                SECRET
            )
        ),
        format!(
            "{:?}",
            userapi::purecloud::Client::with_bearer("http://127.0.0.1:9", SECRET)
        ),
        format!(
            "{:?}",
            userapi::sendauth::Client::with_basic("http://127.0.0.1:9", "user", SECRET)
        ),
        format!(
            "{:?}",
            userapi::circuit::Client::with_bearer("http://127.0.0.1:9", SECRET)
        ),
        format!(
            "{:?}",
            userapi::circuit::Client::with_client_credentials(
                "http://127.0.0.1:9",
                userapi::circuit::SANDBOX_TOKEN_URL,
                "id",
                SECRET
            )
        ),
        format!("{:?}", userapi::Credentials::bearer(SECRET)),
        format!("{:?}", userapi::Credentials::basic("user", SECRET)),
        format!("{:?}", userapi::Secret::new(SECRET)),
        format!("{}", userapi::Secret::new(SECRET)),
    ];
    for s in &shown {
        assert!(!s.contains(SECRET), "{s}");
        assert!(s.contains("***"), "{s}");
    }
}
