//! No credential in any Display or Debug of errors, plans, steps, people or directories.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use futures_util::StreamExt;
use httpmock::prelude::*;
use serde_json::json;
use support::*;
use userapi_people::{Directory, Email, OffboardOptions};

fn assert_clean(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows a secret: {text}");
    }
    // Basic auth goes as base64 of `user:password`: not that either.
    assert!(!text.contains("c2VuZGF1dGgt"), "{what}: {text}");
}

fn check(what: &str, value: &(impl std::fmt::Display + std::fmt::Debug)) {
    assert_clean(what, &value.to_string());
    assert_clean(what, &format!("{value:?}"));
    assert_clean(what, &format!("{value:#?}"));
}

#[tokio::test]
async fn errors_plans_and_directories_never_show_a_credential() {
    let server = MockServer::start_async().await;
    // Proof the credentials are sent: this mock only answers a request carrying Kratos' key.
    let keyed = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/admin/identities")
                .header("authorization", format!("Bearer {KRATOS_KEY}"));
            then.status(200).json_body(json!([kratos_identity(
                1,
                "ada@example.com",
                "active",
                &["password"]
            )]));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/admin/identities/{}/sessions", uuid(1)));
            then.status(200).json_body(json!([]));
        })
        .await;
    // Everything else fails, with a body that talks about authorization.
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(401).json_body(
                json!({ "message": "bad Authorization header", "error": "unauthorized" }),
            );
        })
        .await;

    let base = server.base_url();
    let dirs: Vec<Directory> = vec![
        kratos(&base),
        purecloud(&base),
        sendauth(&base),
        circuit(&base),
        purecloud(&down()),
    ];
    let ada = Email::parse("ada@example.com").unwrap();
    let mut errors = 0;
    for dir in &dirs {
        assert_clean("a directory", &format!("{dir:?}"));
        match dir.find(&ada).await {
            Ok(people) => {
                for p in people {
                    assert_clean("a person", &format!("{p:?}"));
                }
            }
            Err(e) => {
                errors += 1;
                check("a find error", &e);
            }
        }
        let mut listed = dir.list();
        while let Some(item) = listed.next().await {
            if let Err(e) = item {
                errors += 1;
                check("a list error", &e);
            }
        }
        match dir
            .plan_offboard(&ada, &OffboardOptions::new().delete(true))
            .await
        {
            Ok(plan) => {
                check("a plan", &plan);
                for step in &plan.steps {
                    check("a step", step);
                    match dir.run(step).await {
                        Ok(done) => assert_clean("a done", &format!("{done:?}")),
                        Err(e) => {
                            errors += 1;
                            check("a run error", &e);
                        }
                    }
                }
            }
            Err(e) => {
                errors += 1;
                check("a plan error", &e);
            }
        }
    }
    keyed.assert_calls_async(3).await;
    assert!(errors >= 8, "only {errors} errors were looked at");
}
