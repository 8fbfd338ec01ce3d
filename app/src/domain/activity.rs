//! Who else is on a case right now (viewing it, typing on it): ephemeral
//! activity, never stored, and the board each browser keeps of it.

use super::ids::{CaseId, UserId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

named_enum!(
    /// What a person is doing on a case.
    Doing {
        Viewing => "viewing", Typing => "typing", Left => "left",
    }
);

/// A browser repeats "viewing" this often while the case is open.
pub const VIEWING_REFRESH_MS: i64 = 15_000;
/// "Viewing" not repeated for this long is forgotten (a closed laptop, a lost socket).
pub const VIEWING_TTL_MS: i64 = 40_000;
/// A browser sends "typing" at most this often while the person types.
pub const TYPING_THROTTLE_MS: i64 = 2_000;
/// "Typing" not repeated for this long means they stopped.
pub const TYPING_TTL_MS: i64 = 6_000;

/// One person's activity on one case, as the server relays it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub case_id: CaseId,
    pub user_id: UserId,
    pub name: String,
    pub doing: Doing,
}

/// What the browser shows of one colleague on the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Colleague {
    pub user_id: UserId,
    pub name: String,
    pub typing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    name: String,
    viewing_until: i64,
    typing_until: i64,
}

/// The colleagues on one case, as activity arrives (browser clock, milliseconds).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityBoard {
    people: BTreeMap<UserId, Seen>,
}

impl ActivityBoard {
    /// Takes in one relayed activity, heard at `now`. Answers whether it is
    /// someone who was not on the case: they do not know about us yet either,
    /// so the browser tells them.
    pub fn apply(&mut self, a: &Activity, now: i64) -> bool {
        if a.doing == Doing::Left {
            self.people.remove(&a.user_id);
            return false;
        }
        let arrived = self
            .people
            .get(&a.user_id)
            .is_none_or(|s| s.viewing_until <= now);
        let seen = self.people.entry(a.user_id).or_insert_with(|| Seen {
            name: a.name.clone(),
            viewing_until: 0,
            typing_until: 0,
        });
        seen.name = a.name.clone();
        // Typing on a case means being on it.
        seen.viewing_until = now + VIEWING_TTL_MS;
        if a.doing == Doing::Typing {
            seen.typing_until = now + TYPING_TTL_MS;
        }
        arrived
    }

    /// Who is on the case at `now`, by name.
    pub fn colleagues(&self, now: i64) -> Vec<Colleague> {
        let mut out: Vec<Colleague> = self
            .people
            .iter()
            .filter(|(_, s)| s.viewing_until > now)
            .map(|(id, s)| Colleague {
                user_id: *id,
                name: s.name.clone(),
                typing: s.typing_until > now,
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name).then(a.user_id.cmp(&b.user_id)));
        out
    }

    /// The names of those typing at `now`: sending a reply now may cross theirs.
    pub fn typing(&self, now: i64) -> Vec<String> {
        self.colleagues(now)
            .into_iter()
            .filter(|c| c.typing)
            .map(|c| c.name)
            .collect()
    }
}

/// "Leo", "Leo and Sofia", "Leo, Sofia and Ken".
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(user: i64, name: &str, doing: Doing) -> Activity {
        Activity {
            case_id: CaseId(1),
            user_id: UserId(user),
            name: name.into(),
            doing,
        }
    }

    #[test]
    fn viewing_lasts_until_refreshed_or_left() {
        let mut b = ActivityBoard::default();
        assert!(b.apply(&act(2, "Leo", Doing::Viewing), 0), "Leo arrives");
        assert!(!b.apply(&act(2, "Leo", Doing::Viewing), 500), "and stays");
        b.apply(&act(3, "Ken", Doing::Viewing), 1_000);
        let names = |b: &ActivityBoard, now| {
            b.colleagues(now)
                .into_iter()
                .map(|c| c.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&b, 1_000), ["Ken", "Leo"]);
        assert_eq!(
            names(&b, VIEWING_TTL_MS + 500),
            ["Ken"],
            "Leo's viewing expired"
        );
        b.apply(&act(3, "Ken", Doing::Left), 2_000);
        assert!(names(&b, 2_000).iter().all(|n| n != "Ken"));
        // A refresh keeps someone on; after leaving, they arrive anew.
        assert!(!b.apply(&act(2, "Leo", Doing::Viewing), VIEWING_TTL_MS - 1));
        assert!(b.apply(&act(3, "Ken", Doing::Typing), 3_000), "Ken is back");
        assert_eq!(names(&b, VIEWING_TTL_MS + 500), ["Ken", "Leo"]);
    }

    #[test]
    fn typing_shows_briefly_and_means_viewing() {
        let mut b = ActivityBoard::default();
        b.apply(&act(2, "Leo", Doing::Typing), 10_000);
        assert_eq!(b.typing(10_001), ["Leo"]);
        assert!(b.colleagues(10_001)[0].typing);
        assert!(
            b.typing(10_000 + TYPING_TTL_MS).is_empty(),
            "stopped typing"
        );
        assert_eq!(
            b.colleagues(10_000 + TYPING_TTL_MS).len(),
            1,
            "still viewing"
        );
    }

    #[test]
    fn names_join_like_a_sentence() {
        let n = |v: &[&str]| join_names(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(n(&[]), "");
        assert_eq!(n(&["Leo"]), "Leo");
        assert_eq!(n(&["Leo", "Ken"]), "Leo and Ken");
        assert_eq!(n(&["Leo", "Ken", "Sofia"]), "Leo, Ken and Sofia");
    }

    #[test]
    fn activity_has_a_stable_json_shape() {
        let json = serde_json::to_value(act(2, "Leo", Doing::Typing)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"case_id": 1, "user_id": 2, "name": "Leo", "doing": "typing"})
        );
    }
}
