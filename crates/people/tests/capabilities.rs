//! The capability table of the crate docs says what `Provider::capabilities` says.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use userapi_people::{Provider, Support};

const DOCS: &str = include_str!("../src/lib.rs");

/// The cells of the docs table row of `name`, after the provider column.
fn row(name: &str) -> Vec<String> {
    let line = DOCS
        .lines()
        .find(|l| l.starts_with(&format!("//! | {name} |")))
        .unwrap_or_else(|| panic!("no row for {name} in the crate docs"));
    line.trim_start_matches("//! ")
        .trim_matches('|')
        .split(" | ")
        .skip(1)
        .map(|c| c.trim().to_string())
        .collect()
}

#[test]
fn the_docs_table_matches_the_code() {
    let names = [
        (Provider::Kratos, "Kratos"),
        (Provider::PureCloud, "PureCloud"),
        (Provider::SendAuth, "SendAuth"),
        (Provider::Circuit, "Circuit"),
        (Provider::PingOne, "PingOne"),
    ];
    for (provider, name) in names {
        let c = provider.capabilities();
        // The docs' column order.
        let code = [
            c.find_by_email,
            c.list,
            c.deactivate,
            c.revoke_sessions,
            c.remove_passkeys,
            c.delete,
        ];
        let cells = row(name);
        assert_eq!(cells.len(), code.len(), "{name}: {cells:?}");
        for (cell, support) in cells.iter().zip(code) {
            match support {
                Support::Yes { operation } => assert!(
                    cell.contains(&format!("`{operation}`")),
                    "{name}: the docs say {cell:?}, the code {operation}"
                ),
                Support::No { .. } => {
                    assert!(
                        cell.starts_with("no"),
                        "{name}: the docs say {cell:?}, the code no"
                    )
                }
                _ => panic!("a new kind of support"),
            }
        }
    }
}

#[test]
fn provider_names_round_trip() {
    for p in Provider::ALL {
        assert_eq!(p.to_string().parse::<Provider>().unwrap(), p);
        assert_eq!(
            format!(" {} ", p.to_string().to_uppercase())
                .parse::<Provider>()
                .unwrap(),
            p
        );
    }
    assert!("okta".parse::<Provider>().is_err());
}
