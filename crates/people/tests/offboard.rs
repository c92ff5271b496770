//! Offboarding: plan, run, fail midway, plan again; 404 counts as done; Circuit cannot.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use httpmock::Mock;
use httpmock::prelude::*;
use serde_json::json;
use support::*;
use userapi_people::{Action, Directory, Email, OffboardOptions, PeopleError, Plan, Provider};

const ADA: &str = "ada@example.com";

fn ada() -> Email {
    Email::parse(ADA).unwrap()
}

fn actions(steps: &[userapi_people::Step]) -> Vec<Action> {
    steps.iter().map(|s| s.action).collect()
}

/// Kratos as it stands: Ada's identity in `state`, with or without a WebAuthn credential
/// and an active session. Returns the mocks so the next state can replace them.
async fn kratos_state<'a>(
    server: &'a MockServer,
    state: &str,
    webauthn: bool,
    session: bool,
) -> Vec<Mock<'a>> {
    let credentials: &[&str] = if webauthn {
        &["password", "webauthn"]
    } else {
        &["password"]
    };
    let identity = kratos_identity(1, ADA, state, credentials);
    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/admin/identities")
                .query_param("credentials_identifier", ADA);
            then.status(200).json_body(json!([identity]));
        })
        .await;
    let sessions = if session {
        json!([{ "id": uuid(77), "active": true }])
    } else {
        json!([])
    };
    let sessions = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/admin/identities/{}/sessions", uuid(1)))
                .query_param("active", "true");
            then.status(200).json_body(sessions);
        })
        .await;
    vec![list, sessions]
}

async fn forget(mocks: Vec<Mock<'_>>) {
    for m in mocks {
        m.delete_async().await;
    }
}

async fn run_all(dir: &Directory, plan: &Plan) -> Result<usize, (usize, PeopleError)> {
    for (n, step) in plan.steps.iter().enumerate() {
        dir.run(step).await.map_err(|e| (n, e))?;
    }
    Ok(plan.steps.len())
}

#[tokio::test]
async fn kratos_plan_run_fail_midway_and_replan_gives_exactly_what_is_left() {
    let server = MockServer::start_async().await;
    let dir = kratos(&server.base_url());
    let id = uuid(1);

    let state = kratos_state(&server, "active", true, true).await;
    let first = dir
        .plan_offboard(&ada(), &OffboardOptions::default())
        .await
        .unwrap();
    assert_eq!(
        actions(&first.steps),
        [
            Action::Deactivate,
            Action::RevokeSessions,
            Action::RemovePasskeys
        ]
    );
    assert!(first.already_done.is_empty());
    assert!(first.steps.iter().all(|s| s.target_id == id));
    assert_eq!(first.targets.len(), 1);

    let patch = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("/admin/identities/{id}"))
                .json_body(json!([{ "op": "replace", "path": "/state", "value": "inactive" }]));
            then.status(200)
                .json_body(kratos_identity(1, ADA, "inactive", &["password"]));
        })
        .await;
    let revoke_fails = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("/admin/identities/{id}/sessions"));
            then.status(500)
                .json_body(json!({ "error": { "code": 500, "message": "database is down" } }));
        })
        .await;
    let (failed_at, error) = run_all(&dir, &first).await.unwrap_err();
    assert_eq!(
        failed_at, 1,
        "the deactivation went through, the revoke did not"
    );
    assert_eq!(error.status(), Some(500));
    patch.assert_async().await;
    revoke_fails.assert_async().await;

    // The server now has the identity inactive; the rest is as it was.
    forget(state).await;
    let state = kratos_state(&server, "inactive", true, true).await;
    let second = dir
        .plan_offboard(&ada(), &OffboardOptions::default())
        .await
        .unwrap();
    assert_eq!(second.steps, first.steps[1..], "exactly what is left");
    assert_eq!(actions(&second.already_done), [Action::Deactivate]);

    revoke_fails.delete_async().await;
    let revoke = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("/admin/identities/{id}/sessions"));
            then.status(204);
        })
        .await;
    let passkeys = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("/admin/identities/{id}/credentials/webauthn"));
            then.status(204);
        })
        .await;
    assert_eq!(run_all(&dir, &second).await.unwrap(), 2);
    revoke.assert_async().await;
    passkeys.assert_async().await;

    forget(state).await;
    kratos_state(&server, "inactive", false, false).await;
    let third = dir
        .plan_offboard(&ada(), &OffboardOptions::default())
        .await
        .unwrap();
    assert!(third.steps.is_empty(), "{third}");
    assert_eq!(
        actions(&third.already_done),
        [
            Action::Deactivate,
            Action::RevokeSessions,
            Action::RemovePasskeys
        ]
    );
}

