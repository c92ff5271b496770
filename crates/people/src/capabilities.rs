//! The capability table: which generated operation does what, per provider, and why not where
//! there is none. The crate docs show the same table; a test checks every `Yes` names a
//! builder the library really calls.

use crate::{Capabilities, Provider, Support};

const fn yes(operation: &'static str) -> Support {
    Support::Yes { operation }
}

const fn no(why: &'static str) -> Support {
    Support::No { why }
}

const KRATOS: Capabilities = Capabilities {
    find_by_email: yes("list_identities"),
    list: yes("list_identities"),
    deactivate: yes("patch_identity"),
    revoke_sessions: yes("delete_identity_sessions"),
    delete: yes("delete_identity"),
    remove_passkeys: yes("delete_identity_credentials"),
};

const PURECLOUD: Capabilities = Capabilities {
    find_by_email: yes("search_users"),
    list: yes("get_users"),
    deactivate: yes("patch_user"),
    revoke_sessions: no("the users API has no session or token operation"),
    delete: yes("delete_user"),
    remove_passkeys: no("the users API has no passkey or credential operation"),
};

const SENDAUTH: Capabilities = Capabilities {
    find_by_email: yes("list_users"),
    list: yes("list_users"),
    deactivate: yes("delete_user"),
    revoke_sessions: no("the users API has no session operation"),
    delete: yes("destroy_user"),
    remove_passkeys: yes("remove_user_passkey"),
};

const CIRCUIT_READ_ONLY: &str =
    "the users API has no operation that changes a user (only the caller's own presence)";

const CIRCUIT: Capabilities = Capabilities {
    find_by_email: yes("get_user_by_email_address"),
    list: no("the users API only searches by name or id; it cannot list every user"),
    deactivate: no(CIRCUIT_READ_ONLY),
    revoke_sessions: no(CIRCUIT_READ_ONLY),
    delete: no(CIRCUIT_READ_ONLY),
    remove_passkeys: no(CIRCUIT_READ_ONLY),
};

const PINGONE_NONE: &str = "the PingOne API here is identity verification only: verify transactions \
     of a user id already known, no user records";

const PINGONE: Capabilities = Capabilities {
    find_by_email: no(PINGONE_NONE),
    list: no(PINGONE_NONE),
    deactivate: no(PINGONE_NONE),
    revoke_sessions: no(PINGONE_NONE),
    delete: no(PINGONE_NONE),
    remove_passkeys: no(PINGONE_NONE),
};

pub(crate) fn of(provider: Provider) -> Capabilities {
    match provider {
        Provider::Kratos => KRATOS,
        Provider::PureCloud => PURECLOUD,
        Provider::SendAuth => SENDAUTH,
        Provider::Circuit => CIRCUIT,
        Provider::PingOne => PINGONE,
    }
}

/// The `why` of a `No` for one of the names [`PeopleError::Unsupported`](crate::PeopleError)
/// uses.
pub(crate) fn why_not(provider: Provider, what: &str) -> Option<&'static str> {
    let c = of(provider);
    let support = match what {
        "find" => c.find_by_email,
        "list" => c.list,
        "deactivate" => c.deactivate,
        "revoke sessions" => c.revoke_sessions,
        "delete" => c.delete,
        "remove passkeys" => c.remove_passkeys,
        _ => return None,
    };
    match support {
        Support::No { why } => Some(why),
        Support::Yes { .. } => None,
    }
}
