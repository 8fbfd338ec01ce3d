//! Typed identifiers, so a case id can never be passed where a user id is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    )*};
}

id_type!(
    /// A user of the desk: agent, supervisor or admin.
    UserId,
    /// A support case.
    CaseId,
    /// A customer of the company.
    CustomerId,
    /// A team's queue.
    QueueId,
    /// One entry on a case's timeline.
    EntryId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_serialise_as_bare_numbers_and_parse_back() {
        assert_eq!(serde_json::to_string(&CaseId(42)).unwrap(), "42");
        assert_eq!("17".parse::<QueueId>().unwrap(), QueueId(17));
        assert!("x".parse::<UserId>().is_err());
    }
}