#[tokio::test]
async fn kratos_delete_is_planned_only_when_asked_and_a_passkey_is_reported() {
    let server = MockServer::start_async().await;
    let dir = kratos(&server.base_url());
    let identity = kratos_identity(1, ADA, "inactive", &["password", "passkey"]);
    server
        .mock_async(|when, then| {
            when.method(GET).path("/admin/identities");
            then.status(200).json_body(json!([identity]));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/admin/identities/{}/sessions", uuid(1)));
            then.status(200).json_body(json!([]));
        })
        .await;
    let plain = dir
        .plan_offboard(&ada(), &OffboardOptions::default())
        .await
        .unwrap();
    assert!(plain.steps.is_empty());
    let with_delete = dir
        .plan_offboard(&ada(), &OffboardOptions::new().delete(true))
        .await
        .unwrap();
    assert_eq!(actions(&with_delete.steps), [Action::Delete]);
    assert_eq!(with_delete.steps[0].operation, "delete_identity");
    assert!(
        with_delete.cannot.iter().any(|c| c.contains("passkey")),
        "{:?}",
        with_delete.cannot
    );
}

#[tokio::test]
async fn a_404_on_revoke_passkeys_or_delete_is_done_and_the_request_id_is_cleaned() {
    let server = MockServer::start_async().await;
    let dir = kratos(&server.base_url());
    let id = uuid(1);
    kratos_state(&server, "active", true, true).await;
    let long_id = format!("req\t-1{}", "x".repeat(300));
    for path in [
        format!("/admin/identities/{id}/sessions"),
        format!("/admin/identities/{id}/credentials/webauthn"),
        format!("/admin/identities/{id}"),
    ] {
        let long_id = long_id.clone();
        server
            .mock_async(move |when, then| {
                when.method(DELETE).path(path);
                then.status(404)
                    .header("x-request-id", long_id)
                    .json_body(json!({ "error": { "code": 404, "message": "not found" } }));
            })
            .await;
    }
    let plan = dir
        .plan_offboard(&ada(), &OffboardOptions::new().delete(true))
        .await
        .unwrap();
    let gone: Vec<_> = plan
        .steps
        .iter()
        .filter(|s| s.action != Action::Deactivate)
        .collect();
    assert_eq!(gone.len(), 3);
    for step in gone {
        let done = dir
            .run(step)
            .await
            .unwrap_or_else(|e| panic!("{step}: {e}"));
        assert!(done.gone, "{step}");
        assert_eq!(done.status, 404);
        let rid = done.request_id.expect("the header's id");
        assert!(rid.starts_with("req-1xxx"), "{rid}");
        assert_eq!(rid.chars().count(), 128);
    }
}

#[tokio::test]
async fn purecloud_deactivates_with_the_version_it_read_and_knows_it_cannot_revoke() {
    let server = MockServer::start_async().await;
    let dir = purecloud(&server.base_url());
    let search = server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v2/users/search");
            then.status(200)
                .json_body(purecloud_search_page(vec![purecloud_user(
                    "pc-1", ADA, "active", 7,
                )]));
        })
        .await;
    let plan = dir
        .plan_offboard(&ada(), &OffboardOptions::new().delete(true))
        .await
        .unwrap();
    assert_eq!(actions(&plan.steps), [Action::Deactivate, Action::Delete]);
    assert_eq!(plan.steps[0].version, Some(7));
    assert!(plan.cannot.iter().any(|c| c.contains("sessions")));

    let patch = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/api/v2/users/pc-1")
                .body_includes(r#""state":"inactive""#)
                .body_includes(r#""version":7"#);
            then.status(200)
                .header("ININ-Correlation-Id", "corr-42")
                .json_body(purecloud_user("pc-1", ADA, "inactive", 8));
        })
        .await;
    let done = dir.run(&plan.steps[0]).await.unwrap();
    patch.assert_async().await;
    assert_eq!(done.request_id.as_deref(), Some("corr-42"));
    assert!(!done.gone);

    search.delete_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v2/users/search");
            then.status(200)
                .json_body(purecloud_search_page(vec![purecloud_user(
                    "pc-1", ADA, "inactive", 8,
                )]));
        })
        .await;
    let again = dir
        .plan_offboard(&ada(), &OffboardOptions::new().delete(true))
        .await
        .unwrap();
    assert_eq!(again.steps, plan.steps[1..]);
    assert_eq!(actions(&again.already_done), [Action::Deactivate]);
}

