//! One provider's people behind one type.

use futures_util::stream::{BoxStream, Stream};

use crate::{
    Capabilities, Done, Email, OffboardOptions, PeopleError, Person, Plan, Provider, Step,
};

/// A provider's client seen as a directory of people. Made with `From` on the provider
/// crate's `Client`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Directory {
    /// Ory Kratos identities.
    #[cfg(feature = "kratos")]
    Kratos(userapi_kratos::Client),
    /// PureCloud users.
    #[cfg(feature = "purecloud")]
    PureCloud(userapi_purecloud::Client),
    /// SendAuth users.
    #[cfg(feature = "sendauth")]
    SendAuth(userapi_sendauth::Client),
    /// Circuit users (lookup only).
    #[cfg(feature = "circuit")]
    Circuit(userapi_circuit::Client),
}

#[cfg(feature = "kratos")]
impl From<userapi_kratos::Client> for Directory {
    fn from(client: userapi_kratos::Client) -> Self {
        Directory::Kratos(client)
    }
}

#[cfg(feature = "purecloud")]
impl From<userapi_purecloud::Client> for Directory {
    fn from(client: userapi_purecloud::Client) -> Self {
        Directory::PureCloud(client)
    }
}

#[cfg(feature = "sendauth")]
impl From<userapi_sendauth::Client> for Directory {
    fn from(client: userapi_sendauth::Client) -> Self {
        Directory::SendAuth(client)
    }
}

#[cfg(feature = "circuit")]
impl From<userapi_circuit::Client> for Directory {
    fn from(client: userapi_circuit::Client) -> Self {
        Directory::Circuit(client)
    }
}

impl Directory {
    /// The provider.
    pub fn provider(&self) -> Provider {
        match self {
            #[cfg(feature = "kratos")]
            Directory::Kratos(_) => Provider::Kratos,
            #[cfg(feature = "purecloud")]
            Directory::PureCloud(_) => Provider::PureCloud,
            #[cfg(feature = "sendauth")]
            Directory::SendAuth(_) => Provider::SendAuth,
            #[cfg(feature = "circuit")]
            Directory::Circuit(_) => Provider::Circuit,
        }
    }

    /// What the provider can do (the same as [`Provider::capabilities`]).
    pub fn capabilities(&self) -> Capabilities {
        self.provider().capabilities()
    }

    /// The people with this email address (exact match after normalising both sides: a
    /// `+tag` must match too). Empty when none.
    pub async fn find(&self, email: &Email) -> Result<Vec<Person>, PeopleError> {
        match self {
            #[cfg(feature = "kratos")]
            Directory::Kratos(c) => crate::kratos::find(c, email).await,
            #[cfg(feature = "purecloud")]
            Directory::PureCloud(c) => crate::purecloud::find(c, email).await,
            #[cfg(feature = "sendauth")]
            Directory::SendAuth(c) => crate::sendauth::find(c, email).await,
            #[cfg(feature = "circuit")]
            Directory::Circuit(c) => crate::circuit::find(c, email).await,
        }
    }

    /// Everyone, fetched page by page as the stream is read (one page in memory at a time).
    /// Circuit yields one [`PeopleError::Unsupported`].
    pub fn list(&self) -> impl Stream<Item = Result<Person, PeopleError>> + Send + '_ {
        let s: BoxStream<'_, Result<Person, PeopleError>> = match self {
            #[cfg(feature = "kratos")]
            Directory::Kratos(c) => crate::kratos::list(c),
            #[cfg(feature = "purecloud")]
            Directory::PureCloud(c) => crate::purecloud::list(c),
            #[cfg(feature = "sendauth")]
            Directory::SendAuth(c) => crate::sendauth::list(c),
            #[cfg(feature = "circuit")]
            Directory::Circuit(_) => Box::pin(futures_util::stream::iter([Err(
                PeopleError::Unsupported {
                    provider: Provider::Circuit,
                    what: "list",
                },
            )])),
        };
        s
    }

    /// What offboarding `email` here takes, from the provider's current state: only lookups
    /// are sent. Steps already done go to `already_done`, so planning again after some steps
    /// ran gives exactly the ones left.
    pub async fn plan_offboard(
        &self,
        email: &Email,
        opts: &OffboardOptions,
    ) -> Result<Plan, PeopleError> {
        match self {
            #[cfg(feature = "kratos")]
            Directory::Kratos(c) => crate::kratos::plan(c, email, opts).await,
            #[cfg(feature = "purecloud")]
            Directory::PureCloud(c) => crate::purecloud::plan(c, email, opts).await,
            #[cfg(feature = "sendauth")]
            Directory::SendAuth(c) => crate::sendauth::plan(c, email, opts).await,
            #[cfg(feature = "circuit")]
            Directory::Circuit(c) => crate::circuit::plan(c, email, opts).await,
        }
    }

    /// Runs one step: one call. A 404 on revoke, passkey removal or delete is
    /// [`Done`] with `gone` set: the target was already gone.
    pub async fn run(&self, step: &Step) -> Result<Done, PeopleError> {
        if step.provider != self.provider() {
            return Err(PeopleError::WrongProvider {
                step: step.provider,
                directory: self.provider(),
            });
        }
        match self {
            #[cfg(feature = "kratos")]
            Directory::Kratos(c) => crate::kratos::run(c, step).await,
            #[cfg(feature = "purecloud")]
            Directory::PureCloud(c) => crate::purecloud::run(c, step).await,
            #[cfg(feature = "sendauth")]
            Directory::SendAuth(c) => crate::sendauth::run(c, step).await,
            #[cfg(feature = "circuit")]
            Directory::Circuit(_) => Err(PeopleError::Unsupported {
                provider: Provider::Circuit,
                what: "offboard",
            }),
        }
    }
}

/// [`Directory::find`] on every directory at once (concurrently), each result in the
/// directories' order: one provider down or failing is its own `Err`, the others still answer.
pub async fn find_all(
    directories: &[Directory],
    email: &Email,
) -> Vec<(Provider, Result<Vec<Person>, PeopleError>)> {
    let finds = directories
        .iter()
        .map(|d| async move { (d.provider(), d.find(email).await) });
    futures_util::future::join_all(finds).await
}