#[tokio::test]
async fn sendauth_removes_passkeys_then_soft_deletes_then_destroys_and_replans() {
    let server = MockServer::start_async().await;
    let dir = sendauth(&server.base_url());
    let id = uuid(3);
    let listed = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/users");
            then.status(200)
                .json_body(sendauth_page(vec![sendauth_user(3, ADA, true)]));
        })
        .await;
    let deleted = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/users/deleted");
            then.status(200).json_body(sendauth_page(vec![]));
        })
        .await;
    let opts = OffboardOptions::new().delete(true);
    let plan = dir.plan_offboard(&ada(), &opts).await.unwrap();
    assert_eq!(
        actions(&plan.steps),
        [Action::RemovePasskeys, Action::Deactivate, Action::Delete]
    );
    let passkey = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("/api/v1/users/{id}/passkey"));
            then.status(200);
        })
        .await;
    let soft = server
        .mock_async(|when, then| {
            when.method(DELETE).path(format!("/api/v1/users/{id}"));
            then.status(200);
        })
        .await;
    let destroy_fails = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("/api/v1/users/deleted/{id}"));
            then.status(500);
        })
        .await;
    let (failed_at, _) = run_all(&dir, &plan).await.unwrap_err();
    assert_eq!(failed_at, 2);
    passkey.assert_async().await;
    soft.assert_async().await;
    destroy_fails.assert_async().await;

    // Soft-deleted now, without passkeys: only the destroy is left.
    listed.delete_async().await;
    deleted.delete_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/users");
            then.status(200).json_body(sendauth_page(vec![]));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/users/deleted");
            then.status(200)
                .json_body(sendauth_page(vec![sendauth_user(3, ADA, false)]));
        })
        .await;
    let again = dir.plan_offboard(&ada(), &opts).await.unwrap();
    assert_eq!(again.steps, plan.steps[2..]);
    assert_eq!(
        actions(&again.already_done),
        [Action::RemovePasskeys, Action::Deactivate]
    );

    // Destroyed meanwhile by someone else: 404, done.
    destroy_fails.delete_async().await;
    server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("/api/v1/users/deleted/{id}"));
            then.status(404);
        })
        .await;
    let done = dir.run(&again.steps[0]).await.unwrap();
    assert!(done.gone);
}

#[tokio::test]
async fn circuit_plan_says_it_cannot_offboard() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path_includes("/getUserByEmail");
            then.status(200)
                .json_body(circuit_user("ci-1", ADA, "ACTIVE"));
        })
        .await;
    let dir = circuit(&server.base_url());
    let plan = dir
        .plan_offboard(&ada(), &OffboardOptions::new().delete(true))
        .await
        .unwrap();
    assert_eq!(plan.provider, Provider::Circuit);
    assert_eq!(plan.targets.len(), 1);
    assert!(plan.steps.is_empty());
    assert!(
        plan.cannot
            .iter()
            .any(|c| c.contains("Circuit cannot offboard")),
        "{:?}",
        plan.cannot
    );
    assert!(plan.to_string().contains("cannot: Circuit cannot offboard"));
    let caps = dir.capabilities();
    assert!(caps.find_by_email.is_yes());
    assert!(!caps.deactivate.is_yes() && !caps.delete.is_yes() && !caps.list.is_yes());
}

#[tokio::test]
async fn a_step_runs_only_against_its_own_provider() {
    let server = MockServer::start_async().await;
    kratos_state(&server, "active", false, false).await;
    let plan = kratos(&server.base_url())
        .plan_offboard(&ada(), &OffboardOptions::default())
        .await
        .unwrap();
    let err = circuit(&server.base_url())
        .run(&plan.steps[0])
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        PeopleError::WrongProvider {
            step: Provider::Kratos,
            directory: Provider::Circuit
        }
    ));
}

#[tokio::test]
async fn a_deactivation_the_server_did_not_apply_is_an_error() {
    let server = MockServer::start_async().await;
    kratos_state(&server, "active", false, false).await;
    server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("/admin/identities/{}", uuid(1)));
            // Taken, and ignored.
            then.status(200)
                .json_body(kratos_identity(1, ADA, "active", &["password"]));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v2/users/search");
            then.status(200)
                .json_body(purecloud_search_page(vec![purecloud_user(
                    "pc-1", ADA, "active", 1,
                )]));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(PATCH).path("/api/v2/users/pc-1");
            then.status(200)
                .json_body(purecloud_user("pc-1", ADA, "active", 2));
        })
        .await;
    for dir in [kratos(&server.base_url()), purecloud(&server.base_url())] {
        let plan = dir
            .plan_offboard(&ada(), &OffboardOptions::default())
            .await
            .unwrap();
        let step = &plan.steps[0];
        assert_eq!(step.action, Action::Deactivate);
        let err = dir.run(step).await.unwrap_err();
        assert!(
            matches!(err, PeopleError::NotApplied { .. }),
            "{}: {err}",
            dir.provider()
        );
    }
}
